package main

import (
	"bytes"
	"encoding/json"
	"flightplan/awsspec/internal/specfile"
	"os"
)

// writeSpec writes spec as indented JSON. encoding/json sorts map keys, so the output is stable
// and a regeneration diff shows exactly the facts that changed.
func writeSpec(path string, spec *specfile.File) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(spec); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
