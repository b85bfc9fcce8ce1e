package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"flightplan/planner"
	"flightplan/view"
)

type applyArgs struct {
	planInput
	applyInput
}

func applyCommand() *command {
	return &command{
		name:    "apply",
		summary: "Apply the changes: a saved plan, or a new plan after you confirm it.",
		usage:   "flightplan apply [PLAN-FILE] [--auto-approve] [--parallelism N] [--target ADDR]... [--lock-timeout D]",
		example: "  flightplan apply                        # plan, show, ask, apply\n  flightplan plan --out p.plan && flightplan apply p.plan\n  flightplan --sim .sim apply --auto-approve",
		setup: func(fs *pflag.FlagSet) func(*env, []string) int {
			a := &applyArgs{}
			addPlanInputFlags(fs, &a.planInput)
			addApplyInputFlags(fs, &a.applyInput)
			return func(e *env, args []string) int { return runApply(e, a, args) }
		},
	}
}

func addApplyInputFlags(fs *pflag.FlagSet, a *applyInput) {
	fs.BoolVar(&a.AutoApprove, "auto-approve", false, "do not ask for confirmation")
	fs.DurationVar(&a.LockTimeout, "lock-timeout", 0, "wait this long for another run's lock (e.g. 5m); default: fail at once")
}

func runApply(e *env, a *applyArgs, args []string) int {
	if len(args) > 1 {
		fmt.Fprintf(e.stderr, "Error: apply takes at most one plan file, got %d arguments\n", len(args))
		return exitError
	}
	s, ok := e.open(a.planInput)
	if !ok {
		return exitError
	}
	defer s.close()
	var p *planner.Plan
	if len(args) == 1 {
		p, ok = e.savedPlan(s, args[0], a.planInput)
	} else {
		p, ok = e.confirmedPlan(s, a)
	}
	if !ok {
		return exitError
	}
	if p == nil {
		return exitOK
	}
	return e.execute(s, p, a.planInput, a.applyInput, false)
}

// confirmedPlan plans, shows the plan and asks for "yes". A nil plan with
// ok means there is nothing to do.
func (e *env) confirmedPlan(s *session, a *applyArgs) (*planner.Plan, bool) {
	p, ok := e.plan(s, a.planInput)
	if !ok {
		return nil, false
	}
	if err := view.WritePlan(e.stdout, p, e.color(e.stdout)); err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return nil, false
	}
	if !p.HasChanges() {
		return nil, true
	}
	if !a.AutoApprove && !e.confirm("Do you want to apply these changes to application "+p.App+"? Only 'yes' is accepted.", "yes") {
		fmt.Fprintln(e.stderr, "Apply cancelled: nothing was changed.")
		return nil, false
	}
	return p, true
}

// savedPlan reads a plan file and refuses it if AWS or the file moved on
// since it was made.
func (e *env) savedPlan(s *session, path string, in planInput) (*planner.Plan, bool) {
	p, err := planner.ReadPlanFile(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return nil, false
	}
	if p.App != s.cfg.App.Name {
		fmt.Fprintf(e.stderr, "Error: %s is a plan for application %q, but the file declares %q\n", path, p.App, s.cfg.App.Name)
		return nil, false
	}
	state, err := planner.ReadState(e.ctx, s.provider, p.App, s.appT, s.targets, planner.ReadOptions{Parallelism: in.Parallelism})
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: reading the live state: %v\n", err)
		return nil, false
	}
	if err := planner.ReadImages(e.ctx, s.provider, p.Desired(), state, planner.ReadOptions{Parallelism: in.Parallelism}); err != nil {
		fmt.Fprintf(e.stderr, "Error: reading the images: %v\n", err)
		return nil, false
	}
	now := planner.NewFingerprint(p.Desired(), state, configHash(s.cfg), version)
	if moved := planner.CheckFingerprint(p, now); len(moved) > 0 {
		fmt.Fprintf(e.stderr, "Error: the saved plan %s is stale, because:\n", path)
		for _, m := range moved {
			fmt.Fprintf(e.stderr, "  - %s\n", m)
		}
		fmt.Fprintln(e.stderr, "Make a new plan with: flightplan plan --out "+path)
		return nil, false
	}
	p.Sensitive = append(p.Sensitive, s.cfg.Sensitive...)
	return p, true
}
