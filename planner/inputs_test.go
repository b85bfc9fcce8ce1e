package planner_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

// withInput gives deploy/test/api an Input from env/test's output VpcId.
func withInput(d *stacks.Desired) *stacks.Node {
	n := d.Node(addr.Deploy("test", "api"))
	n.Stack.Inputs = []stacks.Input{{Parameter: "Vpc", From: addr.Env("test"), Output: "VpcId"}}
	return n
}

func TestInputs(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		live       func(d *stacks.Desired) *planner.State
		edit       func(d *stacks.Desired)
		wantAction planner.Action
		want       []planner.ValueChange
	}{
		"source not created yet": {
			live:       func(d *stacks.Desired) *planner.State { return &planner.State{App: d.App} },
			wantAction: planner.Create,
			want:       []planner.ValueChange{{Path: "Vpc", After: planner.KnownAfterApply, Unknown: true, From: "output VpcId of env/test"}},
		},
		"source without the output": {
			live:       func(d *stacks.Desired) *planner.State { return plantest.Live(d, at) },
			wantAction: planner.Update,
			want:       []planner.ValueChange{{Path: "Vpc", After: planner.KnownAfterApply, Unknown: true, From: "output VpcId of env/test"}},
		},
		"output known and applied": {
			live:       liveWithVpc("vpc-1", "vpc-1"),
			wantAction: planner.NoOp,
		},
		"output known, parameter differs": {
			live:       liveWithVpc("vpc-2", "vpc-1"),
			wantAction: planner.Update,
			want:       []planner.ValueChange{{Path: "Vpc", Before: "vpc-1", After: "vpc-2"}},
		},
		"source replaces a resource": {
			live: liveWithVpc("vpc-1", "vpc-1"),
			edit: func(d *stacks.Desired) {
				plantest.EditTemplate(d, addr.Env("test"), func(t map[string]any) {
					plantest.Props(t, "VPC")["CidrBlock"] = "10.1.0.0/16"
				})
			},
			wantAction: planner.Update,
			want:       []planner.ValueChange{{Path: "Vpc", Before: "vpc-1", After: planner.KnownAfterApply, Unknown: true, From: "output VpcId of env/test"}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d := plantest.Desired(plantest.Spec{})
			s := tc.live(d)
			withInput(d)
			if tc.edit != nil {
				tc.edit(d)
			}
			p, err := planner.Diff(d, s, planner.DiffOptions{Replaces: func(typ string, path []string) bool { return typ == "AWS::EC2::VPC" }})
			if err != nil {
				t.Fatal(err)
			}
			c := change(t, p, addr.Deploy("test", "api"))
			if c.Action != tc.wantAction {
				t.Errorf("action = %s, want %s", c.Action, tc.wantAction)
			}
			var got []planner.ValueChange
			for _, v := range c.Stack.Parameters {
				if v.Path == "Vpc" {
					got = append(got, v)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("parameters (-want +got):\n%s", diff)
			}
			if c.Desired.Stack.Parameters["Vpc"] != "" {
				t.Error("the plan's desired state holds a resolved Input; the executor must read it at apply")
			}
		})
	}
}

// liveWithVpc is the live state with env/test's output VpcId and
// deploy/test/api's parameter Vpc.
func liveWithVpc(output, param string) func(d *stacks.Desired) *planner.State {
	return func(d *stacks.Desired) *planner.State {
		s := plantest.Live(d, time.Time{})
		env := d.Node(addr.Env("test"))
		s.Stack(env.Account, env.Region, env.Stack.Name).Outputs["VpcId"] = output
		api := d.Node(addr.Deploy("test", "api"))
		s.Stack(api.Account, api.Region, api.Stack.Name).Parameters["Vpc"] = param
		return s
	}
}

func change(t *testing.T, p *planner.Plan, a addr.Address) *planner.Change {
	t.Helper()
	for _, c := range p.Changes {
		if c.Addr == a {
			return c
		}
	}
	t.Fatalf("no change for %s", a)
	return nil
}
