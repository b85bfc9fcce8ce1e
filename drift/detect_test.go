package drift_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/drift"
	"flightplan/drift/drifttest"
)

// row is a finding reduced to what a test states exactly.
type row struct {
	Address, Kind, Object, LogicalID, Type, Path string
	Expected, Actual                             any
}

func rows(r *drift.Report) []row {
	out := make([]row, 0, len(r.Findings))
	for _, f := range r.Findings {
		out = append(out, row{f.Address, string(f.Kind), f.Object(), f.LogicalID, f.ResourceType, f.Path, f.Expected, f.Actual})
	}
	return out
}

func detect(t *testing.T, a *drifttest.App, opts drift.Options) *drift.Report {
	t.Helper()
	r, err := drift.Detect(context.Background(), a.Desired, a.Provider, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDetectClean(t *testing.T) {
	a := drifttest.Clean(t, drifttest.Spec())
	r := detect(t, a, drifttest.Options())
	if !r.Clean() || len(r.Errors) > 0 || len(r.Notes) > 0 {
		t.Fatalf("clean application: findings %v, errors %v, notes %v", rows(r), r.Errors, r.Notes)
	}
	if r.Counts.Stacks != 10 || r.Counts.Documents != 6 {
		t.Errorf("counted %d stacks and %d documents, want 10 and 6", r.Counts.Stacks, r.Counts.Documents)
	}
	if got := drift.ExitCode(r, nil); got != drift.ExitClean {
		t.Errorf("exit code %d, want 0", got)
	}
	if n := a.Sim.CallCount("cloudformation", "DescribeStackResourceDrifts"); n != 0 {
		t.Errorf("DescribeStackResourceDrifts called %d times for stacks in sync, want 0", n)
	}
}

func TestDetectEveryKind(t *testing.T) {
	a := drifttest.Drifted(t)
	r := detect(t, a, drifttest.Options())
	want := []row{
		{"env/stage", "inconsistent", "demo-stage", "", "", "", nil, nil},
		{"workload/api", "document-modified", "/copilot/applications/demo/components/api", "", "", "type", "Load Balanced Web Service", "Backend Service"},
		{"workload/old", "orphan-document", "/copilot/applications/demo/components/old", "", "", "", nil, nil},
		{"workload/web", "document-missing", "/copilot/applications/demo/components/web", "", "", "", nil, nil},
		{"deploy/old/batch", "inconsistent", "demo-old-batch", "", "", "", nil, nil},
		{"deploy/stage/web", "stack-failed", "demo-stage-web", "", "", "", nil, nil},
		{"deploy/test/api", "resource-modified", "demo-test-api", "Service", "AWS::ECS::Service", "Properties.DesiredCount", 1.0, 3.0},
		{"deploy/test/api", "resource-modified", "demo-test-api", "TargetGroup", "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties.HealthCheckPath", "/", "/changed"},
		{"deploy/test/batch", "stack-missing", "demo-test-batch", "", "", "", nil, nil},
		{"deploy/test/gone", "orphan-stack", "demo-test-gone", "", "", "", nil, nil},
		{"deploy/test/web", "resource-deleted", "demo-test-web", "LogGroup", "AWS::Logs::LogGroup", "", nil, nil},
	}
	if diff := cmp.Diff(want, rows(r)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if len(r.Errors) > 0 {
		t.Errorf("errors: %v", r.Errors)
	}
	if got := drift.ExitCode(r, nil); got != drift.ExitDrift {
		t.Errorf("exit code %d, want 2", got)
	}
	if r.Counts.Nodes != 10 || r.Counts.ByKind[drift.ResourceModified] != 2 {
		t.Errorf("counts %+v", r.Counts)
	}
}

func TestDetectTargets(t *testing.T) {
	a := drifttest.Drifted(t)
	opts := drifttest.Options()
	opts.Targets = []addr.Address{addr.Deploy("test", "web"), addr.Workload("web"), addr.Deploy("test", "web")}
	a.Sim.ResetCounters()
	r := detect(t, a, opts)
	want := []row{
		{"workload/web", "document-missing", "/copilot/applications/demo/components/web", "", "", "", nil, nil},
		{"deploy/test/web", "resource-deleted", "demo-test-web", "LogGroup", "AWS::Logs::LogGroup", "", nil, nil},
	}
	if diff := cmp.Diff(want, rows(r)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if n := a.Sim.CallCount("cloudformation", "DetectStackDrift"); n != 1 {
		t.Errorf("DetectStackDrift called %d times for one targeted stack", n)
	}
	if r.Counts.Stacks != 1 || r.Counts.Documents != 1 {
		t.Errorf("counted %d stacks and %d documents, want 1 and 1", r.Counts.Stacks, r.Counts.Documents)
	}
}

func TestDetectUnknownTarget(t *testing.T) {
	a := drifttest.Clean(t, drifttest.Spec())
	opts := drifttest.Options()
	opts.Targets = []addr.Address{addr.Deploy("prod", "api")}
	_, err := drift.Detect(context.Background(), a.Desired, a.Provider, opts)
	want := "target deploy/prod/api is not a node of application demo: the file does not declare it and AWS holds nothing for it"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if got := drift.ExitCode(nil, err); got != drift.ExitError {
		t.Errorf("exit code %d, want 1", got)
	}
}

// A detection that never finishes is an error of that stack; the others
// are still reported, and the run exits 1.
func TestDetectTimeout(t *testing.T) {
	a := drifttest.Clean(t, drifttest.Spec())
	a.Sim.Clock.SetStep(0) // simulated time stands still: no detection ever completes
	opts := drifttest.Options()
	opts.StackTimeout = 50 * time.Millisecond
	opts.Targets = []addr.Address{addr.Deploy("test", "api"), addr.Workload("api")}
	r := detect(t, a, opts)
	want := []*drift.Problem{{Address: "deploy/test/api", Message: "drift detection of stack demo-test-api did not finish within 50ms"}}
	if diff := cmp.Diff(want, r.Errors); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if got := drift.ExitCode(r, nil); got != drift.ExitError {
		t.Errorf("exit code %d, want 1", got)
	}
}

func TestDetectStackInProgress(t *testing.T) {
	a := drifttest.Clean(t, drifttest.Spec())
	n := a.Desired.Node(addr.Deploy("test", "api"))
	if err := a.Sim.SetStackStatus(n.Account, n.Region, n.Stack.Name, "UPDATE_IN_PROGRESS"); err != nil {
		t.Fatal(err)
	}
	opts := drifttest.Options()
	opts.Targets = []addr.Address{n.Addr}
	r := detect(t, a, opts)
	if !r.Clean() || len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "demo-test-api (deploy/test/api) is UPDATE_IN_PROGRESS: not checked for drift") {
		t.Errorf("findings %v, notes %q", rows(r), r.Notes)
	}
}

func TestDetectCancelled(t *testing.T) {
	a := drifttest.Clean(t, drifttest.Spec())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := drift.Detect(ctx, a.Desired, a.Provider, drifttest.Options()); err == nil {
		t.Fatal("a cancelled context gave no error")
	}
}
