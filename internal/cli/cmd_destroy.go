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
		setup: func(fs *pflag.FlagSet) func(*env, []string) int {
			a := &destroyArgs{}
			fs.IntVar(&a.Parallelism, "parallelism", 10, "AWS calls and stack operations in flight at once")
			addApplyInputFlags(fs, &a.applyInput)
			return func(e *env, args []string) int { return runDestroy(e, a) }
		},
	}
}

func runDestroy(e *env, a *destroyArgs) int {
	a.Destroy = true
	s, ok := e.open(a.planInput)
	if !ok {
		return exitError
	}
	defer s.close()
	p, ok := e.plan(s, a.planInput)
	if !ok {
		return exitError
	}
	if err := view.WritePlan(e.stdout, p, e.color(e.stdout)); err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	if !p.HasChanges() {
		return exitOK
	}
	question := fmt.Sprintf("This deletes application %s and everything above. Type the application's name to confirm.", p.App)
	if !a.AutoApprove && !e.confirm(question, p.App) {
		fmt.Fprintln(e.stderr, "Destroy cancelled: nothing was deleted.")
		return exitError
	}
	return e.execute(s, p, a.planInput, a.applyInput, true)
}
