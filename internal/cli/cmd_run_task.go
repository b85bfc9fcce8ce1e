package cli

import (
	"fmt"
	"strings"

	"flightplan/addr"
	"flightplan/logs"
	"flightplan/stacks"
	"flightplan/status"
	"flightplan/view"
)

// runTask runs a one-off task of a service with its task definition,
// network and roles, command replacing the main container's; it prints
// the task's logs until it stops and exits with the container's code.
func runTask(e *env, a *runArgs, target string, command []string) (int, error) {
	s, err := e.open(a.planInput)
	if err != nil {
		return exitError, err
	}
	defer s.close()
	n, err := taskNode(s.desired, target, a.Env)
	if err != nil {
		return exitError, err
	}
	if w := s.cfg.Workload(n.Addr.Name); w == nil || !status.RunsOnECS(string(w.Type)) {
		return exitError, fmt.Errorf("%s is not a service that runs on ECS: run task takes a load-balanced-web, backend or worker service (a job runs with flightplan run job)", n.Addr)
	}
	c, err := e.nodeClients(s, n)
	if err != nil {
		return exitError, err
	}
	group, err := logs.Group(e.ctx, c.CFN, n.Stack.Name)
	if err != nil {
		return exitError, fmt.Errorf("%s: %w", n.Addr, err)
	}
	t, err := status.StartTask(e.ctx, c.CFN, c.ECS, n.Stack.Name, n.Addr.Name, command)
	if err != nil {
		return exitError, fmt.Errorf("%s: %w", n.Addr, err)
	}
	_ = view.WriteTaskStarted(e.stderr, n.Addr, t.ID, command, !a.NoWait)
	if a.NoWait {
		return exitOK, nil
	}
	color := e.color(e.stdout)
	tail := logs.NewTail(c.Logs, group, logs.Options{Start: t.Started, Task: t.ID})
	show := func() error {
		return tail.Next(e.ctx, func(ev logs.Event) error { return view.WriteLogEvent(e.stdout, ev, color) })
	}
	end, err := status.WaitTask(e.ctx, c.ECS, t, e.pollInterval(), show)
	if err == nil {
		err = show()
	}
	if err != nil {
		if e.ctx.Err() != nil {
			return exitError, fmt.Errorf("%s: task %s goes on running without flightplan watching: flightplan logs %s --task %s --follow shows its output", n.Addr, t.ID, n.Addr, t.ID)
		}
		return exitError, fmt.Errorf("%s: %w", n.Addr, err)
	}
	_ = view.WriteTaskStopped(e.stderr, n.Addr, t.ID, t.Container, end)
	if end.ExitCode == nil {
		return exitError, fmt.Errorf("%s: task %s stopped before its container %s ran: %s", n.Addr, t.ID, t.Container, end.Reason)
	}
	return int(*end.ExitCode), nil
}

// taskNode is the deployment run task names: deploy/ENV/NAME, or a
// service (workload/NAME or NAME) with --env or deployed to one
// environment only.
func taskNode(d *stacks.Desired, target, envName string) (*stacks.Node, error) {
	if !strings.Contains(target, "/") {
		target = "workload/" + target
	}
	a, err := addr.Parse(target)
	if err != nil {
		return nil, err
	}
	switch {
	case a.Kind == addr.KindDeploy && envName != "" && a.Env != envName:
		return nil, fmt.Errorf("%s is in environment %q, and --env says %q: give one of them", a, a.Env, envName)
	case a.Kind == addr.KindWorkload && envName != "":
		a = addr.Deploy(envName, a.Name)
	case a.Kind != addr.KindDeploy && a.Kind != addr.KindWorkload:
		return nil, fmt.Errorf("run task takes a service's deployment (deploy/ENV/NAME) or name, not %s", a)
	}
	return logsNode(d, a)
}
