package logs_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"flightplan/awssim/awssimtest"
	"flightplan/logs"
)

const account = "111111111111"

// TestFollowPrintsEachNewEventOnce follows a log group while events are
// written to it: each event arrives once, in order (events that share a
// millisecond with the last one seen included), and cancelling the
// context ends the follow without an error.
func TestFollowPrintsEachNewEventOnce(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cf := cloudformation.NewFromConfig(ts.Config(account, "us-east-1"))
	if _, err := cf.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("shop-dev-api"),
		TemplateBody: aws.String(`{"Resources": {"LogGroup": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/copilot/shop-dev-api"}}}}`)}); err != nil {
		t.Fatal(err)
	}
	var group string
	for group == "" { // the stack completes as the simulator's clock moves with each call
		g, err := logs.Group(ctx, cf, "shop-dev-api")
		if err == nil {
			group = g
		}
	}
	c := cloudwatchlogs.NewFromConfig(ts.Config(account, "us-east-1"))
	if _, err := c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String(group), LogStreamName: aws.String("copilot/api/t1")}); err != nil {
		t.Fatal(err)
	}
	put := func(ms int64, msgs ...string) {
		var events []logtypes.InputLogEvent
		for _, m := range msgs {
			events = append(events, logtypes.InputLogEvent{Timestamp: aws.Int64(ms), Message: aws.String(m)})
		}
		if _, err := c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String(group), LogStreamName: aws.String("copilot/api/t1"), LogEvents: events}); err != nil {
			t.Error(err)
		}
	}
	base := time.Now().Add(-time.Minute).UnixMilli()
	put(base, "one")

	got := make(chan logs.Event, 10)
	fctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- logs.Read(fctx, c, group, logs.Options{Start: time.UnixMilli(base - 1000), Follow: true, Poll: time.Millisecond},
			func(e logs.Event) error { got <- e; return nil })
	}()
	want := func(msg string) {
		t.Helper()
		if e := <-got; e.Message != msg || e.Task != "t1" || e.Container != "api" {
			t.Fatalf("got %+v, want message %q from api/t1", e, msg)
		}
	}
	want("one")
	put(base, "two") // the same millisecond as "one"
	want("two")
	put(base+5, "three", "four")
	want("three")
	want("four")
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("follow ended with %v, want nil", err)
	}
	select {
	case e := <-got:
		t.Fatalf("an event arrived twice or late: %+v", e)
	default:
	}
}
