// Package logs reads a deployed service's or job's container logs from
// CloudWatch Logs, for `flightplan logs`: the log group is the one the
// workload stack made (its LogGroup resource, Copilot's
// /copilot/{app}-{env}-{name}), streams are copilot/{container}/{task-id}
// as the awslogs driver names them with Copilot's prefix. Follow polls
// for new events until its context ends, never showing an event twice.
package logs

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"flightplan/cloud"
	"flightplan/live"
)

// Event is one log line and where it came from.
type Event struct {
	Time      time.Time `json:"timestamp"`
	Stream    string    `json:"stream"`
	Container string    `json:"container,omitempty"`
	Task      string    `json:"task,omitempty"`
	Message   string    `json:"message"`
	ID        string    `json:"-"`
}

// Options say which events to read.
type Options struct {
	Start  time.Time // the earliest event; zero for all
	Filter string    // a CloudWatch Logs filter pattern
	Task   string    // only this task's streams (a task ID or its prefix)
	Limit  int       // at most this many events (0: no limit); not with Follow
	Follow bool      // keep reading new events until ctx ends
	Poll   time.Duration
}

// FilterAPI reads events.
type FilterAPI interface {
	FilterLogEvents(context.Context, *cloudwatchlogs.FilterLogEventsInput, ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error)
}

// Group returns the name of the log group of a workload stack.
func Group(ctx context.Context, api live.StackResourceAPI, stack string) (string, error) {
	return live.PhysicalID(ctx, api, stack, "LogGroup", "log group")
}

// Read sends the group's events that opts select to emit, oldest first;
// with Follow it goes on until ctx ends, then returns nil.
func Read(ctx context.Context, api FilterAPI, group string, opts Options, emit func(Event) error) error {
	t := NewTail(api, group, opts)
	for {
		err := t.Next(ctx, emit)
		if err != nil || !opts.Follow {
			return err
		}
		if cloud.Sleep(ctx, opts.Poll) != nil {
			return nil
		}
	}
}

// Tail reads a group's events call after call, each call sending only the
// events that came since the last one: what `run task` shows while its
// task runs.
type Tail struct {
	api   FilterAPI
	group string
	opts  Options
	start time.Time
	seen  map[string]bool // IDs of events at the latest timestamp sent
	sent  int
}

// NewTail starts a tail at opts.Start.
func NewTail(api FilterAPI, group string, opts Options) *Tail {
	return &Tail{api: api, group: group, opts: opts, start: opts.Start, seen: map[string]bool{}}
}

// Next sends the events that opts select and no earlier call sent to emit,
// oldest first.
func (t *Tail) Next(ctx context.Context, emit func(Event) error) error {
	return readOnce(ctx, t.api, t.group, t.opts, t.start, func(e Event) error {
		if t.seen[e.ID] {
			return nil
		}
		if !e.Time.Equal(t.start) {
			t.start, t.seen = e.Time, map[string]bool{}
		}
		t.seen[e.ID] = true
		t.sent++
		return emit(e)
	}, func() bool { return t.opts.Limit > 0 && t.sent >= t.opts.Limit })
}

// readOnce reads every page of events from start on; it stops early when
// done says so.
func readOnce(ctx context.Context, api FilterAPI, group string, opts Options, start time.Time, emit func(Event) error, done func() bool) error {
	in := &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String(group)}
	if !start.IsZero() {
		in.StartTime = aws.Int64(start.UnixMilli())
	}
	if opts.Filter != "" {
		in.FilterPattern = aws.String(opts.Filter)
	}
	p := cloudwatchlogs.NewFilterLogEventsPaginator(api, in)
	for p.HasMorePages() && !done() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if ctx.Err() != nil && opts.Follow {
				return nil
			}
			return fmt.Errorf("reading log group %s: %w", group, err)
		}
		for _, e := range page.Events {
			ev := event(e.LogStreamName, e.Timestamp, e.Message, e.EventId)
			if opts.Task != "" && !strings.HasPrefix(ev.Task, opts.Task) {
				continue
			}
			if err := emit(ev); err != nil {
				return err
			}
			if done() {
				break
			}
		}
	}
	return nil
}

func event(stream *string, ms *int64, msg, id *string) Event {
	e := Event{Stream: aws.ToString(stream), Time: time.UnixMilli(aws.ToInt64(ms)).UTC(), Message: strings.TrimRight(aws.ToString(msg), "\n"), ID: aws.ToString(id)}
	// copilot/{container}/{task-id}
	if parts := strings.Split(e.Stream, "/"); len(parts) == 3 {
		e.Container, e.Task = parts[1], parts[2]
	}
	return e
}
