package view

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"flightplan/planner"
)

// WritePlanJSON writes the plan's documented, versioned JSON encoding
// (docs/plan-json.md) for machines: the same encoding as a saved plan file
// but without each change's "desired" state (templates and parameter values
// are for apply, not for reading), and with every sensitive value replaced
// by "(sensitive)" wherever it appears in a string.
func WritePlanJSON(w io.Writer, p *planner.Plan) error {
	raw, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return err
	}
	changes, _ := doc["changes"].([]any)
	for _, c := range changes {
		if m, ok := c.(map[string]any); ok {
			delete(m, "desired")
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(redactValue(doc, p.Sensitive)); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// redactValue replaces the sensitive values inside every string of a
// decoded JSON document (keys included), so the output stays valid JSON.
func redactValue(v any, secrets []string) any {
	switch v := v.(type) {
	case string:
		return redactString(v, secrets)
	case []any:
		for i := range v {
			v[i] = redactValue(v[i], secrets)
		}
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[redactString(k, secrets)] = redactValue(x, secrets)
		}
		return out
	}
	return v
}

func redactString(s string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, sensitive)
		}
	}
	return s
}
