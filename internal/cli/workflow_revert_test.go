package cli

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/drift"
	"flightplan/planner"
)

// Only modified properties are reverted; a drift check that could not be
// made stops the apply, naming what could not be checked.
func TestRevertedProperties(t *testing.T) {
	a := addr.Deploy("dev", "api")
	r := &drift.Report{Findings: []*drift.Finding{
		{Addr: a, Kind: drift.ResourceModified, LogicalID: "TargetGroup", ResourceType: "AWS::ElasticLoadBalancingV2::TargetGroup",
			Path: "Properties.HealthCheckPath", Expected: "/", Actual: "/changed"},
		{Addr: a, Kind: drift.ResourceDeleted, LogicalID: "Logs"},
		{Addr: a, Kind: drift.DocumentModified, Document: "/copilot/applications/shop"},
	}}
	got, err := revertedProperties(r)
	if err != nil {
		t.Fatal(err)
	}
	want := []planner.DriftedProperty{{Addr: a, LogicalID: "TargetGroup", Type: "AWS::ElasticLoadBalancingV2::TargetGroup",
		Path: "Properties.HealthCheckPath", Expected: "/", Actual: "/changed"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	r.Errors = []*drift.Problem{{Address: "env/dev", Message: "throttled"}}
	_, err = revertedProperties(r)
	if err == nil || err.Error() != "--revert-drift: drift could not be detected for env/dev: throttled; nothing was applied" {
		t.Fatalf("error %v", err)
	}
}
