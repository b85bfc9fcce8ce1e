package stacks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flightplan/lang"
)

// TestExamples compiles every example under testdata/examples with the
// real front end. An example that compiles is compared with its golden
// rendering and validated against awsspec; one that uses features the
// compiler does not build yet must fail with only "not supported" errors,
// kept in a golden file so that each newly supported feature shows up.
func TestExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "examples", "*", "flightplan.hcl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, file := range files {
		name := filepath.Base(filepath.Dir(file))
		t.Run(name, func(t *testing.T) {
			cfg, diags := lang.Load(lang.Options{File: file})
			if diags.HasErrors() {
				t.Fatalf("load: %s", diags.Error())
			}
			golden := filepath.Join("testdata", "examples", name)
			d, err := Compile(cfg, Options{ImageTag: "abc1234"})
			if err != nil {
				checkCompileError(t, err, filepath.Join(golden, "compile-error.txt"))
				return
			}
			validateAll(t, d)
			checkGolden(t, d, golden)
		})
	}
}

func checkCompileError(t *testing.T, err error, golden string) {
	t.Helper()
	got := err.Error() + "\n"
	for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
		if !strings.Contains(line, "not supported by the compiler yet") {
			t.Errorf("compile error that is not about unsupported features: %s", line)
		}
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, rerr := os.ReadFile(golden)
	if rerr != nil {
		t.Fatalf("compile failed and there is no golden error (%v):\n%s", rerr, got)
	}
	if string(want) != got {
		t.Errorf("compile error differs from %s:\nwant:\n%s\ngot:\n%s", golden, want, got)
	}
}
