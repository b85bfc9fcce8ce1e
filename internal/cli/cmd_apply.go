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
		usage:   "flightplan apply [PLAN-FILE] [--auto-approve] [--parallelism N] [--target ADDR]... [--lock-timeout D] [--no-rollback] [--revert-drift]",
		example: "  flightplan apply                        # plan, show, ask, apply\n  flightplan plan --out p.plan && flightplan apply p.plan\n  flightplan --sim .sim apply --auto-approve",
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &applyArgs{}
			addPlanInputFlags(fs, &a.planInput)
			addApplyInputFlags(fs, &a.applyInput)
			addModeFlags(fs, &a.applyInput)
			return func(e *env, args []string) (int, error) { return runApply(e, a, args) }
		},
	}
}

// runApply applies a saved plan, or plans, shows the plan and asks for
// "yes" before applying it.
func runApply(e *env, a *applyArgs, args []string) (int, error) {
	if len(args) > 1 {
		return exitError, fmt.Errorf("apply takes at most one plan file, got %d arguments", len(args))
	}
	e.intr.markReadOnly() // until execute
	s, err := e.open(a.planInput)
	if err != nil {
		return exitError, err
	}
	defer s.close()
	if len(args) == 1 {
		if a.RevertDrift {
			return exitError, fmt.Errorf("--revert-drift cannot apply a saved plan: the plan must show what it reverts; run flightplan apply --revert-drift without a plan file")
		}
		p, err := e.savedPlan(s, args[0], a.planInput)
		if err != nil {
			return exitError, err
		}
		return e.execute(s, p, a.planInput, a.applyInput, false), nil
	}
	p, err := e.plan(s, a.planInput)
	if err != nil {
		return exitError, err
	}
	if a.RevertDrift {
		if err := e.revertDrift(s, p, a.planInput); err != nil {
			return exitError, err
		}
	}
	if err := view.WritePlan(e.stdout, p, e.color(e.stdout)); err != nil {
		return exitError, err
	}
	if !p.HasChanges() {
		return exitOK, unsettledError(p)
	}
	if !a.AutoApprove && !e.confirm("Do you want to apply these changes to application "+p.App+"? Only 'yes' is accepted.", "yes") {
		_ = view.WriteApplyCancelled(e.stderr)
		return exitError, nil
	}
	return e.execute(s, p, a.planInput, a.applyInput, false), nil
}

// unsettledError is the error of an apply that has nothing to apply while
// stacks are in progress or failed (the plan shown lists them and says
// what each needs): the infrastructure does not match the file, so the
// apply must not look like a success. Nil when every stack is at rest.
func unsettledError(p *planner.Plan) error {
	n := len(p.Unsettled())
	if n == 0 {
		return nil
	}
	return fmt.Errorf("nothing was applied, but %d %s in progress or failed (see the plan above): "+
		"the infrastructure does not match the configuration until %s at rest", n, pluralize(n, "stack is", "stacks are"), pluralize(n, "it is", "they are"))
}

func pluralize(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
