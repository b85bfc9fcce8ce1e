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
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &driftArgs{}
			fs.StringArrayVar(&a.Targets, "target", nil, "check only this node (repeatable), e.g. env/production")
			fs.IntVar(&a.Parallelism, "parallelism", 10, "stacks checked at once")
			fs.StringVar(&a.Format, "format", "text", "text, json or markdown")
			fs.BoolVar(&a.JSON, "json", false, "same as --format json")
			return func(e *env, args []string) (int, error) { return runDrift(e, a) }
		},
	}
}

func runDrift(e *env, a *driftArgs) (int, error) {
	if a.JSON {
		a.Format = "json"
	}
	write, ok := view.DriftWriter(a.Format, e.color(e.stdout))
	if !ok {
		return exitError, fmt.Errorf("--format %q: want text, json or markdown", a.Format)
	}
	targets, err := parseTargets(a.Targets)
	if err != nil {
		return exitError, err
	}
	s, err := e.open(a.planInput)
	if err != nil {
		return exitError, err
	}
	defer s.close()
	r, err := drift.Detect(e.ctx, s.desired, s.provider, drift.Options{
		Targets: targets, Parallelism: a.Parallelism, Sensitive: s.cfg.Sensitive, ToolVersion: version,
		CallsPerSecond: e.callsPerSecond(), PollInterval: e.pollInterval(),
	})
	if err != nil {
		return exitError, err
	}
	if err := write(e.stdout, r); err != nil {
		return exitError, err
	}
	return drift.ExitCode(r, nil), nil
}
