package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"flightplan/addr"
	"flightplan/schema"
	"flightplan/status"
	"flightplan/view"
)

type runArgs struct {
	planInput
	Env    string
	NoWait bool
}

func runCommand() *command {
	return &command{
		name:    "run",
		summary: "Run a scheduled job now, or a one-off task of a service (a migration), wait for it to end and report how.",
		usage:   "flightplan run job NAME --env ENV [--no-wait]\n       flightplan run task ADDR [--env ENV] [--no-wait] [-- COMMAND…]",
		example: "  flightplan run job report --env test\n  flightplan run job report --env production --no-wait\n  flightplan run task deploy/test/api -- ./manage.py migrate\n  flightplan run task api --env production -- ./migrate up",
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &runArgs{}
			a.Parallelism = 1
			fs.StringVar(&a.Env, "env", "", "the environment whose job (required) or service to run")
			fs.BoolVar(&a.NoWait, "no-wait", false, "start the run and return at once")
			return func(e *env, args []string) (int, error) { return runRun(e, a, args) }
		},
	}
}

func runRun(e *env, a *runArgs, args []string) (int, error) {
	if len(args) >= 2 && args[0] == "task" {
		return runTask(e, a, args[1], args[2:])
	}
	if len(args) != 2 || args[0] != "job" {
		return exitError, fmt.Errorf("run takes \"job\" and the job's name, or \"task\" and a service's deployment, as in: flightplan run job report --env test, flightplan run task deploy/test/api -- ./migrate")
	}
	if a.Env == "" {
		return exitError, fmt.Errorf("run job %s needs --env: the environment whose job to run", args[1])
	}
	s, err := e.open(a.planInput)
	if err != nil {
		return exitError, err
	}
	defer s.close()
	w := s.cfg.Workload(args[1])
	if w == nil || w.Type != schema.TypeScheduledJob {
		return exitError, fmt.Errorf("the file has no job %q", args[1])
	}
	n := s.desired.Node(addr.Deploy(a.Env, w.Name))
	if n == nil {
		return exitError, fmt.Errorf("job %q does not run in environment %q", w.Name, a.Env)
	}
	c, err := e.nodeClients(s, n)
	if err != nil {
		return exitError, err
	}
	machine, err := status.StateMachine(e.ctx, c.CFN, n.Stack.Name)
	if err != nil {
		return exitError, fmt.Errorf("%s: %w", n.Addr, err)
	}
	run, err := status.Run(e.ctx, c.SFN, machine, !a.NoWait, e.pollInterval())
	if run != nil {
		_ = view.WriteJobRun(e.stdout, n.Addr, run)
	}
	if err != nil {
		return exitError, fmt.Errorf("%s: %w", n.Addr, err)
	}
	if run.Failed() {
		return exitChanges, nil
	}
	return exitOK, nil
}
