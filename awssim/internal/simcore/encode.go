package simcore

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// WriteError writes err as api's protocol (or api.WriteError) encodes
// errors. An error that is not an *APIError is an InternalFailure.
func WriteError(w http.ResponseWriter, api API, err error) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		apiErr = &APIError{Code: "InternalFailure", Message: err.Error(), Status: http.StatusInternalServerError}
	}
	if api.WriteError != nil {
		api.WriteError(w, apiErr)
		return
	}
	if api.Protocol == ProtocolJSON {
		writeJSONError(w, apiErr)
		return
	}
	writeXMLError(w, apiErr)
}

func writeJSONError(w http.ResponseWriter, e *APIError) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-RequestId", RequestID())
	w.Header().Set("X-Amzn-ErrorType", e.Code)
	w.WriteHeader(e.HTTPStatus())
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": e.Code, "message": e.Message})
}

type xmlErrorResponse struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Error   struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Error"`
	RequestID string `xml:"RequestId"`
}

func writeXMLError(w http.ResponseWriter, e *APIError) {
	var out xmlErrorResponse
	out.Error.Type = "Receiver"
	if e.Sender || e.HTTPStatus() < 500 {
		out.Error.Type = "Sender"
	}
	out.Error.Code, out.Error.Message, out.RequestID = e.Code, e.Message, RequestID()
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(e.HTTPStatus())
	_, _ = io.WriteString(w, xml.Header)
	_ = xml.NewEncoder(w).Encode(out)
}

func writeResult(w http.ResponseWriter, api API, action string, out any) {
	if api.Protocol == ProtocolJSON {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-RequestId", RequestID())
		if out == nil {
			out = struct{}{}
		}
		_ = json.NewEncoder(w).Encode(out)
		return
	}
	body, err := xml.Marshal(out)
	if out == nil || err != nil {
		body = nil
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<%sResponse xmlns="%s"><%sResult>`, action, api.XMLNS, action)
	_, _ = w.Write(stripOuterElement(body))
	fmt.Fprintf(w, `</%sResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></%sResponse>`, action, RequestID(), action)
}

// stripOuterElement drops the wrapper element that xml.Marshal writes for the
// result struct, keeping its children: handlers return plain structs whose
// fields are the children of <{Action}Result>.
func stripOuterElement(b []byte) []byte {
	s := string(b)
	open := strings.Index(s, ">")
	close := strings.LastIndex(s, "</")
	if open < 0 || close < open || strings.HasSuffix(s[:open], "/") {
		return nil
	}
	return []byte(s[open+1 : close])
}

// Epoch is a time as AWS JSON 1.1 carries it: seconds since the epoch, as a
// JSON number with millisecond precision.
type Epoch time.Time

// MarshalJSON implements json.Marshaler.
func (t Epoch) MarshalJSON() ([]byte, error) {
	ms := time.Time(t).UnixMilli()
	return json.Marshal(float64(ms) / 1000)
}
