package lang

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

const limitsApp = "app \"a\" {\n  account = \"111111111111\"\n  region  = \"us-east-1\"\n}\nenvironment \"e\" {}\n"

// locals is a file with one locals block holding the given lines.
func locals(lines ...string) string {
	return limitsApp + "locals {\n" + strings.Join(lines, "\n") + "\n}\n"
}

// TestLimits loads files that would exhaust memory, time or the stack
// without the limits of evaluation: each must fail with the limit's
// message at the line that crossed it.
func TestLimits(t *testing.T) {
	for name, tc := range map[string]struct {
		file, src   string
		summary     string
		line        int
		wantInError string
	}{
		"setproduct": {src: locals("  x = setproduct(range(100), range(100), range(100), range(100), range(100))"),
			summary: "Collection too large", line: 7, wantInError: "10000000000 elements"},
		"range": {src: locals("  x = range(0, 1e9, 1)"), summary: "Collection too large", line: 7, wantInError: "at most 1024"},
		"nested for over range": {src: locals("  x = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : a]]]"),
			summary: "Evaluation takes too long", line: 7, wantInError: "500000 steps"},
		"nested for filtering all": {src: locals("  x = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : a if false]]]"),
			summary: "Evaluation takes too long", line: 7},
		"nested for inside try": {src: locals("  x = try([for a in range(1000) : [for b in range(1000) : [for c in range(1000) : a]]], 1)"),
			summary: "Evaluation takes too long", line: 7},
		"doubling lists": {src: locals(doubling("[local.a%d, local.a%d]", "[1]", 20)...), summary: "Collection too large", line: 19},
		"doubling strings": {src: locals(doubling(`"${local.a%d}${local.a%d}"`, `"xxxxxxxxxxxxxxxx"`, 20)...),
			summary: "String too long", line: 24},
		"format width":         {src: locals(`  x = format("%999999999d", 1)`), summary: "String too long", line: 7},
		"indent":               {src: locals(`  x = indent(100000000, "a\nb")`), summary: "String too long", line: 7},
		"replace empty":        {src: locals(`  a = join("", [for i in range(1000) : "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"])`, `  x = replace(local.a, "", local.a)`), summary: "String too long", line: 8},
		"flat list of a local": {src: locals("  a = flatten([for i in range(10) : range(1000)])", "  x = jsonencode(["+strings.Repeat("local.a, ", 200)+"])"), summary: "Evaluation takes too long", line: 8},
		"deep parentheses":     {src: locals("  x = " + strings.Repeat("(", 10_000) + "1" + strings.Repeat(")", 10_000)), summary: "Expression nested too deeply", line: 7},
		"unary operators":      {src: locals("  x = " + strings.Repeat("!", 10_000) + "true"), summary: "Expression nested too deeply", line: 7},
		"operator chain":       {src: locals("  x = 1" + strings.Repeat(" + 1", 200)), summary: "Expression nested too deeply", line: 7},
		"nested templates":     {src: locals("  x = " + strings.Repeat(`"${`, 10_000) + "1" + strings.Repeat(`}"`, 10_000)), summary: "Expression nested too deeply", line: 7},
		"nested directives": {src: locals("  x = <<EOT\n" + strings.Repeat("%{ if true }", 200) + strings.Repeat("%{ endif }", 200) + "\nEOT"),
			summary: "Expression nested too deeply", line: 8},
		"json arrays": {file: "flightplan.hcl.json", src: `{"app": {"a": {"account": "111111111111", "region": "us-east-1"}},` + "\n" +
			`"locals": {"x": ` + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + "}}",
			summary: "Expression nested too deeply", line: 2},
		"json template": {file: "flightplan.hcl.json", src: `{"app": {"a": {"account": "111111111111", "region": "us-east-1"}},` + "\n" +
			`"locals": {"x": "${` + strings.Repeat("(", 10_000) + "1" + strings.Repeat(")", 10_000) + `}"}}`,
			summary: "Expression nested too deeply", line: 2},
		"json setproduct": {file: "flightplan.hcl.json", src: `{"app": {"a": {"account": "111111111111", "region": "us-east-1"}},` + "\n" +
			`"locals": {"x": "${setproduct(range(100), range(100), range(100))}"}}`,
			summary: "Collection too large", line: 2},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			file := tc.file
			if file == "" {
				file = "flightplan.hcl"
			}
			_, diags := Load(Options{File: writeConfig(t, file, tc.src)})
			d := findDiag(diags, tc.summary)
			if d == nil {
				t.Fatalf("no %q diagnostic in:\n%s", tc.summary, diags.Error())
			}
			if d.Subject == nil || d.Subject.Start.Line != tc.line {
				t.Errorf("%q at %v, want line %d", tc.summary, d.Subject, tc.line)
			}
			if !strings.Contains(d.Detail, tc.wantInError) {
				t.Errorf("detail %q does not mention %q", d.Detail, tc.wantInError)
			}
			if n := countDiags(diags, tc.summary); n != 1 {
				t.Errorf("%d %q diagnostics, want 1:\n%s", n, tc.summary, diags.Error())
			}
		})
	}
}

// doubling returns locals a0..an, each built from the one before it
// twice over.
func doubling(format, first string, n int) []string {
	lines := []string{"  a0 = " + first}
	for i := 1; i <= n; i++ {
		lines = append(lines, fmt.Sprintf("  a%d = "+format, i, i-1, i-1))
	}
	return lines
}

func findDiag(diags hcl.Diagnostics, summary string) *hcl.Diagnostic {
	for _, d := range diags {
		if d.Summary == summary {
			return d
		}
	}
	return nil
}

func countDiags(diags hcl.Diagnostics, summary string) int {
	n := 0
	for _, d := range diags {
		if d.Summary == summary {
			n++
		}
	}
	return n
}

// TestLimitsLeaveRealFilesAlone loads the examples, which must stay far
// from every limit.
func TestLimitsLeaveRealFilesAlone(t *testing.T) {
	files, _ := filepath.Glob("../testdata/examples/*/flightplan.hcl")
	for _, f := range files {
		l := newLoader(Options{File: f})
		l.run()
		if l.diags.HasErrors() {
			t.Fatalf("%s: %s", f, l.diags.Error())
		}
		if l.budget.steps > MaxSteps/100 {
			t.Errorf("%s takes %d steps, over a hundredth of the limit of %d", f, l.budget.steps, MaxSteps)
		}
	}
}

// TestFileLimits checks that file, templatefile and Load itself refuse
// what is not a regular file (a FIFO would block for ever) and files over
// MaxFileSize, with an error at the call.
func TestFileLimits(t *testing.T) {
	for name, tc := range map[string]struct {
		setup func(t *testing.T, dir string)
		call  string
		want  string
	}{
		"file of a fifo":         {setup: mkfifo("pipe"), call: `file("pipe")`, want: "not a regular file (it is a named pipe)"},
		"templatefile of a fifo": {setup: mkfifo("pipe"), call: `templatefile("pipe", {})`, want: "not a regular file (it is a named pipe)"},
		"file of a directory":    {setup: mkdir("sub"), call: `file("sub")`, want: "not a regular file (it is a directory)"},
		"file too large":         {setup: bigFile("big.txt"), call: `file("big.txt")`, want: fmt.Sprintf("longer than %d bytes", MaxFileSize)},
		"templatefile too large": {setup: bigFile("big.tpl"), call: `templatefile("big.tpl", {})`, want: fmt.Sprintf("longer than %d bytes", MaxFileSize)},
	} {
		t.Run(name, func(t *testing.T) {
			path := writeConfig(t, "flightplan.hcl", locals("  x = "+tc.call))
			tc.setup(t, filepath.Dir(path))
			_, diags := Load(Options{File: path})
			if !diags.HasErrors() || !strings.Contains(diags.Error(), tc.want) {
				t.Fatalf("want an error mentioning %q, got:\n%s", tc.want, diags.Error())
			}
			if d := diags[0]; d.Subject == nil || d.Subject.Start.Line != 7 {
				t.Errorf("error at %v, want line 7", d.Subject)
			}
		})
	}
}

func TestConfigFileLimits(t *testing.T) {
	dir := t.TempDir()
	mkfifo("flightplan.hcl")(t, dir)
	_, diags := Load(Options{File: filepath.Join(dir, "flightplan.hcl")})
	if !strings.Contains(diags.Error(), "not a regular file (it is a named pipe)") {
		t.Errorf("loading a FIFO: %s", diags.Error())
	}
	bigFile("flightplan.hcl.json")(t, dir)
	_, diags = Load(Options{File: filepath.Join(dir, "flightplan.hcl.json")})
	if !strings.Contains(diags.Error(), "longer than") {
		t.Errorf("loading a large file: %s", diags.Error())
	}
}

func mkfifo(name string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
}

func mkdir(name string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func bigFile(name string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, MaxFileSize+1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestNestingAllowed checks that nesting up to the limit still loads.
func TestNestingAllowed(t *testing.T) {
	src := locals("  x = " + strings.Repeat("(", MaxNesting-1) + "1" + strings.Repeat(")", MaxNesting-1))
	if _, diags := Load(Options{File: writeConfig(t, "flightplan.hcl", src)}); diags.HasErrors() {
		t.Fatal(diags.Error())
	}
}

// TestFormatRefusesDeepNesting checks that fmt does not hand a deeply
// nested file to the parser either.
func TestFormatRefusesDeepNesting(t *testing.T) {
	src := locals("  x = " + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000))
	_, diags := Format([]byte(src), "flightplan.hcl")
	if findDiag(diags, "Expression nested too deeply") == nil {
		t.Fatalf("Format: %s", diags.Error())
	}
}
