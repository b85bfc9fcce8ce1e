package executor

import (
	"context"
	"fmt"
	"maps"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// withInputs returns the stack with its Inputs set as parameters, each read
// from the outputs of its From node's stack, in that node's account and
// region, just before the change set is made. From is a dependency, so its
// stack has been applied by now. st is not changed.
func (x *applier) withInputs(ctx context.Context, st *stacks.Stack, at cloud.Target) (*stacks.Stack, error) {
	if len(st.Inputs) == 0 {
		return st, nil
	}
	out := *st
	out.Parameters = maps.Clone(st.Parameters)
	if out.Parameters == nil {
		out.Parameters = map[string]string{}
	}
	for _, in := range st.Inputs {
		v, err := x.inputValue(ctx, in, at)
		if err != nil {
			return nil, fmt.Errorf("stack %s: parameter %s: %w", st.Name, in.Parameter, err)
		}
		out.Parameters[in.Parameter] = v
	}
	return &out, nil
}

// inputValue is an Input's value: a fact looked up in the stack's target,
// or another stack's output.
func (x *applier) inputValue(ctx context.Context, in stacks.Input, at cloud.Target) (string, error) {
	switch in.Lookup {
	case "":
		return x.output(ctx, in)
	case stacks.LookupCloudFrontPrefixList:
		cl, err := x.opts.Provider.For(ctx, at)
		if err != nil {
			return "", err
		}
		return cloud.PrefixListID(ctx, cl.EC2, cloud.CloudFrontPrefixListName)
	}
	return "", fmt.Errorf("unknown lookup %q", in.Lookup)
}

// output reads one Input's value with DescribeStacks.
func (x *applier) output(ctx context.Context, in stacks.Input) (string, error) {
	c := x.changes[in.From]
	if c == nil || c.Desired == nil || c.Desired.Stack == nil {
		return "", fmt.Errorf("it is read from %s, which the plan does not hold (a plan cut by --target must include it)", in.From)
	}
	t := x.targets.of(c)
	cl, err := x.opts.Provider.For(ctx, t)
	if err != nil {
		return "", err
	}
	api := cloudformation.New(cl.CFN.Options(), x.budgets.Limit(t.String()))
	name := c.Desired.Stack.Name
	res, err := api.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	if err != nil {
		return "", fmt.Errorf("reading output %s of stack %s (%s): %w", in.Output, name, in.From, cloud.Unwrap(err))
	}
	for _, s := range res.Stacks {
		for _, o := range s.Outputs {
			if aws.ToString(o.OutputKey) == in.Output {
				return aws.ToString(o.OutputValue), nil
			}
		}
	}
	return "", fmt.Errorf("stack %s (%s) has no output %s", name, in.From, in.Output)
}

// changesByAddr indexes a plan's changes.
func changesByAddr(p *planner.Plan) map[addr.Address]*planner.Change {
	m := map[addr.Address]*planner.Change{}
	for _, c := range p.Changes {
		a := c.Addr
		if a.Kind == "" {
			a, _ = addr.Parse(c.Address) // a plan read from a file
		}
		m[a] = c
	}
	return m
}
