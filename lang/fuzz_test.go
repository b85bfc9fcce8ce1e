package lang

import (
	"os"
	"path/filepath"
	"testing"
)

// maxFuzzInput is the largest input FuzzLoad evaluates: small inputs keep
// the fuzzer at thousands of executions a second, and every construct of
// the language fits in a few kilobytes.
const maxFuzzInput = 8 << 10

// FuzzLoad runs the whole front end (parse, evaluate, validate) on
// arbitrary input. Load must never panic, and must return a Config exactly
// when it reports no error. The seed corpus is the examples and the invalid
// files; testdata/fuzz/FuzzLoad keeps inputs the fuzzer found interesting.
// The input is loaded from memory (as the file flightplan.hcl of a folder
// holding nothing else), so that an execution does no file I/O.
func FuzzLoad(f *testing.F) {
	for _, pattern := range []string{"../testdata/examples/*/flightplan.hcl", "../testdata/invalid/*.hcl"} {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			f.Fatalf("no seed files match %s (%v)", pattern, err)
		}
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			if len(src) <= maxFuzzInput {
				f.Add(src)
			}
		}
	}
	path := filepath.Join(f.TempDir(), "flightplan.hcl")
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > maxFuzzInput {
			t.Skip()
		}
		l := newLoader(Options{File: path})
		l.runBody(l.parseSource(src, path))
		failed := l.diags.HasErrors()
		if _, d := Format(src, path); d.HasErrors() && !failed {
			t.Fatalf("Format refused a file that Load accepted: %s", d.Error())
		}
		if l.budget.steps > 2*MaxSteps+1 {
			t.Fatalf("evaluation went on to %d steps, past the limit of %d", l.budget.steps, MaxSteps)
		}
	})
}

// TestFuzzSeeds checks that FuzzLoad has its seeds: the examples and the
// invalid files, all small enough to be used.
func TestFuzzSeeds(t *testing.T) {
	for _, pattern := range []string{"../testdata/examples/*/flightplan.hcl", "../testdata/invalid/*.hcl"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if info, err := os.Stat(file); err != nil || info.Size() > maxFuzzInput {
				t.Errorf("%s is missing or over %d bytes, so FuzzLoad skips it as a seed", file, maxFuzzInput)
			}
		}
	}
}
