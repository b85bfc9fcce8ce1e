package cloudwatch

import (
	"encoding/xml"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"

	"flightplan/awssim/internal/simcore"
)

// CloudWatch also answers the Query protocol, which older SDKs send (the
// AWS SDK for Go v1 that Copilot's commands use): a form-encoded Action,
// an XML answer in namespace xmlns.
const xmlns = "http://monitoring.amazonaws.com/doc/2010-08-01/"

// action names a call's action from its path (CBOR) or its form (Query).
func action(r *http.Request) string {
	if i := strings.LastIndex(r.URL.Path, operationPath); i >= 0 {
		return r.URL.Path[i+len(operationPath):]
	}
	return queryForm(r).Get("Action")
}

func queryForm(r *http.Request) url.Values {
	if err := r.ParseForm(); err == nil && len(r.PostForm) > 0 {
		return r.PostForm
	}
	return r.URL.Query()
}

// queryInput reads a Query call's parameters into the CBOR input's shape.
func queryInput(body []byte) cbor.Map {
	form, _ := url.ParseQuery(string(body))
	in := cbor.Map{}
	for _, k := range []string{"AlarmNamePrefix", "StateValue", "NextToken", "AlarmName", "StateReason"} {
		if v := form.Get(k); v != "" {
			in[k] = cbor.String(v)
		}
	}
	if n, err := strconv.Atoi(form.Get("MaxRecords")); err == nil {
		in["MaxRecords"] = cbor.Uint(uint64(max(n, 0)))
	}
	var names cbor.List
	for i := 1; form.Get("AlarmNames.member."+strconv.Itoa(i)) != ""; i++ {
		names = append(names, cbor.String(form.Get("AlarmNames.member."+strconv.Itoa(i))))
	}
	if len(names) > 0 {
		in["AlarmNames"] = names
	}
	return in
}

// serveQuery answers a Query call.
func (x *Service) serveQuery(w http.ResponseWriter, r *simcore.Request) {
	out, err := x.handle(r, queryInput(r.Body))
	if err != nil {
		simcore.WriteError(w, simcore.API{Protocol: simcore.ProtocolQuery, XMLNS: xmlns}, err)
		return
	}
	var b strings.Builder
	writeXML(&b, out)
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<%sResponse xmlns="%s"><%sResult>%s</%sResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></%sResponse>`,
		r.Action, xmlns, r.Action, b.String(), r.Action, simcore.RequestID(), r.Action)
}

// writeXML writes a CBOR value as the Query protocol's XML: a map's
// members as elements, a list's as <member>, timestamps in ISO 8601.
func writeXML(b *strings.Builder, v cbor.Value) {
	switch v := v.(type) {
	case cbor.Map:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			b.WriteString("<" + k + ">")
			writeXML(b, v[k])
			b.WriteString("</" + k + ">")
		}
	case cbor.List:
		for _, e := range v {
			b.WriteString("<member>")
			writeXML(b, e)
			b.WriteString("</member>")
		}
	case cbor.String:
		_ = xml.EscapeText(b, []byte(v))
	case cbor.Uint:
		b.WriteString(strconv.FormatUint(uint64(v), 10))
	case cbor.Float64:
		b.WriteString(strconv.FormatFloat(float64(v), 'f', -1, 64))
	case *cbor.Tag:
		if f, ok := v.Value.(cbor.Float64); ok {
			b.WriteString(time.UnixMilli(int64(float64(f) * 1000)).UTC().Format("2006-01-02T15:04:05.000Z"))
		}
	}
}
