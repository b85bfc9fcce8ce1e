package cli

import (
	"errors"

	"github.com/spf13/pflag"

	"flightplan/planner"
)

type showArgs struct {
	Format string
	JSON   bool
}

func showCommand() *command {
	return &command{
		name:    "show",
		summary: "Render a saved plan as text, JSON or markdown.",
		usage:   "flightplan show PLAN-FILE [--format text|json|markdown]",
		example: "  flightplan plan --out p.plan\n  flightplan show p.plan --format markdown",
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &showArgs{}
			fs.StringVar(&a.Format, "format", "text", "text, json or markdown")
			fs.BoolVar(&a.JSON, "json", false, "same as --format json")
			return func(e *env, args []string) (int, error) { return runShow(e, a, args) }
		},
	}
}

func runShow(e *env, a *showArgs, args []string) (int, error) {
	if len(args) != 1 {
		return exitError, errors.New("show needs exactly one argument: the plan file (from plan --out FILE)")
	}
	if a.JSON {
		a.Format = "json"
	}
	write, err := planWriter(a.Format, e.color(e.stdout))
	if err != nil {
		return exitError, err
	}
	p, err := planner.ReadPlanFile(args[0])
	if err != nil {
		return exitError, err
	}
	if err := write(e.stdout, p); err != nil {
		return exitError, err
	}
	return exitOK, nil
}
