package status

import (
	"testing"

	"flightplan/addr"
)

// TestJudgeTargets: unhealthy targets make a running service unhealthy,
// saying which and why; they do not replace a problem already found.
func TestJudgeTargets(t *testing.T) {
	s := &Service{Addr: addr.Deploy("test", "web"), Healthy: true,
		Targets: &Targets{Healthy: 1, Unhealthy: 1, Other: 1, Reasons: []string{"10.0.1.5: Target.Timeout (Request timed out)"}}}
	judgeTargets(s)
	want := "1 of 3 targets fail the load balancer's health checks: 10.0.1.5: Target.Timeout (Request timed out)"
	if s.Healthy || s.Problem != want || s.Fix != "check the health check path and the container's logs (flightplan logs deploy/test/web)" {
		t.Errorf("judged = healthy %v, problem %q, fix %q; want unhealthy, %q", s.Healthy, s.Problem, s.Fix, want)
	}
	failed := &Service{Addr: s.Addr, Problem: "the deployment failed: x", Targets: s.Targets}
	judgeTargets(failed)
	if failed.Problem != "the deployment failed: x" {
		t.Errorf("problem = %q; want the deployment's kept", failed.Problem)
	}
	fine := &Service{Addr: s.Addr, Healthy: true, Targets: &Targets{Healthy: 2}}
	if judgeTargets(fine); !fine.Healthy {
		t.Errorf("all targets healthy: unhealthy %q", fine.Problem)
	}
}

// TestJudgeAlarms: an alarm in ALARM makes a running service unhealthy,
// naming it, or counting them when there are several.
func TestJudgeAlarms(t *testing.T) {
	one := &Service{Addr: addr.Deploy("test", "web"), Healthy: true, Alarms: []Alarm{{Name: "cpu", Reason: "Threshold Crossed"}}}
	judgeAlarms(one)
	if one.Healthy || one.Problem != "alarm cpu is in ALARM: Threshold Crossed" {
		t.Errorf("one alarm: healthy %v, problem %q", one.Healthy, one.Problem)
	}
	two := &Service{Addr: addr.Deploy("test", "web"), Healthy: true, Alarms: []Alarm{{Name: "cpu"}, {Name: "memory"}}}
	judgeAlarms(two)
	if two.Healthy || two.Problem != "2 of its alarms are in ALARM" {
		t.Errorf("two alarms: healthy %v, problem %q", two.Healthy, two.Problem)
	}
	none := &Service{Addr: addr.Deploy("test", "web"), Healthy: true}
	if judgeAlarms(none); !none.Healthy {
		t.Errorf("no alarm: unhealthy %q", none.Problem)
	}
}
