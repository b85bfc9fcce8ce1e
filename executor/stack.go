package executor

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// maxTemplateBody is the largest template CloudFormation accepts inline.
const maxTemplateBody = 51200

// compacted returns the stack with its template without insignificant
// white space: the canonical, indented form is for people (render, plan);
// CloudFormation gets the same JSON in about half the bytes of its
// 51,200-byte inline limit. The diff parses templates, so it is unaffected.
func compacted(st *stacks.Stack) *stacks.Stack {
	var buf bytes.Buffer
	if json.Compact(&buf, st.Template) != nil {
		return st // not JSON: send as it is, CloudFormation will say why
	}
	c := *st
	c.Template = buf.Bytes()
	return &c
}

// stackOp drives one node's stack. ctx arguments are the walk's context:
// the op stops before its first write once ctx is done, and waits for an
// operation it started on a context that is not cancelled.
type stackOp struct {
	api     cfnAPI
	a       addr.Address
	app     string // the application whose tag the stack must carry (owner.go)
	name    string
	region  string
	hooks   Hooks
	poll    time.Duration
	timeout time.Duration
	// beforeDelete, when set, runs on the live stack just before destroy
	// deletes it (the node's buckets are emptied there).
	beforeDelete func(ctx context.Context, stackID string) error
	// serviceRole is the RoleARN of the change sets, CloudFormation's own
	// role for the operation (planner.Credentials); empty for the caller's.
	// A delete needs none: CloudFormation uses the role the stack keeps.
	serviceRole string
	// guardDelete, when set, may refuse destroy on what DescribeStacks
	// says of the stack (protect.go); nothing is written then.
	guardDelete func(context.Context, *liveStack) error
	// upload, when set, puts a template too large to send inline where
	// CloudFormation can read it and returns its URL (template_url.go).
	upload func(ctx context.Context, stack string, body []byte) (string, error)
	// modes are how the change sets deploy (Options and the stack's
	// environment).
	modes deployModes
}

// liveStack is what DescribeStacks says of a stack.
type liveStack struct {
	name, id, status, reason string
	tags                     map[string]string
}

// apply brings the stack to desired through a change set and returns what
// was done: Create, Update, Recreate (a ROLLBACK_COMPLETE stack deleted
// first) or NoOp (the change set was empty).
func (s *stackOp) apply(ctx context.Context, desired *stacks.Stack) (planner.Action, error) {
	desired = compacted(desired)
	if len(desired.Template) > maxTemplateBody && s.upload == nil {
		return "", fmt.Errorf("stack %s: the template is %d bytes and CloudFormation takes at most %d inline; "+
			"only the stacks of environments and their services are uploaded to the region's artifact bucket", s.name, len(desired.Template), maxTemplateBody)
	}
	live, err := s.settled(ctx)
	if err != nil {
		return "", err
	}
	if live != nil && live.status != string(types.StackStatusReviewInProgress) {
		if err := s.ownStack(ctx, "update", live.id); err != nil {
			return "", err
		}
	}
	action, err := s.prepare(ctx, live)
	if err != nil {
		return "", err
	}
	csType := types.ChangeSetTypeUpdate
	if action != planner.Update {
		csType = types.ChangeSetTypeCreate
	}
	empty, err := s.deploy(ctx, desired, csType)
	if err != nil || empty {
		return planner.NoOp, err
	}
	return action, nil
}

// prepare decides between create and update and clears the way: a
// ROLLBACK_COMPLETE stack is deleted; a stack that cannot be updated
// stops the node with the recovery step.
func (s *stackOp) prepare(ctx context.Context, live *liveStack) (planner.Action, error) {
	switch {
	case live == nil || live.status == string(types.StackStatusReviewInProgress):
		return planner.Create, nil
	case live.status == string(types.StackStatusRollbackComplete):
		if ctx.Err() != nil {
			return "", ErrInterrupted
		}
		return planner.Recreate, s.deleteLive(ctx, live)
	case retryable(live.status):
		return planner.Update, nil
	}
	if rec := recoveryFor(live.status, s.name, s.region); rec != "" {
		return "", &StackError{Stack: s.name, Status: live.status, RootCause: live.reason, Recovery: rec}
	}
	return planner.Update, nil
}

// destroy deletes the stack and waits for DELETE_COMPLETE; a stack that
// does not exist is already destroyed.
func (s *stackOp) destroy(ctx context.Context) error {
	live, err := s.settled(ctx)
	if err != nil || live == nil {
		return err
	}
	if err := s.ownStack(ctx, "delete", live.id); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return ErrInterrupted
	}
	if s.guardDelete != nil {
		if err := s.guardDelete(ctx, live); err != nil {
			return err
		}
	}
	if s.beforeDelete != nil {
		if err := s.beforeDelete(ctx, live.id); err != nil {
			return err
		}
	}
	return s.deleteLive(ctx, live)
}

func (s *stackOp) deleteLive(ctx context.Context, live *liveStack) error {
	work := context.WithoutCancel(ctx)
	ev := newEventStream(s, live.id)
	ev.baseline(work)
	if _, err := s.api.DeleteStack(work, &cloudformation.DeleteStackInput{StackName: aws.String(live.id)}); err != nil {
		return fmt.Errorf("deleting stack %s: %w", s.name, cloud.Unwrap(err))
	}
	final, err := s.waitOperation(work, live.id, ev)
	if err != nil {
		return err
	}
	if final.status != string(types.StackStatusDeleteComplete) {
		return s.failure(final, ev)
	}
	return nil
}

// settled describes the stack, waiting for an operation found in progress
// (someone else's, or one an interrupted run left) to end, before changing
// it. It returns nil when the stack does not exist.
func (s *stackOp) settled(ctx context.Context) (*liveStack, error) {
	return s.settledFor(ctx, "before changing it")
}

// settledFor is settled, the reported wait saying what it is for.
func (s *stackOp) settledFor(ctx context.Context, why string) (*liveStack, error) {
	var live *liveStack
	err := s.retryRead(ctx, func(ctx context.Context) (err error) {
		live, err = s.describe(ctx, s.name)
		return err
	})
	if err != nil || live == nil || !inProgress(live.status) || live.status == string(types.StackStatusReviewInProgress) {
		return live, err
	}
	s.hooks.NodeEvent(s.a, Event{Time: time.Now(), LogicalID: s.name, Type: "AWS::CloudFormation::Stack", Status: live.status,
		Reason: "found in progress; waiting for it to settle " + why})
	return s.waitOperation(ctx, live.id, nil)
}

// describe returns the stack named or identified by nameOrID, nil if it
// does not exist.
func (s *stackOp) describe(ctx context.Context, nameOrID string) (*liveStack, error) {
	out, err := s.api.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(nameOrID)})
	if isStackMissing(err) || (err == nil && len(out.Stacks) == 0) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("describing stack %s: %w", s.name, cloud.Unwrap(err))
	}
	st := out.Stacks[0]
	tags := map[string]string{}
	for _, t := range st.Tags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return &liveStack{name: aws.ToString(st.StackName), id: aws.ToString(st.StackId), status: string(st.StackStatus),
		reason: aws.ToString(st.StackStatusReason), tags: tags}, nil
}

func isStackMissing(err error) bool {
	return err != nil && cloud.IsCode(err, "ValidationError") && strings.Contains(err.Error(), "does not exist")
}

func changeSetInput(name string, desired *stacks.Stack, t types.ChangeSetType, m deployModes) *cloudformation.CreateChangeSetInput {
	in := &cloudformation.CreateChangeSetInput{
		StackName:     aws.String(name),
		ChangeSetName: aws.String(fmt.Sprintf("flightplan-%d", time.Now().UnixNano())),
		ChangeSetType: t,
		TemplateBody:  aws.String(string(desired.Template)),
		Parameters:    stackParameters(desired.Parameters),
		Tags:          stackTags(desired.Tags),
		Capabilities:  []types.Capability{types.CapabilityCapabilityIam, types.CapabilityCapabilityNamedIam, types.CapabilityCapabilityAutoExpand},
		Description:   aws.String("flightplan apply"),
	}
	m.set(in, t)
	return in
}

func stackParameters(m map[string]string) []types.Parameter {
	var out []types.Parameter
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, types.Parameter{ParameterKey: aws.String(k), ParameterValue: aws.String(m[k])})
	}
	return out
}

func stackTags(m map[string]string) []types.Tag {
	var out []types.Tag
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return out
}
