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

// BenchmarkApplyThrottled applies the large example with 20 % of the
// CloudFormation and SSM calls throttled and reports, from the same run:
//   - x-unthrottled: the wall time over that of an unthrottled apply, with
//     retry backoff on the operations' clock (cloud.Options.TimeScale; aim
//     ≤ 1.3);
//   - x-unthrottled-real-backoff: the same with backoff in real time, capped
//     at one second (how --sim ran before).
func BenchmarkApplyThrottled(b *testing.B) {
	d := compileExample(b, "large")
	throttle := func(s *awssim.Sim) {
		s.Throttle("cloudformation", "*", 0.2)
		s.Throttle("ssm", "*", 0.2)
	}
	scaled := cloud.Options{TimeScale: benchScale}
	var ratio, ratioReal float64
	for b.Loop() {
		clear := timedApply(b, d, simRun{options: scaled})
		throttled := timedApply(b, d, simRun{options: scaled, setup: throttle})
		real := timedApply(b, d, simRun{options: cloud.Options{MaxBackoff: time.Second}, setup: throttle})
		ratio += float64(throttled) / float64(clear)
		ratioReal += float64(real) / float64(clear)
	}
	b.ReportMetric(ratio/float64(b.N), "x-unthrottled")
	b.ReportMetric(ratioReal/float64(b.N), "x-unthrottled-real-backoff")
}
