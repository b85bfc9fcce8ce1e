package planner_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

const execRole = "arn:aws:iam::222222222222:role/demo-test-CFNExecutionRole"

// withServiceRoles gives env/test and its deployments the environment's
// CFNExecutionRole as service role, as the compiler does.
func withServiceRoles(d *stacks.Desired) {
	for _, n := range d.Nodes {
		if n.Stack != nil && n.Account == "222222222222" {
			n.Stack.ServiceRole = &stacks.ServiceRole{ARN: execRole, Env: addr.Env("test"), Output: "CFNExecutionRoleARN"}
		}
	}
}

// TestCredentials checks who each change runs as: the file's credentials,
// and CloudFormation's service role once the environment's stack has made
// it — never on the environment's first creation.
func TestCredentials(t *testing.T) {
	live := execRole + "-live" // the deployed output wins over the computed ARN
	tests := map[string]struct {
		live func(d *stacks.Desired) *planner.State
		want map[string]planner.Credentials
	}{
		"first creation": {
			live: func(d *stacks.Desired) *planner.State { return nil },
			want: map[string]planner.Credentials{
				"app":             {},
				"env/test":        {},
				"deploy/test/api": {ServiceRoleARN: execRole},
			},
		},
		"environment deployed": {
			live: func(d *stacks.Desired) *planner.State {
				s := plantest.Live(d, t0)
				s.Stack("222222222222", "ap-northeast-1", "demo-test").Outputs["CFNExecutionRoleARN"] = live
				return s
			},
			want: map[string]planner.Credentials{
				"app":             {},
				"env/test":        {ServiceRoleARN: live},
				"deploy/test/api": {ServiceRoleARN: live},
			},
		},
		"environment deployed without the role": {
			live: func(d *stacks.Desired) *planner.State { return plantest.Live(d, t0) },
			want: map[string]planner.Credentials{
				"app":             {},
				"env/test":        {},
				"deploy/test/api": {ServiceRoleARN: execRole},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d := plantest.Desired(plantest.Spec{})
			withServiceRoles(d)
			p, err := planner.Diff(d, tc.live(d), planner.DiffOptions{Now: t0})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]planner.Credentials{}
			for _, c := range p.Changes {
				if _, ok := tc.want[c.Address]; ok {
					got[c.Address] = *c.Credentials
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("credentials (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCredentialsOfCaller checks the caller's part: the node's profile or
// role, and for a delete those of the first node of its account.
func TestCredentialsOfCaller(t *testing.T) {
	d := plantest.Desired(plantest.Spec{Services: []string{"api", "web"}})
	for _, n := range d.Nodes {
		if n.Account == "222222222222" {
			n.RoleARN = "arn:aws:iam::222222222222:role/demo-test-EnvManagerRole"
		} else {
			n.Profile = "central"
		}
	}
	live := plantest.Live(d, t0)
	plantest.Remove(d, func(a addr.Address) bool { return a == addr.Deploy("test", "web") || a == addr.Workload("web") })
	p, err := planner.Diff(d, live, planner.DiffOptions{Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"app":             "profile central",
		"env/test":        "role demo-test-EnvManagerRole",
		"deploy/test/web": "role demo-test-EnvManagerRole",
		"workload/web":    "profile central",
	}
	got := map[string]string{}
	for _, c := range p.Changes {
		if _, ok := want[c.Address]; ok {
			got[c.Address] = c.Credentials.String()
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("credentials (-want +got):\n%s", diff)
	}
	full := planner.Credentials{Profile: "p", RoleARN: "arn:aws:iam::1:role/r", ServiceRoleARN: execRole}.String()
	if full != "role r, CloudFormation as demo-test-CFNExecutionRole" {
		t.Errorf("String() = %q", full)
	}
	if s := (planner.Credentials{}).String(); s != "default credentials" {
		t.Errorf("String() = %q", s)
	}
}
