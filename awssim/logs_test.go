package awssim_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim/awssimtest"
)

// TestLogsOfStackGroups writes events to a stack's log group and reads
// them back with FilterLogEvents through the real client: by time, by
// stream, by pattern (terms, phrases, ?any, -exclude) and by pages.
func TestLogsOfStackGroups(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cf := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	createStack(t, cf, "shop-test-web", `Resources: {LogGroup: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: /copilot/shop-test-web}}}`)
	c := cloudwatchlogs.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	group := aws.String("/copilot/shop-test-web")
	put := func(stream string, events ...logtypes.InputLogEvent) {
		t.Helper()
		if _, err := c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: group, LogStreamName: aws.String(stream)}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: group, LogStreamName: aws.String(stream), LogEvents: events}); err != nil {
			t.Fatal(err)
		}
	}
	ev := func(ms int64, msg string) logtypes.InputLogEvent {
		return logtypes.InputLogEvent{Timestamp: aws.Int64(ms), Message: aws.String(msg)}
	}
	put("copilot/web/task1", ev(1000, "GET / 200"), ev(3000, "ERROR connection refused"), ev(5000, "DEBUG ERROR retry"))
	put("copilot/web/task2", ev(2000, "WARN slow"), ev(4000, "GET /health 200"))

	messages := func(in *cloudwatchlogs.FilterLogEventsInput) []string {
		t.Helper()
		in.LogGroupName = group
		var out []string
		p := cloudwatchlogs.NewFilterLogEventsPaginator(c, in)
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page.Events {
				out = append(out, aws.ToString(e.Message))
			}
		}
		return out
	}
	tests := map[string]struct {
		in   *cloudwatchlogs.FilterLogEventsInput
		want []string
	}{
		"all in time order, two per page": {&cloudwatchlogs.FilterLogEventsInput{Limit: aws.Int32(2)},
			[]string{"GET / 200", "WARN slow", "ERROR connection refused", "GET /health 200", "DEBUG ERROR retry"}},
		"since":           {&cloudwatchlogs.FilterLogEventsInput{StartTime: aws.Int64(3000)}, []string{"ERROR connection refused", "GET /health 200", "DEBUG ERROR retry"}},
		"one stream":      {&cloudwatchlogs.FilterLogEventsInput{LogStreamNames: []string{"copilot/web/task2"}}, []string{"WARN slow", "GET /health 200"}},
		"phrase":          {&cloudwatchlogs.FilterLogEventsInput{FilterPattern: aws.String(`"connection refused"`)}, []string{"ERROR connection refused"}},
		"any":             {&cloudwatchlogs.FilterLogEventsInput{FilterPattern: aws.String(`?WARN ?refused`)}, []string{"WARN slow", "ERROR connection refused"}},
		"term, exclusion": {&cloudwatchlogs.FilterLogEventsInput{FilterPattern: aws.String(`ERROR -DEBUG`)}, []string{"ERROR connection refused"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, messages(tc.in)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}

	_, err := c.FilterLogEvents(ctx, &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("/copilot/none")})
	var nf *logtypes.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("missing group: %v; want ResourceNotFoundException", err)
	}
	_, err = c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: group, LogStreamName: aws.String("copilot/web/task1")})
	var exists *logtypes.ResourceAlreadyExistsException
	if !errors.As(err, &exists) {
		t.Errorf("second stream of the same name: %v; want ResourceAlreadyExistsException", err)
	}
}
