package view

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
)

var testSrc = map[string][]byte{"f.hcl": []byte("service \"api\" {\n  port  = 70000\n}\n")}

var testDiags = hcl.Diagnostics{
	{
		Severity: hcl.DiagError,
		Summary:  "Invalid port",
		Detail:   "Use a port between 1 and 65535.",
		Subject: &hcl.Range{Filename: "f.hcl",
			Start: hcl.Pos{Line: 2, Column: 11, Byte: 26}, End: hcl.Pos{Line: 2, Column: 16, Byte: 31}},
	},
	{Severity: hcl.DiagWarning, Summary: "No range", Detail: "Nothing to show."},
}

func TestWriteDiagnostics(t *testing.T) {
	for name, tc := range map[string]struct {
		color bool
		want  string
	}{
		"plain": {want: `Error: Invalid port

  on f.hcl:2:11:
  2:   port  = 70000
               ^^^^^

Use a port between 1 and 65535.

Warning: No range

Nothing to show.

`},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteDiagnostics(&buf, testSrc, testDiags, tc.color, 0); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, buf.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteDiagnosticsColorAndMissingFile(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, nil, testDiags, true, 80); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "\x1b[") || !strings.Contains(out, "on f.hcl:2:11:") || strings.Contains(out, "70000") {
		t.Errorf("unexpected output:\n%q", out)
	}
}

func TestDiagnosticsJSON(t *testing.T) {
	b, err := DiagnosticsJSON(testDiags)
	if err != nil {
		t.Fatal(err)
	}
	var got DiagnosticsDoc
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := DiagnosticsDoc{
		FormatVersion: "1", Valid: false, ErrorCount: 1, WarningCount: 1,
		Diagnostics: []DiagnosticJSON{
			{Severity: "error", Summary: "Invalid port", Detail: "Use a port between 1 and 65535.",
				Range: &RangeJSON{Filename: "f.hcl", Start: PosJSON{2, 11, 26}, End: PosJSON{2, 16, 31}}},
			{Severity: "warning", Summary: "No range", Detail: "Nothing to show."},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !bytes.Contains(b, []byte(`"format_version": "1"`)) {
		t.Errorf("missing format_version in %s", b)
	}
}

func TestDiagnosticsJSONEmpty(t *testing.T) {
	b, err := DiagnosticsJSON(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"diagnostics": []`)) || !bytes.Contains(b, []byte(`"valid": true`)) {
		t.Errorf("got %s", b)
	}
}
