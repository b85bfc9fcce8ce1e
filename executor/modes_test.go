package executor

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"

	"flightplan/addr"
	"flightplan/awssim"
	"flightplan/planner"
	"flightplan/stacks"
)

// With NoRollback a failed create is left in CREATE_FAILED, keeping what
// it made, and says how to recover; the next apply, the cause gone,
// retries it as an update.
func TestNoRollbackLeavesTheStackFailedAndRetries(t *testing.T) {
	ts, opts := simOptions(t)
	opts.NoRollback = true
	nodes := testApp()[:1]
	ts.FailResource(awssim.ResourceFault{LogicalID: "Topic", Reason: "injected"})
	res, err := Apply(context.Background(), applyPlan(nodes, planner.Create, "v1"), opts)
	if err == nil {
		t.Fatal("the first apply succeeded")
	}
	var se *StackError
	if !errors.As(res.Outcomes[addr.App()].Err, &se) || se.Status != "CREATE_FAILED" ||
		!strings.Contains(se.Recovery, "apply again to retry the create") {
		t.Fatalf("error %v, want CREATE_FAILED with the recovery step", res.Outcomes[addr.App()].Err)
	}
	out, err := cfnOf(t, opts, appAccount).DescribeStackResource(context.Background(), &cloudformation.DescribeStackResourceInput{
		StackName: aws.String(nodes[0].stack), LogicalResourceId: aws.String("Logs")})
	if err != nil || out.StackResourceDetail.ResourceStatus != "CREATE_COMPLETE" {
		t.Fatalf("the log group that was created is not kept: %v", err)
	}
	ts.ClearResourceFaults()
	res, err = Apply(context.Background(), applyPlan(nodes, planner.Update, "v1"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(res)["app"]; got != "succeeded update" {
		t.Fatalf("retry: %s", got)
	}
}

// An update that fails with NoRollback stays UPDATE_FAILED and names both
// ways out: apply again, or rollback-stack.
func TestNoRollbackUpdateFailed(t *testing.T) {
	ts, opts := simOptions(t)
	nodes := testApp()[:1]
	if _, err := Apply(context.Background(), applyPlan(nodes, planner.Create, "v1"), opts); err != nil {
		t.Fatal(err)
	}
	ts.FailResource(awssim.ResourceFault{LogicalID: "Topic", Reason: "injected"})
	opts.NoRollback = true
	res, _ := Apply(context.Background(), applyPlan(nodes, planner.Update, "v2"), opts)
	var se *StackError
	if !errors.As(res.Outcomes[addr.App()].Err, &se) || se.Status != "UPDATE_FAILED" || !strings.Contains(se.Recovery, "rollback-stack") {
		t.Fatalf("error %v, want UPDATE_FAILED naming rollback-stack", res.Outcomes[addr.App()].Err)
	}
}

// An express update that fails rolls back as a standard one does: express
// mode turns rollback off unless it is asked for, so the change set asks
// for it, and only --no-rollback leaves the stack UPDATE_FAILED.
func TestExpressFailureRollsBack(t *testing.T) {
	for _, noRollback := range []bool{false, true} {
		ts, opts := simOptions(t)
		nodes := testApp()[:1]
		if _, err := Apply(context.Background(), applyPlan(nodes, planner.Create, "v1"), opts); err != nil {
			t.Fatal(err)
		}
		p := applyPlan(nodes, planner.Update, "v2")
		p.Changes[0].Desired.Stack.DeployMode = stacks.DeployExpress
		ts.FailResource(awssim.ResourceFault{LogicalID: "Topic", Reason: "injected"})
		opts.NoRollback = noRollback
		res, _ := Apply(context.Background(), p, opts)
		var se *StackError
		want := "UPDATE_ROLLBACK_COMPLETE"
		if noRollback {
			want = "UPDATE_FAILED"
		}
		if !errors.As(res.Outcomes[addr.App()].Err, &se) || se.Status != want {
			t.Errorf("no-rollback %v: error %v, want the stack %s", noRollback, res.Outcomes[addr.App()].Err, want)
		}
	}
}
