package lang

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/view"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/invalid")

// TestInvalidGolden loads every testdata/invalid/NAME.hcl and compares the
// rendered diagnostics with NAME.golden. A file whose name starts with
// "warn-" must load (warnings only); every other file must fail.
func TestInvalidGolden(t *testing.T) {
	t.Chdir("..")
	files, err := filepath.Glob("testdata/invalid/*.hcl")
	if err != nil || len(files) < 25 {
		t.Fatalf("found %d invalid examples (%v), want at least 25", len(files), err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".hcl")
		t.Run(name, func(t *testing.T) {
			cfg, srcs, diags := LoadFiles(Options{File: f})
			checkOutcome(t, name, cfg != nil, diags.HasErrors())
			var buf bytes.Buffer
			if err := view.WriteDiagnostics(&buf, srcs, diags, false, 100); err != nil {
				t.Fatal(err)
			}
			compareGolden(t, strings.TrimSuffix(f, ".hcl")+".golden", buf.Bytes())
		})
	}
}

func checkOutcome(t *testing.T, name string, loaded, failed bool) {
	t.Helper()
	warnOnly := strings.HasPrefix(name, "warn-")
	if warnOnly && (failed || !loaded) {
		t.Errorf("%s: want warnings only, got errors", name)
	}
	if !warnOnly && (!failed || loaded) {
		t.Errorf("%s: loaded without errors, want at least one", name)
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./lang -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("diagnostics differ from %s (-want +got):\n%s", path, diff)
	}
}
