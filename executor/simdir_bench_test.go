package executor_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"flightplan/awssim"
	"flightplan/cloud"
	"flightplan/executor"
	"flightplan/live"
	"flightplan/planner"
	"flightplan/stacks"
)

// BenchmarkApplySimDir applies the large example to a simulator that keeps
// its state in a folder (--sim DIR) and to one that keeps it in memory, in
// the same run, and reports x-in-memory: the first's real wall time over
// the second's (aim ≤ 1.3).
func BenchmarkApplySimDir(b *testing.B) {
	d := compileExample(b, "large")
	var ratio float64
	for b.Loop() {
		mem := timedApply(b, d, simRun{})
		dir := timedApply(b, d, simRun{stateDir: b.TempDir()})
		ratio += float64(dir) / float64(mem)
		b.Logf("mem %v dir %v", mem, dir)
	}
	b.ReportMetric(ratio/float64(b.N), "x-in-memory")
}

// simRun is how timedApply sets up its simulator.
type simRun struct {
	stateDir string
	scale    float64 // 0: benchScale
	options  cloud.Options
	setup    func(*awssim.Sim)
}

// timedApply applies d to a new simulator and returns the real wall time,
// closing the simulator (and so its state folder) inside the measure.
func timedApply(b *testing.B, d *stacks.Desired, run simRun) time.Duration {
	scale := run.scale
	if scale == 0 {
		scale = benchScale
	}
	start := time.Now()
	sim, err := awssim.New(awssim.Options{Clock: awssim.NewRealClock(scale), StateDir: run.stateDir})
	if err != nil {
		b.Fatal(err)
	}
	if run.setup != nil {
		run.setup(sim)
	}
	srv := httptest.NewServer(sim)
	opts := run.options
	opts.SimEndpoint = srv.URL
	provider := cloud.NewProvider(opts)
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
	_, err = executor.Apply(ctx, p, executor.Options{
		Provider: provider, AppTarget: appT, Parallelism: 10,
		PollInterval: time.Duration(float64(5*time.Second) / scale), CallsPerSecond: 5 * scale,
	})
	if err != nil {
		b.Fatal(err)
	}
	srv.Close()
	if err := sim.Close(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// BenchmarkApplyEventCalls applies the large example and reports the
// DescribeStackEvents and DescribeStacks calls per stack operation.
func BenchmarkApplyEventCalls(b *testing.B) {
	d := compileExample(b, "large")
	var events, describes, ops float64
	for b.Loop() {
		var sim *awssim.Sim
		timedApply(b, d, simRun{setup: func(s *awssim.Sim) { sim = s }})
		events += float64(sim.CallCount("cloudformation", "DescribeStackEvents"))
		describes += float64(sim.CallCount("cloudformation", "DescribeStacks"))
		ops += float64(len(sim.Timeline()))
	}
	b.ReportMetric(events/ops, "events-calls/op")
	b.ReportMetric(describes/ops, "describe-calls/op")
}
