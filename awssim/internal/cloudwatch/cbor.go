package cloudwatch

import (
	"net/http"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/simcore"
)

// metricAlarm is an alarm as DescribeAlarms lists it.
func metricAlarm(r *simcore.Request, res cfn.LiveResource, st alarmState) cbor.Map {
	m := cbor.Map{
		"AlarmName":             cbor.String(res.PhysicalID),
		"AlarmArn":              cbor.String("arn:aws:cloudwatch:" + r.Region + ":" + r.Account + ":alarm:" + res.PhysicalID),
		"StateValue":            cbor.String(st.Value),
		"StateReason":           cbor.String(st.Reason),
		"StateUpdatedTimestamp": timestamp(st.Since),
	}
	for _, p := range []string{"AlarmDescription", "MetricName", "Namespace", "ComparisonOperator", "Statistic"} {
		if s := str(res.Props[p]); s != "" {
			m[p] = cbor.String(s)
		}
	}
	if f, ok := res.Props["Threshold"].(float64); ok {
		m["Threshold"] = cbor.Float64(f)
	}
	if f, ok := res.Props["EvaluationPeriods"].(float64); ok {
		m["EvaluationPeriods"] = cbor.Uint(uint64(f))
	}
	return m
}

// timestamp is a time as RPC v2 CBOR sends it: tag 1, epoch seconds.
func timestamp(t time.Time) cbor.Value {
	return &cbor.Tag{ID: 1, Value: cbor.Float64(float64(t.UnixMilli()) / 1000)}
}

func writeCBOR(w http.ResponseWriter, status int, out cbor.Value) {
	w.Header().Set("Content-Type", "application/cbor")
	w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
	w.WriteHeader(status)
	_, _ = w.Write(cbor.Encode(out))
}

// writeError writes an error as RPC v2 CBOR does: __type and message.
func writeError(w http.ResponseWriter, e *simcore.APIError) {
	writeCBOR(w, e.HTTPStatus(), cbor.Map{"__type": cbor.String(e.Code), "message": cbor.String(e.Message), "Message": cbor.String(e.Message)})
}

func str(v any) string {
	switch v := v.(type) {
	case cbor.String:
		return string(v)
	case string:
		return v
	}
	return ""
}

func strs(v cbor.Value) []string {
	list, _ := v.(cbor.List)
	var out []string
	for _, e := range list {
		out = append(out, str(e))
	}
	return out
}
