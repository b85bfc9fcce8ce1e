package plantest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"flightplan/cloud"
	"flightplan/live"
	"flightplan/planner"
	"flightplan/stacks"
)

// Seed deploys a desired state by direct SDK calls, the way an apply would
// leave it: every document put, every stack created in dependency order and
// waited for by polling DescribeStacks (the simulator's fake clock advances
// with every call). It is for tests against the simulator.
func Seed(ctx context.Context, p *cloud.Provider, d *stacks.Desired) error {
	g, err := planner.BuildGraph(d, nil)
	if err != nil {
		return err
	}
	order, err := g.TopoOrder()
	if err != nil {
		return err
	}
	appT, _ := live.Targets(d)
	app, err := p.For(ctx, appT)
	if err != nil {
		return err
	}
	for _, a := range order {
		if err := seedNode(ctx, p, app.SSM, d.Node(a)); err != nil {
			return fmt.Errorf("%s: %w", a, err)
		}
	}
	return nil
}

func seedNode(ctx context.Context, p *cloud.Provider, api *ssm.Client, n *stacks.Node) error {
	for _, prm := range n.Parameters {
		in := &ssm.PutParameterInput{Name: aws.String(prm.Name), Value: aws.String(prm.Value), Type: ssmtypes.ParameterTypeString}
		for k, v := range prm.Tags {
			in.Tags = append(in.Tags, ssmtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
		}
		if _, err := api.PutParameter(ctx, in); err != nil {
			return err
		}
	}
	if n.Stack == nil {
		return nil
	}
	c, err := p.For(ctx, cloud.Target{Account: n.Account, Region: n.Region})
	if err != nil {
		return err
	}
	return CreateStack(ctx, c.CFN, n.Stack)
}

// CreateStack creates a stack and polls until it settles; a stack that
// does not end in CREATE_COMPLETE is returned as an error naming its status.
func CreateStack(ctx context.Context, api *cloudformation.Client, s *stacks.Stack) error {
	in := &cloudformation.CreateStackInput{StackName: aws.String(s.Name), TemplateBody: aws.String(string(s.Template)),
		Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityNamedIam}}
	for k, v := range s.Parameters {
		in.Parameters = append(in.Parameters, cfntypes.Parameter{ParameterKey: aws.String(k), ParameterValue: aws.String(v)})
	}
	for k, v := range s.Tags {
		in.Tags = append(in.Tags, cfntypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	if secrets, err := planner.SensitiveParameters(s); err == nil && len(secrets) > 0 { // as the executor does
		digest := digestKeys.Digest(digestSalt, s.Name, secrets)
		in.Tags = append(in.Tags, cfntypes.Tag{Key: aws.String(planner.TagSensitiveDigest), Value: aws.String(digest)})
	}
	if _, err := api.CreateStack(ctx, in); err != nil {
		return err
	}
	return WaitStack(ctx, api, s.Name, "CREATE_COMPLETE")
}

// WaitStack polls DescribeStacks until the stack leaves *_IN_PROGRESS and
// checks that it reached want.
func WaitStack(ctx context.Context, api *cloudformation.Client, name, want string) error {
	for range 10000 {
		out, err := api.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
		if err != nil {
			return err
		}
		status := string(out.Stacks[0].StackStatus)
		if !strings.HasSuffix(status, "_IN_PROGRESS") {
			if status != want {
				return fmt.Errorf("stack %s is %s (%s), want %s", name, status, aws.ToString(out.Stacks[0].StackStatusReason), want)
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		time.Sleep(time.Millisecond)
	}
	return fmt.Errorf("stack %s never settled", name)
}
