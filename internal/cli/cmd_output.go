package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"flightplan/addr"
	"flightplan/live"
	"flightplan/planner"
	"flightplan/view"
)

type outputArgs struct {
	planInput
	JSON bool
}

func outputCommand() *command {
	return &command{
		name:    "output",
		summary: "Print the outputs of the deployed stacks: load balancer DNS names, the cluster, queue URLs.",
		usage:   "flightplan output [ADDR [NAME]] [--json]",
		example: "  flightplan output\n  flightplan output env/production --json\n  curl \"http://$(flightplan output env/test PublicLoadBalancerDNSName)/\"",
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &outputArgs{}
			fs.IntVar(&a.Parallelism, "parallelism", 10, "AWS calls in flight at once")
			fs.BoolVar(&a.JSON, "json", false, "print the outputs as JSON")
			return func(e *env, args []string) (int, error) { return runOutput(e, a, args) }
		},
	}
}

// runOutput reads the live stacks of the file's nodes and prints their
// outputs: all, one node's, or one value.
func runOutput(e *env, a *outputArgs, args []string) (int, error) {
	if len(args) > 2 {
		return exitError, fmt.Errorf("output takes at most a node address and an output name, got %d arguments", len(args))
	}
	var only []addr.Address
	if len(args) > 0 {
		target, err := addr.Parse(args[0])
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
	state, err := live.ReadState(e.ctx, s.provider, s.cfg.App.Name, s.appT, s.targets, live.ReadOptions{Parallelism: a.Parallelism, SkipTemplates: true})
	if err != nil {
		return exitError, fmt.Errorf("reading the live state: %w", err)
	}
	nodes := planner.Outputs(s.desired, state, only)
	if len(args) == 2 {
		return outputValue(e, nodes, args[0], args[1])
	}
	if a.JSON {
		return exitOK, view.WriteOutputsJSON(e.stdout, nodes)
	}
	return exitOK, view.WriteOutputs(e.stdout, nodes)
}

func outputValue(e *env, nodes []planner.NodeOutputs, node, name string) (int, error) {
	if len(nodes) == 0 {
		return exitError, fmt.Errorf("%s has no deployed stack (is it in the file, and applied?)", node)
	}
	v, ok := nodes[0].Outputs[name]
	if !ok {
		return exitError, fmt.Errorf("stack %s of %s has no output %q; run 'flightplan output %s' for the list", nodes[0].Stack, node, name, node)
	}
	return exitOK, view.WriteOutputValue(e.stdout, v)
}
