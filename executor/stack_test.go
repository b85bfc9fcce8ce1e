package executor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/awssim"
	"flightplan/cloud"
	"flightplan/planner"
)

func cfnOf(t *testing.T, opts Options, account string) *cloudformation.Client {
	t.Helper()
	cl, err := opts.Provider.For(context.Background(), cloud.Target{Account: account, Region: region})
	if err != nil {
		t.Fatal(err)
	}
	return cl.CFN
}

func TestStackFoundInProgressIsWaitedFor(t *testing.T) {
	ts, opts := simOptions(t)
	ts.Clock.SetStep(100 * time.Millisecond) // the stack is still creating when Apply looks
	nodes := testApp()[:1]
	_, err := cfnOf(t, opts, appAccount).CreateStack(context.Background(), &cloudformation.CreateStackInput{
		StackName: aws.String(nodes[0].stack), TemplateBody: aws.String(string(topicTemplate("other"))),
		Tags: []cfntypes.Tag{{Key: aws.String("copilot-application"), Value: aws.String("demo")}}})
	if err != nil {
		t.Fatal(err)
	}
	h := &eventHooks{}
	opts.Hooks = h
	res, err := Apply(context.Background(), applyPlan(nodes, planner.Update, "v1"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if o := res.Outcomes[addr.App()]; o.Status != Succeeded || o.Action != planner.Update {
		t.Fatalf("outcome %+v", o)
	}
	if ev := h.events[addr.App()]; len(ev) == 0 || !strings.Contains(ev[0].Reason, "found in progress") {
		t.Fatalf("first event %+v, want the wait to be reported", ev)
	}
	var got []string
	for _, op := range opsByStack(ts)[nodes[0].stack] {
		got = append(got, op.Operation+" "+op.Status)
	}
	if d := cmp.Diff([]string{"CREATE CREATE_COMPLETE", "UPDATE UPDATE_COMPLETE"}, got); d != "" {
		t.Fatalf("operations (-want +got):\n%s", d)
	}
}

func TestDeleteFailedNamesTheRootCauseAndRecovery(t *testing.T) {
	ts, opts := simOptions(t)
	nodes := testApp()[:1]
	if _, err := Apply(context.Background(), applyPlan(nodes, planner.Create, "v1"), opts); err != nil {
		t.Fatal(err)
	}
	ts.FailResource(awssim.ResourceFault{LogicalID: "Logs", Operation: "delete", Reason: "injected: log group in use"})
	res, err := Destroy(context.Background(), destroyPlan(nodes), opts)
	if err == nil {
		t.Fatal("Destroy succeeded")
	}
	o := res.Outcomes[addr.App()]
	var se *StackError
	if !errors.As(o.Err, &se) || se.Status != "DELETE_FAILED" || o.RootCause != "DELETE_FAILED: Logs (AWS::Logs::LogGroup): injected: log group in use" {
		t.Fatalf("outcome %+v", o)
	}
	if !strings.Contains(se.Recovery, "run: aws cloudformation delete-stack --stack-name demo-infrastructure-roles --region eu-west-1") {
		t.Fatalf("recovery %q", se.Recovery)
	}
	if docValue(t, opts, docName(addr.App())) == "" {
		t.Fatal("the document of a stack that failed to delete was removed")
	}
	assertUnlocked(t, opts)
}

func TestEventsAreStreamedOnceOldestFirst(t *testing.T) {
	_, opts := simOptions(t)
	nodes := testApp()[:1]
	h := &eventHooks{}
	opts.Hooks = h
	if _, err := Apply(context.Background(), applyPlan(nodes, planner.Create, "v1"), opts); err != nil {
		t.Fatal(err)
	}
	out, err := cfnOf(t, opts, appAccount).DescribeStackEvents(context.Background(), &cloudformation.DescribeStackEventsInput{StackName: aws.String(nodes[0].stack)})
	if err != nil {
		t.Fatal(err)
	}
	var want []Event
	for _, ev := range out.StackEvents {
		if e := eventOf(ev); e.Status != "REVIEW_IN_PROGRESS" { // the change set's, before the operation
			want = append(want, e)
		}
	}
	slices.Reverse(want)
	if d := cmp.Diff(want, h.events[addr.App()]); d != "" {
		t.Fatalf("events (-want +got):\n%s", d)
	}
	if last := want[len(want)-1]; last.LogicalID != nodes[0].stack || last.Status != "CREATE_COMPLETE" {
		t.Fatalf("last event %+v", last)
	}
}

func TestNoChangesTouchesNothing(t *testing.T) {
	ts, opts := simOptions(t)
	res, err := Apply(context.Background(), applyPlan(testApp(), planner.NoOp, "v1"), opts)
	if err != nil || res.Counts != (Counts{Unchanged: len(testApp())}) {
		t.Fatalf("Apply = %v, counts %+v", err, res.Counts)
	}
	if n := ts.TotalCalls(); n != 0 {
		t.Fatalf("%d calls for a plan without changes", n)
	}
}

func TestExportInUseNamesTheCauseNotOnlyTheStatus(t *testing.T) {
	_, opts := simOptions(t)
	exporting := func(value string) []byte {
		return fmt.Appendf(nil, `{"Resources":{"Logs":{"Type":"AWS::Logs::LogGroup"}},"Outputs":{"Group":{"Value":%q,"Export":{"Name":"demo-test-Group"}}}}`, value)
	}
	importing := []byte(`{"Resources":{"Topic":{"Type":"AWS::SNS::Topic","Properties":{"DisplayName":{"Fn::ImportValue":"demo-test-Group"}}}}}`)
	nodes := []node{testApp()[2], testApp()[5]} // env/test, deploy/test/api
	nodes[1].deps = []addr.Address{addr.Env("test")}
	p := applyPlan(nodes, planner.Create, "v1")
	p.Changes[0].Desired.Stack.Template = exporting("one")
	p.Changes[1].Desired.Stack.Template = importing
	if _, err := Apply(context.Background(), p, opts); err != nil {
		t.Fatal(err)
	}
	p = applyPlan(nodes[:1], planner.Update, "v1")
	p.Changes[0].Desired.Stack.Template = exporting("two")
	res, err := Apply(context.Background(), p, opts)
	if err == nil {
		t.Fatal("Apply succeeded")
	}
	want := "UPDATE_ROLLBACK_COMPLETE: Cannot update export demo-test-Group as it is in use by demo-test-api"
	if got := res.Outcomes[addr.Env("test")].RootCause; got != want {
		t.Errorf("root cause %q\nwant       %q", got, want)
	}
}

// TestQuietStackEventsAreReadLessOften applies one stack and checks that
// its events were read at fewer polls than its status while it was quiet,
// and that every event still reached the hooks (the final read).
func TestQuietStackEventsAreReadLessOften(t *testing.T) {
	ts, opts := simOptions(t)
	nodes := testApp()[:1]
	h := &eventHooks{}
	opts.Hooks = h
	p := applyPlan(nodes, planner.Create, "v1")
	// A load balancer: minutes of a stack with nothing new to tell.
	p.Changes[0].Desired.Stack.Template = []byte(`{"Resources": {"LB": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {}}}}`)
	if _, err := Apply(context.Background(), p, opts); err != nil {
		t.Fatal(err)
	}
	status, events := ts.CallCount("cloudformation", "DescribeStacks"), ts.CallCount("cloudformation", "DescribeStackEvents")
	t.Logf("DescribeStacks %d, DescribeStackEvents %d", status, events)
	if events == 0 || 2*events >= status {
		t.Errorf("DescribeStackEvents %d calls, DescribeStacks %d: want events read at less than half the polls of the status", events, status)
	}
	if evs := h.events[addr.App()]; len(evs) == 0 || evs[len(evs)-1].Status != "CREATE_COMPLETE" {
		t.Errorf("events reported: %+v, want the stack's CREATE_COMPLETE last", evs)
	}
}

// inProgressPlan is the plan of the first two nodes of testApp when the
// first one's stack, created outside the plan, was still being created
// when planned: nothing to change there, the second node to create.
func inProgressPlan(t *testing.T, opts Options) ([]node, *planner.Plan) {
	t.Helper()
	nodes := testApp()[:2]
	_, err := cfnOf(t, opts, appAccount).CreateStack(context.Background(), &cloudformation.CreateStackInput{
		StackName: aws.String(nodes[0].stack), TemplateBody: aws.String(string(topicTemplate("v1"))),
		Tags: []cfntypes.Tag{{Key: aws.String("copilot-application"), Value: aws.String("demo")}}})
	if err != nil {
		t.Fatal(err)
	}
	p := applyPlan(nodes, planner.Create, "v1")
	first := p.Changes[0]
	first.Action, first.Stack.Action, first.Stack.Status = planner.NoOp, planner.NoOp, "CREATE_IN_PROGRESS"
	return nodes, p
}

// A no-op node whose stack was in progress when planned is waited for, not
// changed, before the nodes that depend on it start.
func TestDependentsWaitForAStackFoundInProgress(t *testing.T) {
	ts, opts := simOptions(t)
	ts.Clock.SetStep(100 * time.Millisecond) // the stack is still creating when Apply looks
	nodes, p := inProgressPlan(t, opts)
	h := &eventHooks{}
	opts.Hooks = h
	res, err := Apply(context.Background(), p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if o := res.Outcomes[addr.App()]; o.Status != Unchanged || o.Action != planner.NoOp {
		t.Errorf("app: outcome %+v, want unchanged", o)
	}
	if ev := h.events[addr.App()]; len(ev) == 0 || !strings.Contains(ev[0].Reason, "waiting for it to settle before the nodes that depend on it start") {
		t.Errorf("app's events %+v, want the wait reported", ev)
	}
	ops := opsByStack(ts)
	app, reg := ops[nodes[0].stack], ops[nodes[1].stack]
	if len(app) != 1 || len(reg) != 1 {
		t.Fatalf("operations: app %+v, region %+v; want one each (the app's stack is not changed)", app, reg)
	}
	if reg[0].Start.Before(app[0].End) {
		t.Errorf("the region's stack started at %s, before the app's stack it depends on settled at %s", reg[0].Start, app[0].End)
	}
}

// When the operation found in progress ends in a rollback, the node fails
// and its dependents are skipped: the plan was made against a stack that
// did not come to be.
func TestStackFoundInProgressThatRollsBackSkipsDependents(t *testing.T) {
	ts, opts := simOptions(t)
	ts.Clock.SetStep(100 * time.Millisecond)
	ts.FailResource(awssim.ResourceFault{LogicalID: "Logs", Operation: "create", Reason: "injected: no room"})
	_, p := inProgressPlan(t, opts)
	res, err := Apply(context.Background(), p, opts)
	if err == nil {
		t.Fatal("Apply succeeded")
	}
	o := res.Outcomes[addr.App()]
	var se *StackError
	if o.Status != Failed || !errors.As(o.Err, &se) || se.Status != "ROLLBACK_COMPLETE" ||
		!strings.Contains(se.Error(), "It was CREATE_IN_PROGRESS when planned: run plan again") {
		t.Errorf("app: outcome %+v (error %v)", o, o.Err)
	}
	if o := res.Outcomes[addr.Region(region)]; o.Status != Skipped {
		t.Errorf("region: outcome %+v, want skipped", o)
	}
}
