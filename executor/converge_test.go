package executor

import (
	"context"
	"testing"

	"flightplan/live"
	"flightplan/planner"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

// planFor reads the live state and diffs it against d, as `flightplan plan`
// does.
func planFor(t *testing.T, opts Options, d *stacks.Desired) *planner.Plan {
	t.Helper()
	_, targets := live.Targets(d)
	st, err := live.ReadState(context.Background(), opts.Provider, d.App, opts.AppTarget, targets, live.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := planner.Diff(d, st, planner.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPlannedApplyConverges runs the planner and the executor together: the
// plan of an empty account applies, and the next plan has no changes.
func TestPlannedApplyConverges(t *testing.T) {
	ts, opts := simOptions(t)
	d := plantest.Desired(plantest.Spec{Region: region, Envs: []string{"test", "prod"}, Services: []string{"api", "web"}})
	opts.AppTarget, _ = live.Targets(d)
	p := planFor(t, opts, d)
	res, err := Apply(context.Background(), p, opts)
	if err != nil {
		t.Fatalf("%v\n%+v", err, res.Outcomes)
	}
	if again := planFor(t, opts, d); again.HasChanges() {
		for _, c := range again.Changes {
			if c.Action != planner.NoOp {
				t.Errorf("%s: %s %v", c.Address, c.Action, c.Reasons)
			}
		}
	}

	ops := ts.Timeline()
	t.Logf("apply: %d nodes, %d stack operations, %s simulated (first start to last end), %d API calls",
		len(p.Changes), len(ops), ops[len(ops)-1].End.Sub(ops[0].Start), ts.TotalCalls())

	gone := planFor(t, opts, &stacks.Desired{App: d.App})
	res, err = Destroy(context.Background(), gone, opts)
	if err != nil {
		t.Fatalf("%v\n%+v", err, res.Outcomes)
	}
	if res.Counts.Deleted != len(p.Changes) {
		t.Fatalf("destroy counts %+v, want %d deleted", res.Counts, len(p.Changes))
	}
	if after := planFor(t, opts, &stacks.Desired{App: d.App}); after.HasChanges() {
		t.Fatalf("something survived the destroy: %+v", after.Changes)
	}
}
