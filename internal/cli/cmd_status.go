package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"flightplan/addr"
	"flightplan/status"
	"flightplan/view"
)

type statusArgs struct {
	planInput
	JSON   bool
	Events int
}

func statusCommand() *command {
	return &command{
		name:    "status",
		summary: "Show how the deployed services are doing: tasks running, the deployment rolling out, why tasks stopped. Exits 2 when one is unhealthy.",
		usage:   "flightplan status [ADDR…] [--json] [--events N]",
		example: "  flightplan status\n  flightplan status env/production --json\n  flightplan status deploy/test/api --events 10",
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &statusArgs{}
			fs.IntVar(&a.Parallelism, "parallelism", 10, "AWS calls in flight at once")
			fs.BoolVar(&a.JSON, "json", false, "print the status as JSON")
			fs.IntVar(&a.Events, "events", 3, "how many of each service's latest events to show")
			return func(e *env, args []string) (int, error) { return runStatus(e, a, args) }
		},
	}
}

// runStatus reads the status of the file's deployments (or those the
// addresses select) and exits 2 when one is unhealthy.
func runStatus(e *env, a *statusArgs, args []string) (int, error) {
	if a.Events < 0 {
		return exitError, fmt.Errorf("--events must not be negative, got %d", a.Events)
	}
	e.intr.markReadOnly()
	var only []addr.Address
	for _, s := range args {
		target, err := addr.Parse(s)
		if err != nil {
			return exitError, err
		}
		only = append(only, target)
	}
	s, err := e.open(a.planInput)
	if err != nil {
		return exitError, err
	}
	defer s.close()
	r, err := status.Read(e.ctx, s.provider, s.cfg, s.desired, status.Options{Only: only, Parallelism: a.Parallelism, Events: a.Events})
	if err != nil {
		return exitError, err
	}
	if a.JSON {
		err = view.WriteStatusJSON(e.stdout, r)
	} else {
		err = view.WriteStatus(e.stdout, r)
	}
	if err != nil {
		return exitError, err
	}
	if r.Unhealthy() > 0 {
		return exitChanges, nil
	}
	return exitOK, nil
}
