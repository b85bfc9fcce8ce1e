package awssim_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"flightplan/awssim"
	"flightplan/awssim/awssimtest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

func TestDrift(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	createStack(t, c, "net", vpcTemplate)
	if err := ts.DriftResource(testAccount, "us-east-1", "net", "Subnet", map[string]any{"CidrBlock": "10.0.7.0/24", "MapPublicIpOnLaunch": true}); err != nil {
		t.Fatal(err)
	}
	if err := ts.DeleteResourceBehindCFN(testAccount, "us-east-1", "net", "Logs"); err != nil {
		t.Fatal(err)
	}
	det, err := c.DetectStackDrift(ctx, &cloudformation.DetectStackDriftInput{StackName: aws.String("net")})
	if err != nil {
		t.Fatal(err)
	}
	var status *cloudformation.DescribeStackDriftDetectionStatusOutput
	for range 10 {
		status, err = c.DescribeStackDriftDetectionStatus(ctx, &cloudformation.DescribeStackDriftDetectionStatusInput{StackDriftDetectionId: det.StackDriftDetectionId})
		if err != nil {
			t.Fatal(err)
		}
		if status.DetectionStatus == types.StackDriftDetectionStatusDetectionComplete {
			break
		}
	}
	if status.StackDriftStatus != types.StackDriftStatusDrifted || aws.ToInt32(status.DriftedStackResourceCount) != 2 {
		t.Fatalf("detection = %s, %d drifted", status.StackDriftStatus, aws.ToInt32(status.DriftedStackResourceCount))
	}
	drifts, err := c.DescribeStackResourceDrifts(ctx, &cloudformation.DescribeStackResourceDriftsInput{StackName: aws.String("net"),
		StackResourceDriftStatusFilters: []types.StackResourceDriftStatus{types.StackResourceDriftStatusModified, types.StackResourceDriftStatusDeleted}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range drifts.StackResourceDrifts {
		got[aws.ToString(d.LogicalResourceId)] = string(d.StackResourceDriftStatus)
		for _, p := range d.PropertyDifferences {
			got[aws.ToString(p.PropertyPath)] = string(p.DifferenceType) + " " + aws.ToString(p.ExpectedValue) + " -> " + aws.ToString(p.ActualValue)
		}
	}
	want := map[string]string{"Subnet": "MODIFIED", "Logs": "DELETED", "/CidrBlock": "NOT_EQUAL 10.0.1.0/24 -> 10.0.7.0/24", "/MapPublicIpOnLaunch": "ADD  -> true"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	st := waitStack(t, c, "net")
	if st.DriftInformation == nil || st.DriftInformation.StackDriftStatus != types.StackDriftStatusDrifted {
		t.Errorf("stack drift information = %+v", st.DriftInformation)
	}
}

func TestControlEndpointAndSetStackStatus(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	createStack(t, c, "net", vpcTemplate)
	body := `{"account": "` + testAccount + `", "stack": "net", "status": "UPDATE_ROLLBACK_FAILED"}`
	resp, err := http.Post(ts.URL+"/_sim/cfn/stack-status", "application/json", bytes.NewBufferString(body))
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("stack-status: %v %v", resp, err)
	}
	resp.Body.Close()
	st := waitStack(t, c, "net")
	if st.StackStatus != types.StackStatusUpdateRollbackFailed {
		t.Fatalf("status = %s", st.StackStatus)
	}
	_, err = c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("net"), UsePreviousTemplate: aws.Bool(true)})
	apiError(t, err, "ValidationError", "is in UPDATE_ROLLBACK_FAILED state and can not be updated.")
	if _, err := c.ContinueUpdateRollback(ctx, &cloudformation.ContinueUpdateRollbackInput{StackName: aws.String("net")}); err != nil {
		t.Fatal(err)
	}
	if st := waitStack(t, c, "net"); st.StackStatus != types.StackStatusUpdateRollbackComplete {
		t.Fatalf("after ContinueUpdateRollback: %s", st.StackStatus)
	}
	resp, err = http.Post(ts.URL+"/_sim/cfn/fail-resource", "application/json", bytes.NewBufferString(`{"logicalId": "Subnet", "reason": "boom"}`))
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("fail-resource: %v %v", resp, err)
	}
	resp.Body.Close()
	if st := createStack(t, c, "net2", vpcTemplate); st.StackStatus != types.StackStatusRollbackComplete {
		t.Fatalf("fault from the control endpoint not applied: %s", st.StackStatus)
	}
	resp, _ = http.Post(ts.URL+"/_sim/cfn/nope", "application/json", nil)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown endpoint: %d", resp.StatusCode)
	}
	resp.Body.Close()
}

func TestTimelineShowsParallelStacks(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	for _, n := range []string{"a", "b"} {
		body := strings.NewReplacer(`, "Export": {"Name": "net-vpc"}`, "", "/app/logs", "/"+n).Replace(vpcTemplate)
		if _, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String(n), TemplateBody: aws.String(body)}); err != nil {
			t.Fatal(err)
		}
	}
	waitStack(t, c, "a")
	waitStack(t, c, "b")
	tl := ts.Timeline()
	if len(tl) != 2 || tl[0].Status != "CREATE_COMPLETE" || tl[1].Status != "CREATE_COMPLETE" || !tl[1].Start.Before(tl[0].End) {
		t.Fatalf("timeline = %+v", tl)
	}
}

func TestStatePersistsAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	ts := awssimtest.Start(t, awssim.Options{StateDir: dir})
	c := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	createStack(t, c, "net", vpcTemplate)
	ts2 := awssimtest.Start(t, awssim.Options{StateDir: dir})
	ts2.Clock.Advance(ts.Clock.Now().Sub(ts2.Clock.Now()))
	c2 := cloudformation.NewFromConfig(ts2.Config(testAccount, "us-east-1"))
	st := waitStack(t, c2, "net")
	if st.StackStatus != types.StackStatusCreateComplete || len(st.Outputs) != 2 {
		t.Fatalf("after restart: %s, %d outputs", st.StackStatus, len(st.Outputs))
	}
	ex, err := c2.ListExports(context.Background(), &cloudformation.ListExportsInput{})
	if err != nil || len(ex.Exports) != 1 {
		t.Fatalf("exports after restart: %v, %v", ex, err)
	}
}
