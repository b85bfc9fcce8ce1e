package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"flightplan/view"
)

type destroyArgs struct {
	planInput
	applyInput
}

func destroyCommand() *command {
	return &command{
		name:    "destroy",
		summary: "Delete every stack and SSM document of the application, in reverse dependency order.",
		usage:   "flightplan destroy [--auto-approve] [--parallelism N] [--lock-timeout D]",
		example: "  flightplan destroy                 # asks you to type the application's name\n  flightplan --sim .sim destroy --auto-approve",
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &destroyArgs{}
			fs.IntVar(&a.Parallelism, "parallelism", 10, "AWS calls and stack operations in flight at once")
			addApplyInputFlags(fs, &a.applyInput)
			return func(e *env, args []string) (int, error) { return runDestroy(e, a) }
		},
	}
}

func runDestroy(e *env, a *destroyArgs) (int, error) {
	a.Destroy = true
	e.intr.markReadOnly() // until execute
	s, err := e.open(a.planInput)
	if err != nil {
		return exitError, err
	}
	defer s.close()
	p, err := e.plan(s, a.planInput)
	if err != nil {
		return exitError, err
	}
	if err := view.WriteDestroyPlan(e.stdout, p, e.color(e.stdout)); err != nil {
		return exitError, err
	}
	if !p.HasChanges() {
		return exitOK, nil
	}
	question := fmt.Sprintf("This deletes application %s and everything above. Type the application's name to confirm.", p.App)
	if !a.AutoApprove && !e.confirm(question, p.App) {
		_ = view.WriteDestroyCancelled(e.stderr)
		return exitError, nil
	}
	return e.execute(s, p, a.planInput, a.applyInput, true), nil
}
