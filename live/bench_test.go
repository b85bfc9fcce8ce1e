package live_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"flightplan/awssim/awssimtest"
	"flightplan/live"
	"flightplan/planner"
	"flightplan/planner/plantest"
)

// BenchmarkPlanNoChange reads and diffs an application of ~300 stacks
// (5 environments × 58 services, plus the environment and app stacks) that
// is in sync, against the simulator with 20 ms of latency per call, and
// reports the API calls per managed object (stacks and documents).
func BenchmarkPlanNoChange(b *testing.B) {
	ts := awssimtest.Start(b)
	p := simProvider(ts)
	var services []string
	for i := range 58 {
		services = append(services, fmt.Sprintf("svc%02d", i))
	}
	d := plantest.Desired(plantest.Spec{Envs: []string{"dev", "test", "stage", "perf", "prod"}, Services: services})
	if err := plantest.Seed(context.Background(), p, d); err != nil {
		b.Fatal(err)
	}
	objects := 0
	for _, n := range d.Nodes {
		objects += len(n.Parameters)
		if n.Stack != nil {
			objects++
		}
	}
	ts.SetLatency(20 * time.Millisecond)
	appT, all := live.Targets(d)
	for _, par := range []int{10, 1} {
		b.Run(fmt.Sprintf("parallelism=%d", par), func(b *testing.B) {
			ts.ResetCounters()
			start := time.Now()
			var diffing time.Duration
			for b.Loop() {
				keys := planner.NewDigestKeys() // as the plan command does
				s, err := live.ReadState(context.Background(), p, d.App, appT, all, live.ReadOptions{Parallelism: par, OnStack: keys.Prewarm(d)})
				if err != nil {
					b.Fatal(err)
				}
				diffStart := time.Now()
				plan, err := planner.Diff(d, s, planner.DiffOptions{DigestKeys: keys})
				diffing += time.Since(diffStart)
				if err != nil || plan.HasChanges() {
					b.Fatalf("plan: %v (changes: %v)", err, plan != nil && plan.HasChanges())
				}
			}
			b.ReportMetric(float64(ts.TotalCalls())/float64(b.N)/float64(objects), "calls/object")
			b.ReportMetric(float64(ts.TotalCalls())/float64(b.N), "calls/plan")
			// x-bound: wall time over calls × latency / parallelism, the
			// time the calls take if nothing ever waits (aim: ≤ 1.5).
			bound := time.Duration(ts.TotalCalls()) * 20 * time.Millisecond / time.Duration(par)
			b.ReportMetric(float64(time.Since(start))/float64(bound), "x-bound")
			// The diff's share of the wall time, and the reads' own ratio
			// to the bound (wall time without the diff).
			b.ReportMetric(float64(diffing.Milliseconds())/float64(b.N), "diff-ms")
			b.ReportMetric(float64(time.Since(start)-diffing)/float64(bound), "x-bound-reads")
		})
	}
}
