package view

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// WriteDiagnostics writes diags for a person, each as
//
//	Error: Summary
//
//	  on flightplan.hcl:12:11:
//	  12:   port  = 70000
//	                ^^^^^
//
//	Detail, saying what to do.
//
// The location is file:line:column of the start of the range; the source
// lines of the range follow, with the range marked under its first line.
// files maps the file names used in the ranges to their source; a
// diagnostic whose file is missing, or that has no range, is written
// without a snippet. width wraps the detail (0: no wrapping); color adds
// ANSI colours.
func WriteDiagnostics(w io.Writer, files map[string][]byte, diags hcl.Diagnostics, color bool, width uint) error {
	var b strings.Builder
	for _, d := range diags {
		writeDiagnostic(&b, files, d, color, width)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// DiagnosticsFormatVersion is the version of the JSON that DiagnosticsJSON
// writes. It changes only when a field changes meaning or disappears.
const DiagnosticsFormatVersion = "1"

// DiagnosticsDoc is the JSON document of DiagnosticsJSON:
//
//	{
//	  "format_version": "1",
//	  "valid": false,            // no errors among the diagnostics
//	  "error_count": 1,
//	  "warning_count": 0,
//	  "diagnostics": [{
//	    "severity": "error",     // or "warning"
//	    "summary": "Invalid port",
//	    "detail": "port 0 is out of range; ...",
//	    "range": {               // absent when the problem has no place in a file
//	      "filename": "flightplan.hcl",
//	      "start": {"line": 3, "column": 10, "byte": 42},
//	      "end":   {"line": 3, "column": 11, "byte": 43}
//	    }
//	  }]
//	}
//
// Lines and columns count from 1; byte offsets from 0.
type DiagnosticsDoc struct {
	FormatVersion string           `json:"format_version"`
	Valid         bool             `json:"valid"`
	ErrorCount    int              `json:"error_count"`
	WarningCount  int              `json:"warning_count"`
	Diagnostics   []DiagnosticJSON `json:"diagnostics"`
}

// DiagnosticJSON is one diagnostic in DiagnosticsDoc.
type DiagnosticJSON struct {
	Severity string     `json:"severity"`
	Summary  string     `json:"summary"`
	Detail   string     `json:"detail,omitempty"`
	Range    *RangeJSON `json:"range,omitempty"`
}

// RangeJSON is a source range in DiagnosticJSON.
type RangeJSON struct {
	Filename string  `json:"filename"`
	Start    PosJSON `json:"start"`
	End      PosJSON `json:"end"`
}

// PosJSON is a position in a source file.
type PosJSON struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// DiagnosticsJSON encodes diags as DiagnosticsDoc, indented, with a final
// newline.
func DiagnosticsJSON(diags hcl.Diagnostics) ([]byte, error) {
	doc := DiagnosticsDoc{FormatVersion: DiagnosticsFormatVersion, Diagnostics: []DiagnosticJSON{}}
	for _, d := range diags {
		j := DiagnosticJSON{Severity: severity(d.Severity), Summary: d.Summary, Detail: d.Detail}
		if d.Subject != nil {
			j.Range = rangeJSON(*d.Subject)
		}
		if d.Severity == hcl.DiagError {
			doc.ErrorCount++
		} else {
			doc.WarningCount++
		}
		doc.Diagnostics = append(doc.Diagnostics, j)
	}
	doc.Valid = doc.ErrorCount == 0
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func severity(s hcl.DiagnosticSeverity) string {
	if s == hcl.DiagError {
		return "error"
	}
	return "warning"
}

func rangeJSON(r hcl.Range) *RangeJSON {
	return &RangeJSON{
		Filename: r.Filename,
		Start:    PosJSON{r.Start.Line, r.Start.Column, r.Start.Byte},
		End:      PosJSON{r.End.Line, r.End.Column, r.End.Byte},
	}
}
