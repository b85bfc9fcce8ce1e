package executor

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/awssim"
	"flightplan/awssim/awssimtest"
	"flightplan/cloud"
	"flightplan/planner"
)

// opsByStack indexes the timeline: every operation of each stack, in order.
func opsByStack(ts *awssimtest.TestServer) map[string][]awssim.StackOperation {
	out := map[string][]awssim.StackOperation{}
	for _, op := range ts.Timeline() {
		out[op.Stack] = append(out[op.Stack], op)
	}
	return out
}

// maxOverlap is the largest number of stack operations running at one
// simulated instant.
func maxOverlap(ops []awssim.StackOperation) int {
	type edge struct {
		t     time.Time
		delta int
	}
	var edges []edge
	for _, op := range ops {
		edges = append(edges, edge{op.Start, 1}, edge{op.End, -1})
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].t.Equal(edges[j].t) {
			return edges[i].delta < edges[j].delta // an end before a start
		}
		return edges[i].t.Before(edges[j].t)
	})
	n, peak := 0, 0
	for _, e := range edges {
		n += e.delta
		peak = max(peak, n)
	}
	return peak
}

// stackOf maps the test app's addresses to their stacks.
func stackOf(nodes []node) map[addr.Address]string {
	out := map[addr.Address]string{}
	for _, n := range nodes {
		out[n.a] = n.stack
	}
	return out
}

// stackDeps are the stacks a node's stack must wait for: its dependencies'
// stacks, through document-only nodes.
func stackDeps(nodes []node, n node) []string {
	byAddr := map[addr.Address]node{}
	for _, m := range nodes {
		byAddr[m.a] = m
	}
	var out []string
	var visit func(a addr.Address)
	visit = func(a addr.Address) {
		d := byAddr[a]
		if d.stack != "" {
			out = append(out, d.stack)
			return
		}
		for _, dd := range d.deps {
			visit(dd)
		}
	}
	for _, d := range n.deps {
		visit(d)
	}
	return out
}

func TestFirstApplyCreatesInDependencyOrder(t *testing.T) {
	for i := range 4 {
		ts, opts := simOptions(t)
		opts.Parallelism = 1 + i%3
		nodes := testApp()
		res, err := Apply(context.Background(), applyPlan(nodes, planner.Create, "v1"), opts)
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		if res.Counts != (Counts{Created: len(nodes)}) {
			t.Fatalf("run %d: counts %+v", i, res.Counts)
		}
		ops := opsByStack(ts)
		for _, n := range nodes {
			if n.stack == "" {
				continue
			}
			op := ops[n.stack][0]
			if op.Operation != "CREATE" || op.Status != "CREATE_COMPLETE" {
				t.Fatalf("run %d: %s: %s %s", i, n.stack, op.Operation, op.Status)
			}
			for _, d := range stackDeps(nodes, n) {
				if dep := ops[d][0]; op.Start.Before(dep.End) {
					t.Fatalf("run %d: %s started at %s, before %s ended at %s", i, n.stack, op.Start, d, dep.End)
				}
			}
		}
		if peak := maxOverlap(ts.Timeline()); peak > opts.Parallelism {
			t.Fatalf("run %d: %d stack operations at once, parallelism %d", i, peak, opts.Parallelism)
		}
		for _, n := range nodes {
			if n.doc && docValue(t, opts, docName(n.a)) != `{"marker":"v1"}` {
				t.Fatalf("run %d: document of %s not written", i, n.a)
			}
		}
		assertUnlocked(t, opts)
	}
}

func TestEmptyChangeSetIsANoOpAndIsDeleted(t *testing.T) {
	ts, opts := simOptions(t)
	nodes := testApp()
	if _, err := Apply(context.Background(), applyPlan(nodes, planner.Create, "v1"), opts); err != nil {
		t.Fatal(err)
	}
	ts.ResetCounters()
	p := applyPlan(nodes, planner.Update, "v1")
	for _, c := range p.Changes {
		for _, prm := range c.Desired.Parameters {
			c.Parameters = append(c.Parameters, &planner.ParameterChange{Name: prm.Name, Action: planner.NoOp})
		}
	}
	res, err := Apply(context.Background(), p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts != (Counts{Unchanged: len(nodes)}) {
		t.Fatalf("counts %+v, want all unchanged", res.Counts)
	}
	stacks := 0
	for _, n := range nodes {
		if n.stack != "" {
			stacks++
		}
	}
	if got := ts.CallCount("cloudformation", "DeleteChangeSet"); got != stacks {
		t.Fatalf("%d change sets deleted, want %d", got, stacks)
	}
	if got := ts.CallCount("cloudformation", "ExecuteChangeSet"); got != 0 {
		t.Fatalf("%d change sets executed", got)
	}
}

func TestUpdateChangesStacksAndDocuments(t *testing.T) {
	ts, opts := simOptions(t)
	nodes := testApp()
	if _, err := Apply(context.Background(), applyPlan(nodes, planner.Create, "v1"), opts); err != nil {
		t.Fatal(err)
	}
	res, err := Apply(context.Background(), applyPlan(nodes, planner.Update, "v2"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts != (Counts{Updated: len(nodes)}) {
		t.Fatalf("counts %+v", res.Counts)
	}
	if ops := opsByStack(ts)["demo-test"]; len(ops) != 2 || ops[1].Status != "UPDATE_COMPLETE" {
		t.Fatalf("demo-test operations %+v", ops)
	}
	if got := docValue(t, opts, docName(addr.Env("test"))); got != `{"marker":"v2"}` {
		t.Fatalf("document %s", got)
	}
}

// eventHooks records the events and the messages.
type eventHooks struct {
	NopHooks
	mu       sync.Mutex
	events   map[addr.Address][]Event
	messages []string
	onEvent  func(a addr.Address, e Event)
}

func (h *eventHooks) NodeEvent(a addr.Address, e Event) {
	h.mu.Lock()
	if h.events == nil {
		h.events = map[addr.Address][]Event{}
	}
	h.events[a] = append(h.events[a], e)
	f := h.onEvent
	h.mu.Unlock()
	if f != nil {
		f(a, e)
	}
}

func (h *eventHooks) Message(s string) {
	h.mu.Lock()
	h.messages = append(h.messages, s)
	h.mu.Unlock()
}

func TestResourceFailureNamesTheRootCauseAndSkipsDependents(t *testing.T) {
	ts, opts := simOptions(t)
	ts.FailResource(awssim.ResourceFault{Stack: "demo-test", LogicalID: "Topic", Reason: "injected: topic quota exceeded"})
	h := &eventHooks{}
	opts.Hooks = h
	res, err := Apply(context.Background(), applyPlan(testApp(), planner.Create, "v1"), opts)
	if err == nil {
		t.Fatal("Apply succeeded")
	}
	want := map[string]string{
		"app": "succeeded create", "app/region/eu-west-1": "succeeded create", "workload/api": "succeeded create",
		"env/test": "failed create", "deploy/test/api": "skipped create",
		"env/prod": "succeeded create", "deploy/prod/api": "succeeded create",
	}
	if d := cmp.Diff(want, outcomes(res)); d != "" {
		t.Fatalf("outcomes (-want +got):\n%s", d)
	}
	o := res.Outcomes[addr.Env("test")]
	if o.RootCause != "ROLLBACK_COMPLETE: Topic (AWS::SNS::Topic): injected: topic quota exceeded" {
		t.Fatalf("root cause %q", o.RootCause)
	}
	var se *StackError
	if !errors.As(o.Err, &se) || se.Status != "ROLLBACK_COMPLETE" {
		t.Fatalf("error %v, want a StackError in ROLLBACK_COMPLETE", o.Err)
	}
	var sk *SkippedError
	if !errors.As(res.Outcomes[addr.Deploy("test", "api")].Err, &sk) || sk.Because != addr.Env("test") {
		t.Fatalf("deploy/test/api: %v", res.Outcomes[addr.Deploy("test", "api")].Err)
	}
	if docValue(t, opts, docName(addr.Env("test"))) != "" {
		t.Fatal("the document of a failed stack was written")
	}
	if len(h.events[addr.Env("test")]) == 0 {
		t.Fatal("no events streamed")
	}
	assertUnlocked(t, opts)
}

func TestRollbackCompleteStackIsRecreated(t *testing.T) {
	ts, opts := simOptions(t)
	nodes := testApp()[:1]
	ts.FailResource(awssim.ResourceFault{LogicalID: "Logs", Reason: "injected"})
	if _, err := Apply(context.Background(), applyPlan(nodes, planner.Create, "v1"), opts); err == nil {
		t.Fatal("the first apply succeeded")
	}
	ts.ClearResourceFaults()
	res, err := Apply(context.Background(), applyPlan(nodes, planner.Recreate, "v1"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if o := res.Outcomes[addr.App()]; o.Action != planner.Recreate || o.Status != Succeeded {
		t.Fatalf("outcome %+v", o)
	}
	var got []string
	for _, op := range opsByStack(ts)["demo-infrastructure-roles"] {
		got = append(got, op.Operation+" "+op.Status)
	}
	if d := cmp.Diff([]string{"CREATE ROLLBACK_COMPLETE", "DELETE DELETE_COMPLETE", "CREATE CREATE_COMPLETE"}, got); d != "" {
		t.Fatalf("operations (-want +got):\n%s", d)
	}
}

func TestUpdateRollbackFailedGivesTheRecoveryStep(t *testing.T) {
	s := &stackOp{name: "demo-test", region: region, hooks: NopHooks{}}
	_, err := s.prepare(context.Background(), &liveStack{status: "UPDATE_ROLLBACK_FAILED", reason: "Topic failed to roll back"})
	var se *StackError
	if !errors.As(err, &se) {
		t.Fatalf("prepare = %v, want a StackError", err)
	}
	for _, want := range []string{
		"stack demo-test is UPDATE_ROLLBACK_FAILED: Topic failed to roll back",
		"run: aws cloudformation continue-update-rollback --stack-name demo-test --region eu-west-1",
		"Check the stack's events",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q:\n%s", want, err)
		}
	}
}

func TestThrottlingChangesNothingButTime(t *testing.T) {
	ts, opts := simOptions(t)
	opts.Provider = cloud.NewProvider(cloud.Options{SimEndpoint: ts.URL, MaxBackoff: 20 * time.Millisecond})
	ts.Throttle("cloudformation", "*", 0.2)
	ts.Throttle("ssm", "*", 0.2)
	ts.Throttle("sts", "*", 0.2)
	nodes := testApp()
	res, err := Apply(context.Background(), applyPlan(nodes, planner.Create, "v1"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts != (Counts{Created: len(nodes)}) {
		t.Fatalf("counts %+v", res.Counts)
	}
	if ts.ThrottledCalls("cloudformation", "DescribeStacks") == 0 {
		t.Fatal("nothing was throttled")
	}
	assertUnlocked(t, opts)
}

func TestInterruptLetsInFlightStacksSettleAndReleasesTheLock(t *testing.T) {
	ts, opts := simOptions(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Interrupt at the first event of either environment's stack: it is
	// executing, and no environment has finished, so no deployment has
	// started (the two environments run at once, in either order).
	var first addr.Address
	var once sync.Once
	h := &eventHooks{onEvent: func(a addr.Address, e Event) {
		if a.Kind == addr.KindEnv {
			once.Do(func() { first = a; cancel() })
		}
	}}
	opts.Hooks = h
	res, err := Apply(ctx, applyPlan(testApp(), planner.Create, "v1"), opts)
	if err == nil || !res.Interrupted {
		t.Fatalf("Apply = %v, interrupted %v", err, res.Interrupted)
	}
	if o := res.Outcomes[first]; o.Status != Succeeded {
		t.Fatalf("%s, in flight when interrupted, ended %+v", first, o)
	}
	for _, a := range []addr.Address{addr.Deploy("test", "api"), addr.Deploy("prod", "api")} {
		if o := res.Outcomes[a]; !errors.Is(o.Err, ErrInterrupted) {
			t.Fatalf("%s: %+v, want interrupted", a, o)
		}
	}
	for _, op := range ts.Timeline() {
		if op.End.IsZero() || !succeeded(op.Status) {
			t.Fatalf("%s did not settle: %+v", op.Stack, op)
		}
	}
	if len(h.messages) != 1 || !strings.HasPrefix(h.messages[0], "interrupted: waiting for ") {
		t.Fatalf("messages %q", h.messages)
	}
	assertUnlocked(t, opts)
}

func TestDestroyDeletesInReverseOrder(t *testing.T) {
	ts, opts := simOptions(t)
	nodes := testApp()
	if _, err := Apply(context.Background(), applyPlan(nodes, planner.Create, "v1"), opts); err != nil {
		t.Fatal(err)
	}
	res, err := Destroy(context.Background(), destroyPlan(nodes), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts != (Counts{Deleted: len(nodes)}) {
		t.Fatalf("counts %+v", res.Counts)
	}
	ops := opsByStack(ts)
	for _, n := range nodes {
		if n.stack == "" {
			continue
		}
		del := ops[n.stack][len(ops[n.stack])-1]
		if del.Operation != "DELETE" || del.Status != "DELETE_COMPLETE" {
			t.Fatalf("%s: %+v", n.stack, del)
		}
		for _, d := range stackDeps(nodes, n) { // d is deleted after n
			if depDel := ops[d][len(ops[d])-1]; depDel.Start.Before(del.End) {
				t.Fatalf("%s deleted at %s, before its dependent %s was gone at %s", d, depDel.Start, n.stack, del.End)
			}
		}
		if n.doc && docValue(t, opts, docName(n.a)) != "" {
			t.Fatalf("the document of %s survived", n.a)
		}
	}
	assertUnlocked(t, opts)
}

func TestDestroyRefusesAPlanThatCreates(t *testing.T) {
	_, opts := simOptions(t)
	if _, err := Destroy(context.Background(), applyPlan(testApp(), planner.Create, "v1"), opts); err == nil || !strings.Contains(err.Error(), "only deletes") {
		t.Fatalf("Destroy = %v", err)
	}
}

// TestThrottledReadsDoNotFailOperationsThatSucceed throttles the reads of
// a stack in flight almost always, from the first event on: waiting
// outlasts it, and every node succeeds.
func TestThrottledReadsDoNotFailOperationsThatSucceed(t *testing.T) {
	ts, opts := simOptions(t)
	// Few, fast SDK attempts: most reads fail even after the SDK's retries.
	opts.Provider = cloud.NewProvider(cloud.Options{SimEndpoint: ts.URL, MaxAttempts: 2, MaxBackoff: time.Millisecond})
	var once sync.Once
	opts.Hooks = &eventHooks{onEvent: func(addr.Address, Event) {
		once.Do(func() {
			ts.Throttle("cloudformation", "DescribeStacks", 0.97)
			ts.Throttle("cloudformation", "DescribeStackEvents", 0.97)
			ts.Throttle("cloudformation", "DescribeChangeSet", 0.97)
		})
	}}
	nodes := testApp()
	res, err := Apply(context.Background(), applyPlan(nodes, planner.Create, "v1"), opts)
	if err != nil {
		t.Fatalf("%v\n%v", err, outcomes(res))
	}
	if res.Counts != (Counts{Created: len(nodes)}) {
		t.Fatalf("counts %+v", res.Counts)
	}
	for _, action := range []string{"DescribeStacks", "DescribeStackEvents"} {
		if ts.ThrottledCalls("cloudformation", action) < 100 {
			t.Errorf("%s throttled %d times, want the reads in flight throttled", action, ts.ThrottledCalls("cloudformation", action))
		}
	}
	assertUnlocked(t, opts)
}
