package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"flightplan/lang"
)

type fmtArgs struct {
	Check bool
	Diff  bool
}

func fmtCommand() *command {
	return &command{
		name:    "fmt",
		summary: "Rewrite configuration files in the canonical format.",
		usage:   "flightplan fmt [--check] [--diff] [FILE|DIR|- ...]",
		example: "  flightplan fmt                      # the -f file (flightplan.hcl)\n  flightplan fmt --check infra/       # in CI: exit 3 and list unformatted files\n  cat x.hcl | flightplan fmt -        # format standard input to standard output",
		setup: func(fs *pflag.FlagSet) func(*env, []string) int {
			a := &fmtArgs{}
			fs.BoolVar(&a.Check, "check", false, "change nothing; list unformatted files and exit 3 if there are any")
			fs.BoolVar(&a.Diff, "diff", false, "print the changes as a diff")
			return func(e *env, args []string) int { return runFmt(e, a, args) }
		},
	}
}

func runFmt(e *env, a *fmtArgs, args []string) int {
	if len(args) == 0 {
		args = []string{e.g.File}
	}
	if len(args) == 1 && args[0] == "-" {
		return fmtStdin(e)
	}
	files, err := fmtFiles(args)
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	code := exitOK
	for _, f := range files {
		code = max(code, fmtFile(e, a, f))
	}
	return code
}

// fmtFiles expands folders into the .hcl files they hold.
func fmtFiles(args []string) ([]string, error) {
	var files []string
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", arg, pathErr(err))
		}
		if !st.IsDir() {
			files = append(files, arg)
			continue
		}
		found, _ := filepath.Glob(filepath.Join(arg, "*.hcl"))
		files = append(files, found...)
	}
	return files, nil
}

func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func fmtStdin(e *env) int {
	src, err := io.ReadAll(e.stdin)
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: reading standard input: %v\n", err)
		return exitError
	}
	out, diags := lang.Format(src, "<stdin>")
	if diags.HasErrors() {
		e.writeDiags(map[string][]byte{"<stdin>": src}, diags)
		return exitError
	}
	_, _ = e.stdout.Write(out)
	return exitOK
}

func fmtFile(e *env, a *fmtArgs, name string) int {
	src, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	out, diags := lang.Format(src, name)
	if diags.HasErrors() {
		e.writeDiags(map[string][]byte{name: src}, diags)
		return exitError
	}
	if bytes.Equal(src, out) {
		return exitOK
	}
	if a.Diff {
		fmt.Fprint(e.stdout, lineDiff(name, string(src), string(out)))
	}
	if a.Check {
		fmt.Fprintln(e.stdout, name)
		return exitUnformatt
	}
	if err := os.WriteFile(name, out, 0o644); err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	if !a.Diff {
		fmt.Fprintln(e.stdout, name)
	}
	return exitOK
}

// lineDiff is a minimal unified-style diff: formatting changes are line
// local, so a longest-common-subsequence over lines is enough.
func lineDiff(name, a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s (formatted)\n", name, name)
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			i, j = i+1, j+1
		case j < len(y) && (i == len(x) || lcs[i][j+1] >= lcs[i+1][j]):
			fmt.Fprintf(&sb, "+%s\n", y[j])
			j++
		default:
			fmt.Fprintf(&sb, "-%s\n", x[i])
			i++
		}
	}
	return sb.String()
}
