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
	tests := map[string]struct {
		before, after, want string
	}{
		"one line changed, context around it": {
			before: "a {\nx=1\n}\n\nb {}\n",
			after:  "a {\n  x = 1\n}\n\nb {}\n",
			want:   "--- f.hcl\n+++ f.hcl\n@@ -1,5 +1,5 @@\n a {\n-x=1\n+  x = 1\n }\n \n b {}\n",
		},
		"two hunks far apart": {
			before: "x=1\n1\n2\n3\n4\n5\n6\n7\n8\ny=2\n",
			after:  "x = 1\n1\n2\n3\n4\n5\n6\n7\n8\ny = 2\n",
			want: "--- f.hcl\n+++ f.hcl\n@@ -1,4 +1,4 @@\n-x=1\n+x = 1\n 1\n 2\n 3\n" +
				"@@ -7,4 +7,4 @@\n 6\n 7\n 8\n-y=2\n+y = 2\n",
		},
		"already formatted": {before: "a {}\n", after: "a {}\n", want: ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			if err := WriteFormatDiff(&b, "f.hcl", tc.before, tc.after); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, b.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
