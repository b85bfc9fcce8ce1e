package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"flightplan/drift"
	"flightplan/view"
)

type driftArgs struct {
	planInput
	Format string
	JSON   bool
}

func driftCommand() *command {
	return &command{
		name:    "drift",
		summary: "Find what changed behind flightplan's back: resources, SSM documents, orphans, failed stacks.",
		usage:   "flightplan drift [--format text|json|markdown] [--target ADDR]...",
		example: "  flightplan drift\n  flightplan drift --json > drift.json   # exit 2 when drift is found",
		setup: func(fs *pflag.FlagSet) func(*env, []string) int {
			a := &driftArgs{}
			fs.StringArrayVar(&a.Targets, "target", nil, "check only this node (repeatable), e.g. env/production")
			fs.IntVar(&a.Parallelism, "parallelism", 10, "stacks checked at once")
			fs.StringVar(&a.Format, "format", "text", "text, json or markdown")
			fs.BoolVar(&a.JSON, "json", false, "same as --format json")
			return func(e *env, args []string) int { return runDrift(e, a) }
		},
	}
}

func runDrift(e *env, a *driftArgs) int {
	if a.JSON {
		a.Format = "json"
	}
	write, ok := view.DriftWriter(a.Format, e.color(e.stdout))
	if !ok {
		fmt.Fprintf(e.stderr, "Error: --format %q: want text, json or markdown\n", a.Format)
		return exitError
	}
	targets, err := parseTargets(a.Targets)
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	s, ok := e.open(a.planInput)
	if !ok {
		return exitError
	}
	defer s.close()
	r, err := drift.Detect(e.ctx, s.desired, s.provider, drift.Options{
		Targets: targets, Parallelism: a.Parallelism, Sensitive: s.cfg.Sensitive, ToolVersion: version,
		CallsPerSecond: e.callsPerSecond(), PollInterval: e.pollInterval(),
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	if err := write(e.stdout, r); err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	return drift.ExitCode(r, nil)
}
