package lang

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var hclBlock = regexp.MustCompile("(?s)```hcl\n(.*?)```")

// TestDocsExamples loads every complete example (a fenced hcl block that
// starts with an app block) of docs/language.md, so the docs stay true, and
// checks that every hcl block is formatted.
func TestDocsExamples(t *testing.T) {
	doc, err := os.ReadFile("../docs/language.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := hclBlock.FindAllStringSubmatch(string(doc), -1)
	complete := 0
	for i, m := range blocks {
		src := m[1]
		if got, _ := Format([]byte(src), "doc.hcl"); string(got) != src {
			t.Errorf("hcl block %d of docs/language.md is not formatted:\n%s", i+1, got)
		}
		if !strings.HasPrefix(src, "app \"") {
			continue
		}
		complete++
		t.Run(strings.Fields(src)[1], func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "flightplan.hcl")
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, diags := Load(Options{File: path}); diags.HasErrors() {
				t.Errorf("example %d of docs/language.md does not load:\n%s\n%s", i+1, src, diags.Error())
			}
		})
	}
	if complete < 5 {
		t.Errorf("found %d complete examples in docs/language.md, want at least 5", complete)
	}
}

// TestDocsLimits checks that the Limits section of docs/language.md states
// the limits the code enforces.
func TestDocsLimits(t *testing.T) {
	doc, err := os.ReadFile("../docs/language.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "\n## Limits\n")
	if !ok {
		t.Fatal("docs/language.md has no Limits section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	for name, want := range map[string]string{
		"MaxFileSize":    "| " + thousands(MaxFileSize) + " bytes |",
		"MaxNesting":     "| " + thousands(MaxNesting) + " levels |",
		"MaxElements":    "| " + thousands(MaxElements) + " |",
		"maxRange":       "| " + thousands(maxRange) + " |",
		"MaxStringBytes": "| " + thousands(MaxStringBytes) + " bytes |",
		"MaxSteps":       "| " + thousands(MaxSteps) + " steps |",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("the Limits section does not state %s as %q", name, want)
		}
	}
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
