package cli

import (
	"fmt"

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
		setup: func(fs *pflag.FlagSet) func(*env, []string) int {
			a := &validateArgs{}
			fs.BoolVar(&a.JSON, "json", false, "print the diagnostics as JSON (with source ranges)")
			return func(e *env, args []string) int { return runValidate(e, a) }
		},
	}
}

func runValidate(e *env, a *validateArgs) int {
	cfg, files, diags := lang.LoadFiles(lang.Options{File: e.g.File, Vars: e.g.Vars, VarFiles: e.g.VarFiles, Environ: e.environ})
	if a.JSON {
		out, err := view.DiagnosticsJSON(diags)
		if err != nil {
			fmt.Fprintf(e.stderr, "Error: %v\n", err)
			return exitError
		}
		fmt.Fprintf(e.stdout, "%s\n", out)
	} else {
		e.writeDiags(files, diags)
	}
	if diags.HasErrors() {
		return exitError
	}
	if !a.JSON {
		fmt.Fprintf(e.stdout, "The configuration is valid: app %q, %s, %s, %s.\n", cfg.App.Name,
			plural(len(cfg.Environments), "environment"), plural(len(cfg.Workloads), "workload"), plural(len(cfg.Pipelines), "pipeline"))
	}
	return exitOK
}

// plural writes "1 environment" or "3 environments".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
