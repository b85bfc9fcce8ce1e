package lang

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad runs the whole front end (parse, evaluate, validate) on
// arbitrary input. Load must never panic, and must return a Config exactly
// when it reports no error. The seed corpus is the examples and the invalid
// files; testdata/fuzz/FuzzLoad keeps inputs the fuzzer found interesting.
func FuzzLoad(f *testing.F) {
	for _, pattern := range []string{"../testdata/examples/*/flightplan.hcl", "../testdata/invalid/*.hcl"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		path := filepath.Join(t.TempDir(), "flightplan.hcl")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, diags := Load(Options{File: path})
		if (cfg == nil) != diags.HasErrors() {
			t.Fatalf("cfg nil = %v but HasErrors = %v", cfg == nil, diags.HasErrors())
		}
		if _, d := Format(src, path); d.HasErrors() && !diags.HasErrors() {
			t.Fatalf("Format refused a file that Load accepted: %s", d.Error())
		}
	})
}
