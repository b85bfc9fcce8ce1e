package executor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"flightplan/cloud"
)

// waitOperation polls the stack until its status is no longer in progress,
// streaming its events to the hooks when ev is not nil, and reporting the
// elapsed time at every poll. The wait is bounded by the stack timeout,
// and so are the retries of its reads (see retryRead): a throttled
// DescribeStacks never fails an operation that goes on in CloudFormation.
func (s *stackOp) waitOperation(ctx context.Context, stackID string, ev *eventStream) (*liveStack, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	start := time.Now()
	for {
		if err := cloud.Sleep(ctx, s.poll); err != nil {
			return nil, s.waitErr(err, "its operation to end")
		}
		var live *liveStack
		err := s.retryRead(ctx, func(ctx context.Context) (err error) {
			live, err = s.describe(ctx, stackID)
			return err
		})
		if ctx.Err() != nil {
			return nil, s.waitErr(ctx.Err(), "its operation to end")
		}
		if err != nil {
			return nil, err
		}
		if live == nil { // gone: only a delete ends this way
			live = &liveStack{id: stackID, status: string(types.StackStatusDeleteComplete)}
		}
		if !inProgress(live.status) {
			if ev != nil {
				ev.last(ctx)
			}
			return live, nil
		}
		if ev != nil {
			ev.poll(ctx)
		}
		s.hooks.NodeWaiting(s.a, time.Since(start))
	}
}

// maxReadBackoff bounds the wait between two attempts of a read, in poll
// intervals: a minute at the default five seconds.
const maxReadBackoff = 12

// retryRead calls read until it returns nil, an error that is neither
// throttling nor transient (retryableRead), or ctx ends (the last error
// is returned then), or the stack timeout passes. Each call already went through the SDK's own retries;
// this outer loop is what lets a read outlast a long bout of throttling
// while an operation runs, for as long as ctx allows (the operation's
// timeout). It waits on the poll interval's clock, doubling from one
// interval up to maxReadBackoff of them.
func (s *stackOp) retryRead(ctx context.Context, read func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	wait := s.poll
	for {
		err := read(ctx)
		if err == nil || !retryableRead(err) {
			return err
		}
		if cloud.Sleep(ctx, wait) != nil {
			return err
		}
		wait = min(wait*2, s.poll*maxReadBackoff)
	}
}

// retryableRead reports whether a failed read may succeed if tried again:
// throttling, a 5xx, a connection or timeout error, by the SDK's own
// classification.
func retryableRead(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return retry.IsErrorRetryables(retry.DefaultRetryables).IsErrorRetryable(err) == aws.TrueTernary ||
		retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err) == aws.TrueTernary
}

// waitErr explains why a wait ended early: an interrupt or the timeout.
func (s *stackOp) waitErr(err error, what string) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("stack %s: gave up waiting for %s after %s; it may still be running in CloudFormation: check the stack's events, then apply again", s.name, what, s.timeout)
	}
	return ErrInterrupted
}

// failure builds the error of an operation that ended in final: the root
// cause from its events, and the recovery step where one is needed.
func (s *stackOp) failure(final *liveStack, ev *eventStream) error {
	cause := ev.rootCause(s.name)
	if cause == "" {
		cause = final.reason
	}
	return &StackError{Stack: s.name, Status: final.status, RootCause: cause, Recovery: recoveryFor(final.status, s.name, s.region)}
}

// inProgress reports whether a stack status is transient. REVIEW_IN_PROGRESS
// (a stack created by a change set never executed) counts as in progress
// while waiting on an operation; callers that only need it settled treat it
// as settled.
func inProgress(status string) bool {
	return strings.HasSuffix(status, "_IN_PROGRESS")
}

// succeeded reports whether a settled status is the success of an
// operation. Everything else that is settled — ROLLBACK_COMPLETE,
// UPDATE_ROLLBACK_COMPLETE, IMPORT_ROLLBACK_COMPLETE and every *_FAILED —
// is a failure.
func succeeded(status string) bool {
	switch types.StackStatus(status) {
	case types.StackStatusCreateComplete, types.StackStatusUpdateComplete,
		types.StackStatusDeleteComplete, types.StackStatusImportComplete:
		return true
	}
	return false
}

// recoveryFor is the exact step a stack in status needs before flightplan
// can change it again; empty when a re-apply is enough.
func recoveryFor(status, stack, region string) string {
	cmd := func(verb, extra string) string {
		return fmt.Sprintf("run: aws cloudformation %s --stack-name %s --region %s%s", verb, stack, region, extra)
	}
	switch types.StackStatus(status) {
	case types.StackStatusUpdateRollbackFailed:
		return "CloudFormation could not roll the update back, and the stack cannot change until it does.\n" +
			"Check the stack's events for the resources whose rollback failed (often a resource changed or deleted outside CloudFormation) and fix them, then\n" +
			cmd("continue-update-rollback", "") + "\n" +
			"(add --resources-to-skip LOGICAL_ID for a resource that cannot be fixed), wait for UPDATE_ROLLBACK_COMPLETE, and apply again."
	case types.StackStatusCreateFailed:
		return "Rollback was disabled (apply --no-rollback): the stack keeps the resources it created. Fix the cause and apply again to retry the create from there, or\n" +
			cmd("delete-stack", "") + " to start over."
	case types.StackStatusRollbackFailed:
		return "The failed create could not be cleaned up. Check the stack's events for the resources that could not be deleted, then\n" +
			cmd("delete-stack", "") + "\n(add --retain-resources LOGICAL_ID for a resource that cannot be deleted), and apply again."
	case types.StackStatusDeleteFailed:
		return "Check the stack's events for the resources that could not be deleted (a non-empty bucket or repository, a resource in use), fix them, then\n" +
			cmd("delete-stack", "") + "\n(add --retain-resources LOGICAL_ID to keep a resource), and apply again."
	case types.StackStatusUpdateFailed:
		return "Rollback was disabled (apply --no-rollback): the stack keeps the update's changes that succeeded. Fix the cause and apply again to retry the update from there, or roll it back:\n" +
			cmd("rollback-stack", "") + "."
	case types.StackStatusImportRollbackFailed:
		return "The import could not be rolled back. Check the stack's events, then " + cmd("continue-update-rollback", "") + " and apply again."
	}
	return ""
}
