package drift

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
)

// fakeDrift is a CloudFormation that answers from fields: detection is in
// progress for inProgress polls, then status; resource drifts come in
// pages.
type fakeDrift struct {
	detectErr, statusErr, driftsErr error
	inProgress                      int
	status                          cloudformation.DescribeStackDriftDetectionStatusOutput
	pages                           [][]cfntypes.StackResourceDrift
	polls, pageCalls                int
}

func (f *fakeDrift) DetectStackDrift(context.Context, *cloudformation.DetectStackDriftInput, ...func(*cloudformation.Options)) (*cloudformation.DetectStackDriftOutput, error) {
	return &cloudformation.DetectStackDriftOutput{StackDriftDetectionId: aws.String("d-1")}, f.detectErr
}

func (f *fakeDrift) DescribeStackDriftDetectionStatus(context.Context, *cloudformation.DescribeStackDriftDetectionStatusInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackDriftDetectionStatusOutput, error) {
	f.polls++
	if f.statusErr != nil {
		return nil, f.statusErr
	}
	if f.polls <= f.inProgress {
		return &cloudformation.DescribeStackDriftDetectionStatusOutput{DetectionStatus: cfntypes.StackDriftDetectionStatusDetectionInProgress}, nil
	}
	out := f.status
	return &out, nil
}

func (f *fakeDrift) DescribeStackResourceDrifts(_ context.Context, in *cloudformation.DescribeStackResourceDriftsInput, _ ...func(*cloudformation.Options)) (*cloudformation.DescribeStackResourceDriftsOutput, error) {
	if f.driftsErr != nil {
		return nil, f.driftsErr
	}
	i := f.pageCalls
	f.pageCalls++
	out := &cloudformation.DescribeStackResourceDriftsOutput{StackResourceDrifts: f.pages[i]}
	if i+1 < len(f.pages) {
		out.NextToken = aws.String("next")
	}
	return out, nil
}

func deleted(id string) cfntypes.StackResourceDrift {
	return cfntypes.StackResourceDrift{LogicalResourceId: aws.String(id), ResourceType: aws.String("AWS::Logs::LogGroup"),
		StackResourceDriftStatus: cfntypes.StackResourceDriftStatusDeleted}
}

func drifted(n int32) cloudformation.DescribeStackDriftDetectionStatusOutput {
	return cloudformation.DescribeStackDriftDetectionStatusOutput{DetectionStatus: cfntypes.StackDriftDetectionStatusDetectionComplete,
		StackDriftStatus: cfntypes.StackDriftStatusDrifted, DriftedStackResourceCount: aws.Int32(n)}
}

func TestDetectStack(t *testing.T) {
	refused := &smithy.GenericAPIError{Code: "ValidationError", Message: "Drift detection is not supported for stacks in UPDATE_IN_PROGRESS status"}
	for name, c := range map[string]struct {
		api       *fakeDrift
		logical   []string
		note, err string
		polls     int
	}{
		"in sync, no resource read": {api: &fakeDrift{inProgress: 2, status: cloudformation.DescribeStackDriftDetectionStatusOutput{
			DetectionStatus: cfntypes.StackDriftDetectionStatusDetectionComplete, StackDriftStatus: cfntypes.StackDriftStatusInSync,
			DriftedStackResourceCount: aws.Int32(0)}}, polls: 3},
		"two pages": {api: &fakeDrift{status: drifted(2), pages: [][]cfntypes.StackResourceDrift{{deleted("A")}, {deleted("B")}}},
			logical: []string{"A", "B"}, polls: 1},
		"detection failed, partial results": {api: &fakeDrift{status: cloudformation.DescribeStackDriftDetectionStatusOutput{
			DetectionStatus: cfntypes.StackDriftDetectionStatusDetectionFailed, DetectionStatusReason: aws.String("Failed to detect drift on resource [X]")},
			pages: [][]cfntypes.StackResourceDrift{{deleted("A")}}}, logical: []string{"A"}, polls: 1,
			note: "stack demo-test-api: CloudFormation could not check every resource: Failed to detect drift on resource [X]"},
		"refused": {api: &fakeDrift{detectErr: refused},
			err: "starting drift detection on stack demo-test-api: Drift detection is not supported for stacks in UPDATE_IN_PROGRESS status (ValidationError)"},
		"status error": {api: &fakeDrift{statusErr: errors.New("connection reset")}, polls: 1,
			err: "waiting for drift detection of stack demo-test-api: connection reset"},
		"drifts error": {api: &fakeDrift{status: drifted(1), driftsErr: errors.New("connection reset")}, polls: 1,
			err: "reading the drifted resources of stack demo-test-api: connection reset"},
	} {
		t.Run(name, func(t *testing.T) {
			live := &planner.LiveStack{Name: "demo-test-api", ID: "arn:stack/demo-test-api/1"}
			res := detectStack(context.Background(), stackCheck{addr: addr.Deploy("test", "api"), live: live, api: c.api},
				Options{PollInterval: time.Microsecond, StackTimeout: time.Minute})
			var logical []string
			for _, f := range res.findings {
				logical = append(logical, f.LogicalID)
			}
			if diff := cmp.Diff(c.logical, logical); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if res.note != c.note {
				t.Errorf("note %q, want %q", res.note, c.note)
			}
			if got := errText(res.err); got != c.err {
				t.Errorf("err %q, want %q", got, c.err)
			}
			if c.api.polls != c.polls {
				t.Errorf("%d polls, want %d", c.api.polls, c.polls)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestResourceFindingsModified(t *testing.T) {
	d := cfntypes.StackResourceDrift{LogicalResourceId: aws.String("Rule"), PhysicalResourceId: aws.String("rule-1"),
		ResourceType: aws.String("AWS::Events::Rule"), StackResourceDriftStatus: cfntypes.StackResourceDriftStatusModified,
		PropertyDifferences: []cfntypes.PropertyDifference{
			{PropertyPath: aws.String("/State"), ExpectedValue: aws.String("ENABLED"), ActualValue: aws.String("DISABLED"), DifferenceType: cfntypes.DifferenceTypeNotEqual},
			{PropertyPath: aws.String("/Targets/0/Input"), ActualValue: aws.String(`{"a":1}`), DifferenceType: cfntypes.DifferenceTypeAdd},
			{PropertyPath: aws.String("/Description"), ExpectedValue: aws.String("daily"), DifferenceType: cfntypes.DifferenceTypeRemove},
		}}
	live := &planner.LiveStack{Account: "222222222222", Region: "eu-west-1", Name: "demo-test-batch", Status: "UPDATE_COMPLETE"}
	got := resourceFindings(stackCheck{addr: addr.Deploy("test", "batch"), live: live}, d)
	type kv struct {
		Path, Diff       string
		Expected, Actual any
	}
	var rows []kv
	for _, f := range got {
		if f.Kind != ResourceModified || f.Stack != "demo-test-batch" || f.PhysicalID != "rule-1" || f.Status != "" {
			t.Errorf("finding %+v", f)
		}
		rows = append(rows, kv{f.Path, f.Difference, f.Expected, f.Actual})
	}
	want := []kv{
		{"Properties.State", "NOT_EQUAL", "ENABLED", "DISABLED"},
		{"Properties.Targets[0].Input", "ADD", nil, map[string]any{"a": 1.0}},
		{"Properties.Description", "REMOVE", "daily", nil},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
