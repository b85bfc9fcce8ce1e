package executor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"flightplan/awsspec"
	"flightplan/cloud"
)

// The first step of an update that removes custom resources of a stack
// Copilot deployed (planner/diff_retain_first.go): the deployed template,
// its parameters' values and tags kept, with DeletionPolicy Retain on
// those resources. CloudFormation then sends their handlers no Delete when
// the next update removes them.

// templateAPI reads a stack's deployed template and parameters.
type templateAPI interface {
	GetTemplate(context.Context, *cloudformation.GetTemplateInput, ...func(*cloudformation.Options)) (*cloudformation.GetTemplateOutput, error)
}

// retainFirst runs the first step; a stack that retains them already (an
// earlier apply got this far) has nothing to do.
func (s *stackOp) retainFirst(ctx context.Context, ids []string) error {
	api, ok := s.api.(templateAPI)
	if !ok {
		return fmt.Errorf("stack %s: retaining custom resources needs GetTemplate, which this client lacks", s.name)
	}
	live, err := s.settled(ctx)
	if err != nil || live == nil {
		return err
	}
	if ctx.Err() != nil {
		return ErrInterrupted
	}
	work := context.WithoutCancel(ctx)
	out, err := api.GetTemplate(work, &cloudformation.GetTemplateInput{StackName: aws.String(live.id), TemplateStage: types.TemplateStageOriginal})
	if err != nil {
		return fmt.Errorf("reading the template of stack %s: %w", s.name, cloud.Unwrap(err))
	}
	body, changed, err := retainSome([]byte(aws.ToString(out.TemplateBody)), ids)
	if err != nil || !changed {
		return err
	}
	params, err := s.previousParameters(work, live.id)
	if err != nil {
		return err
	}
	s.hooks.NodeEvent(s.a, Event{Time: time.Now(), LogicalID: s.name, Type: "AWS::CloudFormation::Stack", Status: "UPDATE_IN_PROGRESS",
		Reason: fmt.Sprintf("step 1 of 2: DeletionPolicy Retain on %v, so that their delete handlers do not run", ids)})
	in := &cloudformation.CreateChangeSetInput{StackName: aws.String(live.id), ChangeSetName: aws.String(fmt.Sprintf("flightplan-retain-%d", time.Now().UnixNano())),
		ChangeSetType: types.ChangeSetTypeUpdate, TemplateBody: aws.String(string(body)), Parameters: params,
		Capabilities: []types.Capability{types.CapabilityCapabilityIam, types.CapabilityCapabilityNamedIam, types.CapabilityCapabilityAutoExpand},
		Description:  aws.String("flightplan apply: retain custom resources before removing them")}
	if err := s.runChangeSet(work, in); err != nil && !errors.Is(err, errEmptyChangeSet) {
		return err
	}
	return nil
}

// previousParameters keeps every parameter of the stack at its value.
func (s *stackOp) previousParameters(ctx context.Context, id string) ([]types.Parameter, error) {
	out, err := s.api.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(id)})
	if err != nil || len(out.Stacks) == 0 {
		return nil, fmt.Errorf("describing stack %s: %w", s.name, cloud.Unwrap(err))
	}
	var params []types.Parameter
	for _, p := range out.Stacks[0].Parameters {
		params = append(params, types.Parameter{ParameterKey: p.ParameterKey, UsePreviousValue: aws.Bool(true)})
	}
	return params, nil
}

// retainSome sets DeletionPolicy Retain on the named resources of a
// template (JSON or YAML) and returns it as JSON; changed is false when
// each had it already.
func retainSome(body []byte, ids []string) ([]byte, bool, error) {
	doc, err := awsspec.ParseTemplate(body)
	if err != nil {
		return nil, false, fmt.Errorf("reading the deployed template: %w", err)
	}
	res, _ := doc["Resources"].(map[string]any)
	changed := false
	for _, id := range ids {
		if m, ok := res[id].(map[string]any); ok && m["DeletionPolicy"] != "Retain" {
			m["DeletionPolicy"], changed = "Retain", true
		}
	}
	out, err := json.Marshal(doc)
	return out, changed, err
}
