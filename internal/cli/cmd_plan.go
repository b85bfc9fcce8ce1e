package cli

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"flightplan/planner"
	"flightplan/view"
)

type planArgs struct {
	planInput
	Out              string
	JSON             bool
	Format           string
	DetailedExitcode bool
}

func planCommand() *command {
	return &command{
		name:    "plan",
		summary: "Show what apply would change: every node, resource and property, against the live state.",
		usage:   "flightplan plan [--out FILE] [--format text|json|markdown] [--detailed-exitcode] [--destroy] [--target ADDR]...",
		example: "  flightplan plan\n  flightplan plan --out release.plan && flightplan apply release.plan\n  flightplan plan --format markdown > plan.md     # a pull-request comment\n  flightplan plan --detailed-exitcode             # exit 2 when there are changes",
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &planArgs{}
			addPlanInputFlags(fs, &a.planInput)
			fs.StringVar(&a.Out, "out", "", "save the plan to FILE, for apply FILE")
			fs.BoolVar(&a.JSON, "json", false, "print the plan as JSON (same as --format json)")
			fs.StringVar(&a.Format, "format", "text", "text, json or markdown")
			fs.BoolVar(&a.DetailedExitcode, "detailed-exitcode", false, "exit 0 with no changes, 2 with changes or a stack in progress or failed, 1 on error")
			fs.BoolVar(&a.Destroy, "destroy", false, "plan what destroy would do: delete every node")
			return func(e *env, args []string) (int, error) { return runPlan(e, a) }
		},
	}
}

func runPlan(e *env, a *planArgs) (int, error) {
	e.intr.markReadOnly()
	if a.JSON {
		a.Format = "json"
	}
	write, err := planWriter(a.Format, e.color(e.stdout))
	if err != nil {
		return exitError, err
	}
	s, err := e.open(a.planInput)
	if err != nil {
		return exitError, err
	}
	defer s.close()
	p, err := e.plan(s, a.planInput)
	if err != nil {
		return exitError, err
	}
	if err := write(e.stdout, p); err != nil {
		return exitError, err
	}
	if a.Out != "" {
		if err := planner.WritePlanFile(a.Out, p); err != nil {
			return exitError, fmt.Errorf("saving the plan: %w", err)
		}
		if a.Format == "text" {
			_ = view.WritePlanSaved(e.stdout, a.Out)
		}
	}
	if a.DetailedExitcode && !p.Clean() {
		return exitChanges, nil
	}
	return exitOK, nil
}

// planWriter returns the writer of a plan in format (--format).
func planWriter(format string, color bool) (func(io.Writer, *planner.Plan) error, error) {
	switch format {
	case "text":
		return func(w io.Writer, p *planner.Plan) error { return view.WritePlan(w, p, color) }, nil
	case "json":
		return view.WritePlanJSON, nil
	case "markdown", "md":
		return view.WritePlanMarkdown, nil
	}
	return nil, fmt.Errorf("--format %q: want text, json or markdown", format)
}
