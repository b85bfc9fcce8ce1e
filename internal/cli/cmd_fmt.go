package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"flightplan/lang"
	"flightplan/view"
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
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &fmtArgs{}
			fs.BoolVar(&a.Check, "check", false, "change nothing; list unformatted files and exit 3 if there are any")
			fs.BoolVar(&a.Diff, "diff", false, "print the changes as a diff")
			return func(e *env, args []string) (int, error) { return runFmt(e, a, args) }
		},
	}
}

// runFmt formats every file, going on past a file it cannot format; the
// exit code is the highest of the files' codes.
func runFmt(e *env, a *fmtArgs, args []string) (int, error) {
	if len(args) == 0 {
		args = []string{e.g.File}
	}
	if len(args) == 1 && args[0] == "-" {
		return fmtStdin(e)
	}
	files, err := fmtFiles(args)
	if err != nil {
		return exitError, err
	}
	code, errs := exitOK, []error(nil)
	for _, f := range files {
		c, err := fmtFile(e, a, f)
		code = max(code, c)
		errs = append(errs, err)
	}
	return code, errors.Join(errs...)
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

func fmtStdin(e *env) (int, error) {
	src, err := io.ReadAll(e.stdin)
	if err != nil {
		return exitError, fmt.Errorf("reading standard input: %w", err)
	}
	out, diags := lang.Format(src, "<stdin>")
	if diags.HasErrors() {
		return exitError, &view.DiagnosticsError{Files: map[string][]byte{"<stdin>": src}, Diagnostics: diags}
	}
	_ = view.WriteFormattedSource(e.stdout, out)
	return exitOK, nil
}

// fmtFile formats one file: exitUnformatted when --check finds it
// unformatted.
func fmtFile(e *env, a *fmtArgs, name string) (int, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return exitError, err
	}
	out, diags := lang.Format(src, name)
	if diags.HasErrors() {
		return exitError, &view.DiagnosticsError{Files: map[string][]byte{name: src}, Diagnostics: diags}
	}
	if bytes.Equal(src, out) {
		return exitOK, nil
	}
	if a.Diff {
		_ = view.WriteFormatDiff(e.stdout, name, string(src), string(out))
	}
	if a.Check {
		_ = view.WriteFormattedName(e.stdout, name)
		return exitUnformatted, nil
	}
	if err := os.WriteFile(name, out, 0o644); err != nil {
		return exitError, err
	}
	if !a.Diff {
		_ = view.WriteFormattedName(e.stdout, name)
	}
	return exitOK, nil
}
