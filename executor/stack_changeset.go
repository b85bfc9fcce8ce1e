package executor

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"flightplan/cloud"
	"flightplan/stacks"
)

// emptyChangeSetReasons are the status reasons of a change set that FAILED
// only because it holds no change.
var emptyChangeSetReasons = []string{
	"The submitted information didn't contain changes",
	"No updates are to be performed",
}

// deploy creates a change set, executes it and waits for the stack to
// settle. It reports empty when the change set held no change (it is then
// deleted and nothing else happens).
func (s *stackOp) deploy(ctx context.Context, desired *stacks.Stack, t types.ChangeSetType) (empty bool, err error) {
	work := context.WithoutCancel(ctx)
	in := changeSetInput(s.name, desired, t, s.modes)
	if s.serviceRole != "" {
		in.RoleARN = aws.String(s.serviceRole)
	}
	if len(desired.Template) > maxTemplateBody {
		url, err := s.upload(work, s.name, desired.Template)
		if err != nil {
			return false, fmt.Errorf("stack %s: uploading its template of %d bytes: %w", s.name, len(desired.Template), err)
		}
		in.TemplateBody, in.TemplateURL = nil, aws.String(url)
	}
	out, err := s.api.CreateChangeSet(work, in)
	if err != nil {
		return false, fmt.Errorf("creating a change set for stack %s: %w", s.name, cloud.Unwrap(err))
	}
	csID, stackID := aws.ToString(out.Id), aws.ToString(out.StackId)
	empty, err = s.waitChangeSet(ctx, csID)
	if err != nil || empty {
		s.deleteChangeSet(work, csID)
		return empty, err
	}
	if ctx.Err() != nil {
		s.deleteChangeSet(work, csID)
		return false, ErrInterrupted
	}
	return false, s.execute(work, csID, stackID)
}

// runChangeSet creates a prepared change set (an import), waits for it and
// executes it; a change set with nothing in it is an error here.
func (s *stackOp) runChangeSet(work context.Context, in *cloudformation.CreateChangeSetInput) error {
	if s.serviceRole != "" {
		in.RoleARN = aws.String(s.serviceRole)
	}
	out, err := s.api.CreateChangeSet(work, in)
	if err != nil {
		return fmt.Errorf("creating a change set for stack %s: %w", s.name, cloud.Unwrap(err))
	}
	csID, stackID := aws.ToString(out.Id), aws.ToString(out.StackId)
	empty, err := s.waitChangeSet(work, csID)
	if err == nil && empty {
		err = errEmptyChangeSet
	}
	if err != nil {
		s.deleteChangeSet(work, csID)
		return err
	}
	return s.execute(work, csID, stackID)
}

// execute runs a ready change set and waits for the stack, streaming its
// events; it is past the point of no return and ignores interrupts.
func (s *stackOp) execute(work context.Context, csID, stackID string) error {
	ev := newEventStream(s, stackID)
	ev.baseline(work)
	if _, err := s.api.ExecuteChangeSet(work, &cloudformation.ExecuteChangeSetInput{ChangeSetName: aws.String(csID)}); err != nil {
		return fmt.Errorf("executing the change set of stack %s: %w", s.name, cloud.Unwrap(err))
	}
	final, err := s.waitOperation(work, stackID, ev)
	if err != nil {
		return err
	}
	if !succeeded(final.status) {
		return s.failure(final, ev)
	}
	return nil
}

// waitChangeSet polls a change set until it is ready or has failed,
// polling fast at first and backing off to the poll interval. An interrupt
// while it is being computed stops the wait (nothing was changed yet).
func (s *stackOp) waitChangeSet(ctx context.Context, csID string) (empty bool, err error) {
	wait := max(s.poll/8, 1)
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	for {
		if err := cloud.Sleep(ctx, wait); err != nil {
			return false, s.waitErr(err, "its change set to be ready")
		}
		var out *cloudformation.DescribeChangeSetOutput
		err := s.retryRead(ctx, func(ctx context.Context) (err error) {
			out, err = s.api.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{ChangeSetName: aws.String(csID)})
			return err
		})
		if ctx.Err() != nil {
			return false, s.waitErr(ctx.Err(), "its change set to be ready")
		}
		if err != nil {
			return false, fmt.Errorf("describing the change set of stack %s: %w", s.name, cloud.Unwrap(err))
		}
		switch out.Status {
		case types.ChangeSetStatusCreateComplete:
			return false, nil
		case types.ChangeSetStatusFailed:
			return changeSetFailed(s.name, aws.ToString(out.StatusReason))
		}
		wait = min(wait*2, s.poll)
	}
}

func changeSetFailed(stack, reason string) (bool, error) {
	for _, r := range emptyChangeSetReasons {
		if strings.Contains(reason, r) {
			return true, nil
		}
	}
	return false, &StackError{Stack: stack, Status: "unchanged: its change set FAILED", RootCause: reason}
}

// deleteChangeSet removes a change set we will not execute. A failure to
// do so is harmless (AWS keeps unexecuted change sets) and is not reported.
func (s *stackOp) deleteChangeSet(work context.Context, csID string) {
	_, _ = s.api.DeleteChangeSet(work, &cloudformation.DeleteChangeSetInput{ChangeSetName: aws.String(csID)})
}
