package view

import (
	"bytes"
	"encoding/json"
	"io"

	"flightplan/drift"
)

// WriteDriftJSON writes the report's documented, versioned JSON encoding
// (docs/drift-json.md) for machines, with every sensitive value replaced by
// "(sensitive)" wherever it appears in a string.
func WriteDriftJSON(w io.Writer, r *drift.Report) error {
	raw, err := json.Marshal(r)
	if err != nil {
		return err
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(redactValue(doc, r.Sensitive)); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}
