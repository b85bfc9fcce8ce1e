package drift_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"flightplan/drift"
	"flightplan/drift/drifttest"
	"flightplan/planner/plantest"
)

// BenchmarkDrift checks an application of 297 stacks (5 environments × 58
// services, the environment stacks and the two app stacks) and 65
// documents that is in sync, against the simulator with 20 ms of latency
// per call, at parallelism 10 and without a call budget (so the figure is
// the tool's, not the budget's). It reports the API calls per stack (all
// services, the live-state read included), the CloudFormation calls per
// stack, and the wall time the default budget of 5 CloudFormation calls per
// second per account and region would impose at least ("budget-s").
//
// The simulator's fake clock advances 5 s per call and a detection takes 10
// simulated seconds, so most detections finish by the first poll; against
// AWS, where a detection takes 10–60 s, expect one to four more polls per
// stack.
func BenchmarkDrift(b *testing.B) {
	var services []string
	for i := range 58 {
		services = append(services, fmt.Sprintf("svc%02d", i))
	}
	a := drifttest.Clean(b, plantest.Spec{Envs: []string{"dev", "test", "stage", "perf", "prod"}, Services: services})
	stacks := 0
	for _, n := range a.Desired.Nodes {
		if n.Stack != nil {
			stacks++
		}
	}
	a.Sim.SetLatency(20 * time.Millisecond)
	opts := drifttest.Options()
	opts.Now = time.Time{}
	a.Sim.ResetCounters()
	for b.Loop() {
		r, err := drift.Detect(context.Background(), a.Desired, a.Provider, opts)
		if err != nil || !r.Clean() || len(r.Errors) > 0 {
			b.Fatalf("drift: %v (clean %v, errors %v)", err, r != nil && r.Clean(), r != nil && len(r.Errors) > 0)
		}
	}
	cfn, perTarget, most := 0, map[string]int{}, 0
	for _, c := range a.Sim.Calls() {
		if c.Service == "cloudformation" {
			cfn += c.Count
			perTarget[c.Account+"/"+c.Region] += c.Count
		}
	}
	for _, n := range perTarget {
		most = max(most, n)
	}
	n := float64(b.N)
	b.ReportMetric(float64(a.Sim.TotalCalls())/n/float64(stacks), "calls/stack")
	b.ReportMetric(float64(cfn)/n/float64(stacks), "cfn-calls/stack")
	b.ReportMetric(float64(most)/n/5, "budget-s")
}
