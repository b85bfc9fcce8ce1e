package tagging

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"

	"github.com/aws/smithy-go/encoding/cbor"

	"flightplan/awssim/internal/simcore"
)

// decodeInput reads a request body, CBOR or JSON, into in.
func decodeInput(body []byte, isCBOR bool, in any) error {
	if len(body) == 0 {
		return nil
	}
	if !isCBOR {
		return json.Unmarshal(body, in)
	}
	v, err := cbor.Decode(body)
	if err != nil {
		return err
	}
	b, err := json.Marshal(fromCBOR(v))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, in)
}

// fromCBOR turns a CBOR value into what encoding/json makes of JSON.
func fromCBOR(v cbor.Value) any {
	switch v := v.(type) {
	case cbor.Map:
		out := map[string]any{}
		for k, x := range v {
			out[k] = fromCBOR(x)
		}
		return out
	case cbor.List:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = fromCBOR(x)
		}
		return out
	case cbor.String:
		return string(v)
	case cbor.Uint:
		return float64(v)
	case cbor.NegInt:
		return -float64(v)
	case cbor.Bool:
		return bool(v)
	case cbor.Float64:
		return float64(v)
	case cbor.Float32:
		return float64(v)
	}
	return nil
}

// toCBOR turns what encoding/json makes of JSON into a CBOR value.
func toCBOR(v any) cbor.Value {
	switch v := v.(type) {
	case map[string]any:
		out := cbor.Map{}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			out[k] = toCBOR(v[k])
		}
		return out
	case []any:
		out := cbor.List{}
		for _, x := range v {
			out = append(out, toCBOR(x))
		}
		return out
	case string:
		return cbor.String(v)
	case float64:
		if v >= 0 && v == float64(uint64(v)) {
			return cbor.Uint(uint64(v))
		}
		return cbor.Float64(v)
	case bool:
		return cbor.Bool(v)
	}
	return &cbor.Nil{}
}

// writeCBOR writes out, a JSON-marshalable value, as a CBOR response.
func writeCBOR(w http.ResponseWriter, status int, out any) {
	b, err := json.Marshal(out)
	var v any
	if err == nil {
		err = json.Unmarshal(b, &v)
	}
	if err != nil {
		v = map[string]any{"__type": "InternalServiceException", "message": fmt.Sprint(err)}
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/cbor")
	w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
	w.WriteHeader(status)
	_, _ = w.Write(cbor.Encode(toCBOR(v)))
}

// writeCBORError writes an error as RPC v2 CBOR does: __type, and the
// message under both spellings the SDK reads (the protocol's message, the
// error shape's Message).
func writeCBORError(w http.ResponseWriter, e *simcore.APIError) {
	writeCBOR(w, e.HTTPStatus(), map[string]any{"__type": e.Code, "message": e.Message, "Message": e.Message})
}
