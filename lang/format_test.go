package lang

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFormat(t *testing.T) {
	for name, tc := range map[string]struct {
		in, want string
	}{
		"aligns equals": {
			in:   "app \"a\" {\naccount = \"111111111111\"\n  region=\"us-east-1\"\n}\n",
			want: "app \"a\" {\n  account = \"111111111111\"\n  region  = \"us-east-1\"\n}\n",
		},
		"already canonical": {
			in:   "locals {\n  a = 1\n}\n",
			want: "locals {\n  a = 1\n}\n",
		},
	} {
		t.Run(name, func(t *testing.T) {
			got, diags := Format([]byte(tc.in), "f.hcl")
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("Format (-want +got):\n%s", diff)
			}
			again, _ := Format(got, "f.hcl")
			if diff := cmp.Diff(string(got), string(again)); diff != "" {
				t.Errorf("Format is not idempotent (-first +second):\n%s", diff)
			}
		})
	}
}

func TestFormatRefusesBrokenInput(t *testing.T) {
	if _, diags := Format([]byte("app \"a\" {\n"), "f.hcl"); !diags.HasErrors() {
		t.Fatal("Format of an unclosed block succeeded, want an error")
	}
}

func TestExamplesAreFormatted(t *testing.T) {
	files, _ := filepath.Glob("../testdata/examples/*/flightplan.hcl")
	if len(files) < 3 {
		t.Fatalf("found %d examples, want at least 3", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(filepath.Dir(f)), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got, diags := Format(src, f)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if diff := cmp.Diff(string(src), string(got)); diff != "" {
				t.Errorf("%s is not formatted (-file +formatted):\n%s", f, diff)
			}
		})
	}
}
