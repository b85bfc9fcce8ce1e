package cli

import (
	"github.com/spf13/pflag"

	"flightplan/lang"
	"flightplan/view"
)

type validateArgs struct {
	JSON bool
}

func validateCommand() *command {
	return &command{
		name:    "validate",
		summary: "Check the configuration offline: syntax, references, values and limits.",
		usage:   "flightplan [-f FILE] validate [--json]",
		example: "  flightplan -f infra/flightplan.hcl validate\n  flightplan validate --json > diagnostics.json",
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &validateArgs{}
			fs.BoolVar(&a.JSON, "json", false, "print the diagnostics as JSON (with source ranges)")
			return func(e *env, args []string) (int, error) { return runValidate(e, a) }
		},
	}
}

// runValidate shows every diagnostic, warnings included, on stderr or as
// JSON on stdout: the language's, and, when the file loads, the compiler's
// (what it cannot build, limits AWS would refuse, what a pipeline cannot
// reach), so that validate says everything plan would say before reading
// any live state.
func runValidate(e *env, a *validateArgs) (int, error) {
	e.intr.markReadOnly()
	cfg, files, diags := lang.LoadFiles(lang.Options{File: e.g.File, Vars: e.g.Vars, VarFiles: e.g.VarFiles, Environ: e.environ})
	if cfg != nil {
		diags = append(diags, e.checkCompile(cfg)...)
	}
	if a.JSON {
		if err := view.WriteDiagnosticsJSON(e.stdout, diags); err != nil {
			return exitError, err
		}
		if diags.HasErrors() {
			return exitError, nil
		}
		return exitOK, nil
	}
	if diags.HasErrors() {
		return exitError, &view.DiagnosticsError{Files: files, Diagnostics: diags}
	}
	if len(diags) > 0 {
		_ = view.WriteDiagnostics(e.stderr, files, diags, e.color(e.stderr), 0)
	}
	_ = view.WriteValid(e.stdout, cfg)
	return exitOK, nil
}
