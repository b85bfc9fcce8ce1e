package executor_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"flightplan/addr"
	"flightplan/awssim"
	"flightplan/cloud"
	"flightplan/executor"
	"flightplan/lang"
	"flightplan/live"
	"flightplan/planner"
	"flightplan/stacks"
)

// benchScale is how much faster than AWS the simulator runs in the apply
// benchmark: fast enough to repeat, slow enough that scheduling overhead is
// small next to the simulated durations it measures against.
const benchScale = 400

// BenchmarkApply applies an example application to an empty simulated
// account on a scaled real clock and reports:
//   - x-critical-path: the apply's wall time over the critical path, the
//     longest chain of dependent stack operations as the simulator timed
//     them — the lower bound of any apply (aim ≤ 1.10);
//   - x-sequential: the same wall time over that of --parallelism 1.
func BenchmarkApply(b *testing.B) {
	for _, example := range []string{"reference", "large"} {
		b.Run(example, func(b *testing.B) {
			d := compileExample(b, example)
			var ratioCP, ratioSeq float64
			for b.Loop() {
				wall, cp := applyOnce(b, d, 10)
				seq, _ := applyOnce(b, d, 1)
				ratioCP += float64(wall) / float64(cp)
				ratioSeq += float64(wall) / float64(seq)
			}
			b.ReportMetric(ratioCP/float64(b.N), "x-critical-path")
			b.ReportMetric(ratioSeq/float64(b.N), "x-sequential")
		})
	}
}

func compileExample(b *testing.B, name string) *stacks.Desired {
	cfg, diags := lang.Load(lang.Options{File: "../testdata/examples/" + name + "/flightplan.hcl"})
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	d, err := stacks.Compile(cfg, stacks.Options{ImageTag: "bench"})
	if err != nil {
		b.Skipf("the %s example does not compile yet: %v", name, err)
	}
	return d
}

// applyOnce applies d to a new simulator and returns the wall time and the
// critical path, both in simulated time.
func applyOnce(b *testing.B, d *stacks.Desired, parallelism int) (wall, criticalPath time.Duration) {
	clock := awssim.NewRealClock(benchScale)
	sim, err := awssim.New(awssim.Options{Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	defer srv.Close()
	provider := cloud.NewProvider(cloud.Options{SimEndpoint: srv.URL, MaxBackoff: time.Millisecond})
	appT, targets := live.Targets(d)
	ctx := context.Background()
	st, err := live.ReadState(ctx, provider, d.App, appT, targets, live.ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	p, err := planner.Diff(d, st, planner.DiffOptions{})
	if err != nil {
		b.Fatal(err)
	}
	start := clock.Now()
	res, err := executor.Apply(ctx, p, executor.Options{
		Provider: provider, AppTarget: appT, Parallelism: parallelism,
		PollInterval: 5 * time.Second / benchScale, CallsPerSecond: 5 * benchScale,
	})
	if err != nil {
		for a, o := range res.Outcomes {
			if o.Status == executor.Failed {
				b.Logf("%s: %v", a, o.Err)
			}
		}
		b.Fatal(err)
	}
	return clock.Now().Sub(start), longestChain(d, sim.Timeline())
}

// longestChain is the critical path: over the dependency graph, the longest
// sum of the simulated durations of the nodes' stack operations, each with
// the time its change set takes to compute — what no apply through change
// sets can beat.
func longestChain(d *stacks.Desired, timeline []awssim.StackOperation) time.Duration {
	took := map[string]time.Duration{}
	for _, op := range timeline {
		took[op.Account+"/"+op.Region+"/"+op.Stack] += op.End.Sub(op.Start)
	}
	memo := map[addr.Address]time.Duration{}
	var finish func(n *stacks.Node) time.Duration
	finish = func(n *stacks.Node) time.Duration {
		if v, ok := memo[n.Addr]; ok {
			return v
		}
		var before time.Duration
		for _, dep := range n.DependsOn {
			if dn := d.Node(dep); dn != nil {
				before = max(before, finish(dn))
			}
		}
		var self time.Duration
		if n.Stack != nil {
			self = awssim.ChangeSetTime + took[n.Account+"/"+n.Region+"/"+n.Stack.Name]
		}
		memo[n.Addr] = before + self
		return before + self
	}
	var cp time.Duration
	for _, n := range d.Nodes {
		cp = max(cp, finish(n))
	}
	return cp
}
