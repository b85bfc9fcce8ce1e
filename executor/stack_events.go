package executor

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// cancelledReasons are the reasons CloudFormation gives to resources it
// stopped because another one failed: the cascade, never the cause.
// maxEventPages bounds one poll; a stack with no baseline and a long
// history would otherwise be read to its beginning.
const maxEventPages = 20

// maxQuietSkip bounds how many polls the event stream skips while a stack
// is quiet: it skips 1, 2, 4, then 8 polls after polls that found nothing
// new (at most 45 s at AWS's five-second poll interval, on the operation's
// clock), and reads at every poll again once something is new.
const maxQuietSkip = 8

var cancelledReasons = []string{"Resource creation cancelled", "Resource update cancelled"}

// eventStream follows the events of one stack operation. The events that
// existed before the operation (the baseline) are never reported; the new
// ones are reported once each (by EventId), oldest first, and kept to find
// the root cause.
type eventStream struct {
	s       *stackOp
	stackID string
	seen    map[string]bool
	events  []types.StackEvent // since the baseline, oldest first
	fresh   int                // events the last read reported
	quiet   int                // polls to skip before the next read
	backoff int                // the skip after the next quiet read
}

func newEventStream(s *stackOp, stackID string) *eventStream {
	return &eventStream{s: s, stackID: stackID, seen: map[string]bool{}, backoff: 1}
}

// baseline marks the newest existing events as seen. DescribeStackEvents
// lists newest first, so everything newer than its first page is new.
// Clocks are not compared: the simulator's and ours differ, and so may AWS's.
// A throttled read is retried (within the stack timeout): without a
// baseline, old events would be reported as new, and an old failure taken
// for this operation's root cause.
func (e *eventStream) baseline(ctx context.Context) {
	_ = e.s.retryRead(ctx, func(ctx context.Context) error {
		out, err := e.s.api.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(e.stackID)})
		if err != nil {
			return err // a stack without events yet: everything will be new
		}
		for _, ev := range out.StackEvents {
			e.seen[aws.ToString(ev.EventId)] = true
		}
		return nil
	})
}

// poll reads the events newer than the last seen one and reports them,
// unless the stack has been quiet (see maxQuietSkip). Errors are not
// fatal: events are progress, the stack's status decides; the next poll
// reads what this one missed.
func (e *eventStream) poll(ctx context.Context) {
	if e.quiet > 0 {
		e.quiet--
		return
	}
	if err := e.read(ctx); err != nil || e.fresh > 0 {
		e.backoff = 1
		return
	}
	e.quiet, e.backoff = e.backoff, min(max(e.backoff, 1)*2, maxQuietSkip)
}

// last reads the operation's final events, retrying throttled reads
// (within ctx), since the root cause is among them.
func (e *eventStream) last(ctx context.Context) { _ = e.s.retryRead(ctx, e.read) }

// read reads and reports the new events; on an error it reports none.
func (e *eventStream) read(ctx context.Context) error {
	var fresh []types.StackEvent
	var token *string
	for pages := 1; ; pages++ {
		out, err := e.s.api.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(e.stackID), NextToken: token})
		if err != nil {
			return err
		}
		stop := false
		for _, ev := range out.StackEvents {
			if stop = e.seen[aws.ToString(ev.EventId)]; stop {
				break
			}
			fresh = append(fresh, ev)
		}
		if token = out.NextToken; stop || token == nil || pages == maxEventPages {
			break
		}
	}
	slices.Reverse(fresh)
	e.fresh = len(fresh)
	for _, ev := range fresh {
		e.seen[aws.ToString(ev.EventId)] = true
		e.events = append(e.events, ev)
		e.s.hooks.NodeEvent(e.s.a, eventOf(ev))
	}
	return nil
}

func eventOf(ev types.StackEvent) Event {
	return Event{
		Time:      aws.ToTime(ev.Timestamp),
		LogicalID: aws.ToString(ev.LogicalResourceId),
		Type:      aws.ToString(ev.ResourceType),
		Status:    string(ev.ResourceStatus),
		Reason:    aws.ToString(ev.ResourceStatusReason),
	}
}

// rootCause is the reason of the first resource that failed in this
// operation, as "LogicalID (Type): reason" — not a resource cancelled
// because of it, and not the stack's own summary ("The following
// resource(s) failed to create: …"). When no resource failed, it is the
// reason the stack itself gave for failing or rolling back (an export in
// use: "Cannot update export X as it is in use by Y"; a stack that could
// not be deleted). Empty when there is neither.
func (e *eventStream) rootCause(stackName string) string {
	if e == nil {
		return ""
	}
	for _, ev := range e.events {
		id, reason := aws.ToString(ev.LogicalResourceId), aws.ToString(ev.ResourceStatusReason)
		if !strings.HasSuffix(string(ev.ResourceStatus), "_FAILED") || id == stackName || reason == "" || isCancelled(reason) {
			continue
		}
		return id + " (" + aws.ToString(ev.ResourceType) + "): " + reason
	}
	for _, ev := range e.events {
		if aws.ToString(ev.LogicalResourceId) == stackName && stackFailureReason(ev) {
			return aws.ToString(ev.ResourceStatusReason)
		}
	}
	return ""
}

// stackFailureReason reports whether a stack's own event says why its
// operation failed: a rollback or failure status with a reason of its own
// rather than a summary of its resources' failures.
func stackFailureReason(ev types.StackEvent) bool {
	status, reason := string(ev.ResourceStatus), aws.ToString(ev.ResourceStatusReason)
	if !strings.HasSuffix(status, "ROLLBACK_IN_PROGRESS") && !strings.HasSuffix(status, "_FAILED") {
		return false
	}
	return reason != "" && reason != "User Initiated" && !strings.HasPrefix(reason, "The following resource(s) failed") && !isCancelled(reason)
}

func isCancelled(reason string) bool {
	for _, c := range cancelledReasons {
		if strings.HasPrefix(reason, c) {
			return true
		}
	}
	return false
}
