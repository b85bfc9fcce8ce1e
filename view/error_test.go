package view

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWriteError(t *testing.T) {
	var diagText strings.Builder
	_ = WriteDiagnostics(&diagText, testSrc, testDiags, false, 0)
	for name, tc := range map[string]struct {
		err  error
		want string
	}{
		"plain": {errors.New("--parallelism must be at least 1, got 0"), "Error: --parallelism must be at least 1, got 0\n"},
		"wrapped hint": {
			fmt.Errorf("wrapped: %w", WithHint(errors.New("unknown flag: --x"), "Run 'flightplan plan --help' for its flags.\n")),
			"Error: wrapped: unknown flag: --x\n\nRun 'flightplan plan --help' for its flags.\n",
		},
		"diagnostics with snippets": {
			fmt.Errorf("loading: %w", &DiagnosticsError{Files: testSrc, Diagnostics: testDiags}),
			diagText.String(),
		},
		"joined, each in turn": {
			errors.Join(errors.New("one"), nil, &DiagnosticsError{Files: testSrc, Diagnostics: testDiags}, errors.New("two")),
			"Error: one\n" + diagText.String() + "Error: two\n",
		},
	} {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			if err := WriteError(&b, tc.err, false); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, b.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteFormatDiff(t *testing.T) {
	var b strings.Builder
	_ = WriteFormatDiff(&b, "f.hcl", "a {\nx=1\n}\n", "a {\n  x = 1\n}\n")
	want := "--- f.hcl\n+++ f.hcl (formatted)\n+  x = 1\n-x=1\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
