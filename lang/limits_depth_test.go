package lang

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// nestingCases are sources whose lexing is easy to get wrong: strings,
// escapes, interpolations with braces, comments holding brackets and
// quotes, heredocs, directives, and source cut short.
var nestingCases = []string{
	`x = "a$"`, `x = "a%"`, `x = "$x"`, `x = "a\"(("`, `x = "a\\"((`, "x = \"a\\\n((\"((",
	`x = "${ {a = [1]} }"`, `x = "${a} )"`, `x = "${a}}}}"`, `x = "${"${"${[1]}"}"}"`, `x = "${~ a ~}"`,
	`x = "$${a}((("`, `x = "%%{a}"`, `x = "%{ if a }(%{ endif }"`, `x = "a$%{"`, `x = "$$${a}"`,
	"# (((\nx = 1", "// [[[\r\nx = 2", "/* {{{ \" */ x = (1)", "/* (((", "x = (1 /* ) */ )", "x = 1 / 2 /(3)",
	"x = <<EOT\n  ((${a}\nEOT\ny = 1", "x = <<-EOT\n  ${[1]}\n  EOT\n", "x = 1 << 2", "x = a < b",
	"x = [\n  1 == 2 ? 3 : 4,\n  !a && b || c,\n]", "x {\n  y = -1 + 2 * 3 % 4 - 5 / 6\n}", "x = {a = 1, b = 2}",
	"x = a.b[*].c", "x = [for k, v in m : k => v if v != 1]", "x = 1e-5 + 2E+3", "x-y = a-b", "x = \"\xff((\"", "\xef\xbb\xbfx = ((1))",
	"x = \"unterminated", "x = ((((", "x = ))))((", "x = }}}{{", "x = \"${", "x = \"${a", "x = ~}", "x = \"a\r\nb\"(",
}

// exactNesting is the depth checkTokenNesting finds in src's tokens.
func exactNesting(src []byte) int {
	tokens, _ := hclsyntax.LexConfig(src, "x.hcl", hcl.InitialPos)
	depth := 0
	for checkTokenNestingLimit(tokens, depth) != nil {
		depth++
	}
	return depth
}

// checkBound checks nestingBound against the lexer's count: never below
// it, and equal to it when src has no operator byte (operators are where
// the bound may count more).
func checkBound(t *testing.T, name string, src []byte) {
	t.Helper()
	exact := exactNesting(src)
	bound, ok := nestingBound(src, 1<<30)
	if !ok {
		return
	}
	if bound < exact {
		t.Errorf("%s: nestingBound %d, below the lexer's %d\n%s", name, bound, exact, src)
	}
	if !bytes.ContainsAny(src, "+-*/%&|!=<>?") && bound != exact {
		t.Errorf("%s: without operators nestingBound is %d, the lexer's count %d\n%s", name, bound, exact, src)
	}
	// With a limit, ok only when the bound is within it.
	for _, limit := range []int{0, 1, 2, exact - 1, exact, bound} {
		if limit < 0 {
			continue
		}
		if b, ok := nestingBound(src, limit); ok && (b > limit || exact > limit) {
			t.Errorf("%s: nestingBound(limit %d) = %d, ok, exact %d", name, limit, b, exact)
		}
	}
}

// TestNestingBound checks the bound over hand-written cases, every .hcl
// file of the repository and generated files.
func TestNestingBound(t *testing.T) {
	for i, c := range nestingCases {
		checkBound(t, fmt.Sprintf("case %d", i), []byte(c))
	}
	files, _ := filepath.Glob("../testdata/*/*.hcl")
	more, _ := filepath.Glob("../testdata/*/*/*.hcl")
	files = append(files, more...)
	more, _ = filepath.Glob("testdata/*/*.hcl")
	files = append(files, more...)
	if len(files) < 20 {
		t.Fatalf("only %d .hcl files found", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkBound(t, f, src)
	}
	checkBound(t, "locals", []byte(locals("  x = "+strings.Repeat("(", MaxNesting-1)+"1"+strings.Repeat(")", MaxNesting-1))))
}

// TestNestingBoundTaken checks that a plain file, without heredocs or
// directives, takes the bound and is lexed once.
func TestNestingBoundTaken(t *testing.T) {
	src := locals(`  x = {a = [1, 2], b = "${upper("x")}"} # (`, `  y = x.a[0] == 1 ? "a" : "b"`)
	if bound, ok := nestingBound([]byte(src), MaxNesting); !ok || bound > 10 {
		t.Fatalf("nestingBound = %d, %v", bound, ok)
	}
}

// TestNestingTooDeepFound checks that a file past the limit is still
// refused, whether or not the bound follows its syntax.
func TestNestingTooDeepFound(t *testing.T) {
	for _, src := range []string{
		"x = " + strings.Repeat("(", MaxNesting+1) + "1" + strings.Repeat(")", MaxNesting+1),
		"x = <<EOT\n" + strings.Repeat("${(", MaxNesting) + "\nEOT\n",
		"x = \"" + strings.Repeat("${\"", MaxNesting/2+1) + "\"",
	} {
		if diags := checkNesting([]byte(src), "x.hcl"); findDiag(diags, "Expression nested too deeply") == nil {
			t.Errorf("not refused: %.60s…", src)
		}
	}
}

// FuzzNestingBound checks nestingBound against the lexer's count on
// arbitrary source.
func FuzzNestingBound(f *testing.F) {
	for _, c := range nestingCases {
		f.Add([]byte(c))
	}
	files, _ := filepath.Glob("../testdata/*/*/*.hcl")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil && len(src) <= maxFuzzInput {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > maxFuzzInput {
			t.Skip()
		}
		checkBound(t, "input", src)
	})
}
