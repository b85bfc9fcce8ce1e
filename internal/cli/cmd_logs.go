package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"flightplan/addr"
	"flightplan/logs"
	"flightplan/stacks"
	"flightplan/view"
)

type logsArgs struct {
	planInput
	Since  time.Duration
	Follow bool
	Filter string
	Task   string
	Limit  int
	JSON   bool
}

func logsCommand() *command {
	return &command{
		name:    "logs",
		summary: "Print a deployed service's or job's container logs from CloudWatch Logs; --follow keeps printing new ones.",
		usage:   "flightplan logs ADDR [--since 1h] [--follow] [--filter PATTERN] [--task ID] [--limit N] [--json]",
		example: "  flightplan logs deploy/test/api\n  flightplan logs deploy/test/api --since 15m --filter ERROR\n  flightplan logs deploy/production/api --follow --json",
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &logsArgs{}
			a.Parallelism = 1
			fs.DurationVar(&a.Since, "since", time.Hour, "show events from this long ago on (e.g. 15m, 2h)")
			fs.BoolVar(&a.Follow, "follow", false, "keep printing new events until interrupted")
			fs.StringVar(&a.Filter, "filter", "", "a CloudWatch Logs filter pattern: terms, \"a phrase\", ?any, -exclude")
			fs.StringVar(&a.Task, "task", "", "only the events of this task (its ID or a prefix of it)")
			fs.IntVar(&a.Limit, "limit", 0, "print at most N events (0: all); not with --follow")
			fs.BoolVar(&a.JSON, "json", false, "one JSON object per event: timestamp, stream, container, task, message")
			return func(e *env, args []string) (int, error) { return runLogs(e, a, args) }
		},
	}
}

func runLogs(e *env, a *logsArgs, args []string) (int, error) {
	e.intr.markReadOnly()
	if err := a.check(args); err != nil {
		return exitError, err
	}
	target, err := addr.Parse(args[0])
	if err != nil {
		return exitError, err
	}
	s, err := e.open(a.planInput)
	if err != nil {
		return exitError, err
	}
	defer s.close()
	n, err := logsNode(s.desired, target)
	if err != nil {
		return exitError, err
	}
	c, err := e.nodeClients(s, n)
	if err != nil {
		return exitError, err
	}
	group, err := logs.Group(e.ctx, c.CFN, n.Stack.Name)
	if err != nil {
		return exitError, fmt.Errorf("%s: %w", n.Addr, err)
	}
	color, count := e.color(e.stdout), 0
	opts := logs.Options{Start: time.Now().Add(-a.Since), Filter: a.Filter, Task: a.Task, Limit: a.Limit, Follow: a.Follow, Poll: e.pollInterval()}
	err = logs.Read(e.ctx, c.Logs, group, opts, func(ev logs.Event) error {
		count++
		if a.JSON {
			return view.WriteLogEventJSON(e.stdout, ev)
		}
		return view.WriteLogEvent(e.stdout, ev, color)
	})
	if err != nil {
		return exitError, fmt.Errorf("%s: %w", n.Addr, err)
	}
	if count == 0 && !a.Follow {
		_ = view.WriteNoLogEvents(e.stderr, group)
	}
	return exitOK, nil
}

func (a *logsArgs) check(args []string) error {
	switch {
	case len(args) != 1:
		return fmt.Errorf("logs takes one address, the service or job's deployment (deploy/ENV/NAME), got %d arguments", len(args))
	case a.Since <= 0:
		return fmt.Errorf("--since must be a positive duration like 15m or 2h, got %s", a.Since)
	case a.Limit < 0:
		return fmt.Errorf("--limit must not be negative, got %d", a.Limit)
	case a.Limit > 0 && a.Follow:
		return fmt.Errorf("--limit and --follow do not go together: --follow prints every new event until interrupted")
	}
	return nil
}

// logsNode is the deployment whose logs the address names: a deployment,
// or a workload deployed to one environment only.
func logsNode(d *stacks.Desired, a addr.Address) (*stacks.Node, error) {
	var deploys []*stacks.Node
	for _, n := range d.Nodes {
		if n.Addr.Kind == addr.KindDeploy && n.Stack != nil && (n.Addr == a || a.Kind == addr.KindWorkload && n.Addr.Name == a.Name) {
			deploys = append(deploys, n)
		}
	}
	switch {
	case len(deploys) == 1:
		return deploys[0], nil
	case len(deploys) > 1:
		var names []string
		for _, n := range deploys {
			names = append(names, n.Addr.String())
		}
		return nil, fmt.Errorf("%s is deployed to %d environments; name one: %s", a, len(deploys), strings.Join(names, ", "))
	}
	return nil, fmt.Errorf("%s names no service or job deployment of the file; give one like deploy/ENV/NAME", a)
}
