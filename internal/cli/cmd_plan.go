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
		usage:   "flightplan plan [--out FILE] [--format text|json|markdown] [--detailed-exitcode] [--target ADDR]...",
		example: "  flightplan plan\n  flightplan plan --out release.plan && flightplan apply release.plan\n  flightplan plan --format markdown > plan.md     # a pull-request comment\n  flightplan plan --detailed-exitcode             # exit 2 when there are changes",
		setup: func(fs *pflag.FlagSet) func(*env, []string) int {
			a := &planArgs{}
			addPlanInputFlags(fs, &a.planInput)
			fs.StringVar(&a.Out, "out", "", "save the plan to FILE, for apply FILE")
			fs.BoolVar(&a.JSON, "json", false, "print the plan as JSON (same as --format json)")
			fs.StringVar(&a.Format, "format", "text", "text, json or markdown")
			fs.BoolVar(&a.DetailedExitcode, "detailed-exitcode", false, "exit 0 with no changes, 2 with changes, 1 on error")
			return func(e *env, args []string) int { return runPlan(e, a) }
		},
	}
}

func addPlanInputFlags(fs *pflag.FlagSet, in *planInput) {
	fs.StringArrayVar(&in.Targets, "target", nil, "plan only this node and what it depends on (repeatable), e.g. deploy/test/api")
	fs.IntVar(&in.Parallelism, "parallelism", 10, "AWS calls and stack operations in flight at once")
	fs.StringVar(&in.ImageTag, "image-tag", "", "tag of built images (default: FLIGHTPLAN_IMAGE_TAG, the git commit, or a content hash)")
}

func runPlan(e *env, a *planArgs) int {
	if a.JSON {
		a.Format = "json"
	}
	write, ok := planWriter(a.Format, e.color(e.stdout))
	if !ok {
		fmt.Fprintf(e.stderr, "Error: --format %q: want text, json or markdown\n", a.Format)
		return exitError
	}
	s, ok := e.open(a.planInput)
	if !ok {
		return exitError
	}
	defer s.close()
	p, ok := e.plan(s, a.planInput)
	if !ok {
		return exitError
	}
	if err := write(e.stdout, p); err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	if a.Out != "" {
		if err := planner.WritePlanFile(a.Out, p); err != nil {
			fmt.Fprintf(e.stderr, "Error: saving the plan: %v\n", err)
			return exitError
		}
		if a.Format == "text" {
			fmt.Fprintf(e.stdout, "\nSaved the plan to %s. Apply exactly this plan with: flightplan apply %s\n", a.Out, a.Out)
		}
	}
	if a.DetailedExitcode && p.HasChanges() {
		return exitChanges
	}
	return exitOK
}

func planWriter(format string, color bool) (func(io.Writer, *planner.Plan) error, bool) {
	switch format {
	case "text":
		return func(w io.Writer, p *planner.Plan) error { return view.WritePlan(w, p, color) }, true
	case "json":
		return view.WritePlanJSON, true
	case "markdown", "md":
		return view.WritePlanMarkdown, true
	}
	return nil, false
}
