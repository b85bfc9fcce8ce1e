package planner

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
)

// RevertDrift turns a stack with nothing else to change into an update of
// its drifted resource, adds reverts to a resource the template already
// changes (keeping the template's own change of a property), and leaves
// alone resources the plan creates, replaces or removes.
func TestRevertDrift(t *testing.T) {
	quiet, busy := addr.Env("dev"), addr.Deploy("dev", "api")
	p := &Plan{Changes: []*Change{
		{Addr: quiet, Address: quiet.String(), Action: NoOp, Stack: &StackChange{Name: "shop-dev", Action: NoOp}},
		{Addr: busy, Address: busy.String(), Action: Update, Stack: &StackChange{Name: "shop-dev-api", Action: Update, Resources: []ResourceChange{
			{LogicalID: "TG", Type: "T", Action: Update, Properties: []ValueChange{{Path: "Properties.Port", Before: 80.0, After: 81.0}}},
			{LogicalID: "Old", Type: "T", Action: Delete},
		}}},
	}}
	n := p.RevertDrift([]DriftedProperty{
		{Addr: quiet, LogicalID: "VPC", Type: "AWS::EC2::VPC", Path: "Properties.EnableDnsHostnames", Expected: true, Actual: false},
		{Addr: busy, LogicalID: "TG", Type: "T", Path: "Properties.Port", Expected: 80.0, Actual: 90.0},
		{Addr: busy, LogicalID: "TG", Type: "T", Path: "Properties.HealthCheckPath", Expected: "/", Actual: "/x"},
		{Addr: busy, LogicalID: "Old", Type: "T", Path: "Properties.Name", Expected: "a", Actual: "b"},
		{Addr: addr.Env("gone"), LogicalID: "X", Type: "T", Path: "Properties.Y"},
	})
	if n != 2 {
		t.Errorf("RevertDrift = %d, want 2", n)
	}
	q := p.Changes[0]
	if q.Action != Update || q.Stack.Action != Update {
		t.Errorf("quiet stack: %s/%s, want update", q.Action, q.Stack.Action)
	}
	want := []ResourceChange{{LogicalID: "VPC", Type: "AWS::EC2::VPC", Action: Update, DriftReverted: true,
		Properties: []ValueChange{{Path: "Properties.EnableDnsHostnames", Before: false, After: true}}}}
	if d := cmp.Diff(want, q.Stack.Resources); d != "" {
		t.Errorf("quiet stack resources (-want +got):\n%s", d)
	}
	tg := p.Changes[1].Stack.Resources[0]
	wantTG := ResourceChange{LogicalID: "TG", Type: "T", Action: Update, DriftReverted: true, Properties: []ValueChange{
		{Path: "Properties.Port", Before: 80.0, After: 81.0}, {Path: "Properties.HealthCheckPath", Before: "/x", After: "/"}}}
	if d := cmp.Diff(wantTG, tg); d != "" {
		t.Errorf("TG (-want +got):\n%s", d)
	}
	if old := p.Changes[1].Stack.Resources[1]; old.DriftReverted || len(old.Properties) > 0 {
		t.Errorf("a removed resource got reverts: %+v", old)
	}
}
