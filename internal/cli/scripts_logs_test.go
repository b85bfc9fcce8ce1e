package cli

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/rogpeppe/go-internal/testscript"
)

// putlogs GROUP STREAM AGO MESSAGE... writes log events to a stream of a
// log group in the simulator at $SIMADDR, as a task's awslogs driver does,
// creating the stream if needed: one event per message, AGO (a duration)
// before now, a millisecond apart.
func putlogs(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 4 {
		ts.Fatalf("usage: putlogs GROUP STREAM AGO MESSAGE...")
	}
	ago, err := time.ParseDuration(args[2])
	if err != nil {
		ts.Fatalf("putlogs: %v", err)
	}
	c, ctx := simClients(ts), context.Background()
	group, stream := aws.String(args[0]), aws.String(args[1])
	_, err = c.Logs.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: group, LogStreamName: stream})
	var exists *logtypes.ResourceAlreadyExistsException
	if err != nil && !errors.As(err, &exists) {
		ts.Fatalf("putlogs: %v", err)
	}
	at := time.Now().Add(-ago)
	var events []logtypes.InputLogEvent
	for i, m := range args[3:] {
		events = append(events, logtypes.InputLogEvent{Timestamp: aws.Int64(at.UnixMilli() + int64(i)), Message: aws.String(m)})
	}
	if _, err := c.Logs.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: group, LogStreamName: stream, LogEvents: events}); err != nil {
		ts.Fatalf("putlogs: %v", err)
	}
}
