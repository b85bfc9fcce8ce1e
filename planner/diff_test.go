package planner_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

var t0 = time.Date(2026, 1, 1, 10, 2, 0, 0, time.UTC)

// fixture is the desired and live state of an application in sync: env
// test, service api, job batch.
func fixture() (*stacks.Desired, *planner.State) {
	d := plantest.Desired(plantest.Spec{Jobs: []string{"batch"}})
	return d, plantest.Live(d, t0)
}

// summary is a plan reduced to what the diff tests check: each node's
// action, and each changed value as "node stack-or-doc path".
type summary struct {
	Actions map[string]planner.Action
	Paths   []string
	Notes   []string
}

func summarize(p *planner.Plan) summary {
	s := summary{Actions: map[string]planner.Action{}, Notes: p.Notes}
	for _, c := range p.Changes {
		s.Actions[c.Address] = c.Action
		if c.Stack != nil {
			for _, r := range c.Stack.Resources {
				s.Paths = append(s.Paths, resourcePaths(c.Address, r)...)
			}
			for _, v := range c.Stack.Parameters {
				s.Paths = append(s.Paths, c.Address+" parameter "+v.Path+sens(v))
			}
			for _, v := range append(append(c.Stack.Tags, c.Stack.Outputs...), c.Stack.Sections...) {
				s.Paths = append(s.Paths, c.Address+" "+v.Path)
			}
		}
		for _, pc := range c.Parameters {
			for _, f := range pc.Fields {
				s.Paths = append(s.Paths, c.Address+" "+pc.Name+" "+f.Path)
			}
		}
	}
	return s
}

func resourcePaths(node string, r planner.ResourceChange) []string {
	head := node + " " + string(r.Action) + " " + r.LogicalID
	if len(r.Properties) == 0 {
		return []string{head}
	}
	var out []string
	for _, p := range r.Properties {
		mark := ""
		if p.Replaces {
			mark = " (replaces)"
		}
		out = append(out, head+" "+p.Path+mark)
	}
	return out
}

func sens(v planner.ValueChange) string {
	if v.Sensitive {
		return " (sensitive)"
	}
	return ""
}

// onlyChanged drops the no-op actions so that a want lists what changed.
func onlyChanged(s summary) summary {
	for k, a := range s.Actions {
		if a == planner.NoOp {
			delete(s.Actions, k)
		}
	}
	return s
}

func TestDiff(t *testing.T) {
	tests := map[string]struct {
		edit func(d *stacks.Desired, s *planner.State)
		opts planner.DiffOptions
		want summary
	}{
		"in sync": {
			edit: func(*stacks.Desired, *planner.State) {},
			want: summary{Actions: map[string]planner.Action{}},
		},
		"attribute change": {
			edit: func(d *stacks.Desired, _ *planner.State) {
				plantest.EditTemplate(d, addr.Deploy("test", "api"), func(t map[string]any) {
					plantest.Props(t, "TargetGroup")["HealthCheckPath"] = "/health"
				})
			},
			want: summary{
				Actions: map[string]planner.Action{"deploy/test/api": planner.Update},
				Paths:   []string{"deploy/test/api update TargetGroup Properties.HealthCheckPath"},
			},
		},
		"immutable property replaces": {
			edit: func(d *stacks.Desired, _ *planner.State) {
				plantest.EditTemplate(d, addr.Deploy("test", "api"), func(t map[string]any) {
					plantest.Props(t, "LogGroup")["LogGroupName"] = "/copilot/renamed"
					plantest.Props(t, "LogGroup")["RetentionInDays"] = 7
				})
			},
			want: summary{
				Actions: map[string]planner.Action{"deploy/test/api": planner.Update},
				Paths: []string{
					"deploy/test/api replace LogGroup Properties.LogGroupName (replaces)",
					"deploy/test/api replace LogGroup Properties.RetentionInDays",
				},
			},
		},
		"type change replaces": {
			edit: func(d *stacks.Desired, _ *planner.State) {
				plantest.EditTemplate(d, addr.Env("test"), func(t map[string]any) {
					t["Resources"].(map[string]any)["Cluster"].(map[string]any)["Type"] = "AWS::ECS::ClusterCapacityProviderAssociations"
				})
			},
			want: summary{
				Actions: map[string]planner.Action{"env/test": planner.Update},
				Paths:   []string{"env/test replace Cluster Type (replaces)"},
			},
		},
		"changed schedule": {
			edit: func(d *stacks.Desired, _ *planner.State) {
				plantest.EditTemplate(d, addr.Deploy("test", "batch"), func(t map[string]any) {
					plantest.Props(t, "Rule")["ScheduleExpression"] = "rate(1 hour)"
				})
			},
			want: summary{
				Actions: map[string]planner.Action{"deploy/test/batch": planner.Update},
				Paths:   []string{"deploy/test/batch update Rule Properties.ScheduleExpression"},
			},
		},
		"new service": {
			edit: func(d *stacks.Desired, _ *planner.State) {
				more := plantest.Desired(plantest.Spec{Services: []string{"api", "web"}})
				d.Nodes = append(d.Nodes, more.Node(addr.Workload("web")), more.Node(addr.Deploy("test", "web")))
			},
			want: summary{
				Actions: map[string]planner.Action{"workload/web": planner.Create, "deploy/test/web": planner.Create},
				Paths: []string{
					"workload/web /copilot/applications/demo/components/web app",
					"workload/web /copilot/applications/demo/components/web name",
					"workload/web /copilot/applications/demo/components/web type",
					"deploy/test/web create LogGroup", "deploy/test/web create Service", "deploy/test/web create TargetGroup",
					"deploy/test/web parameter ContainerImage", "deploy/test/web parameter DbPassword (sensitive)",
					"deploy/test/web copilot-application", "deploy/test/web copilot-environment", "deploy/test/web copilot-service",
				},
			},
		},
		"removed environment": {
			edit: func(d *stacks.Desired, _ *planner.State) {
				plantest.Remove(d, func(a addr.Address) bool { return a.Env == "test" })
			},
			want: summary{
				Actions: map[string]planner.Action{"env/test": planner.Delete, "deploy/test/api": planner.Delete, "deploy/test/batch": planner.Delete},
				Paths: []string{
					"env/test delete Cluster", "env/test delete VPC",
					"deploy/test/api delete LogGroup", "deploy/test/api delete Service", "deploy/test/api delete TargetGroup",
					"deploy/test/batch delete Rule",
				},
			},
		},
		"stack edited behind our back": {
			edit: func(_ *stacks.Desired, s *planner.State) {
				st := s.Stack("222222222222", "ap-northeast-1", "demo-test-api")
				st.Template = []byte(strings.Replace(string(st.Template), `"DesiredCount": 1`, `"DesiredCount": 5`, 1))
			},
			want: summary{
				Actions: map[string]planner.Action{"deploy/test/api": planner.Update},
				Paths:   []string{"deploy/test/api update Service Properties.DesiredCount"},
			},
		},
		"deployed YAML equal to desired JSON": {
			edit: func(_ *stacks.Desired, s *planner.State) {
				s.Stack("222222222222", "ap-northeast-1", "demo-test-batch").Template = []byte(
					"AWSTemplateFormatVersion: 2010-09-09\nResources:\n  Rule:\n    Type: AWS::Events::Rule\n" +
						"    Properties:\n      ScheduleExpression: cron(0 0 * * ? *)\n      State: ENABLED\n")
			},
			want: summary{Actions: map[string]planner.Action{}},
		},
		"rollback complete recreates": {
			edit: func(_ *stacks.Desired, s *planner.State) {
				s.Stack("222222222222", "ap-northeast-1", "demo-test-batch").Status = "ROLLBACK_COMPLETE"
			},
			want: summary{
				Actions: map[string]planner.Action{"deploy/test/batch": planner.Recreate},
				Paths: []string{"deploy/test/batch create Rule",
					"deploy/test/batch copilot-application", "deploy/test/batch copilot-environment", "deploy/test/batch copilot-service"},
			},
		},
		"in progress is noted": {
			edit: func(_ *stacks.Desired, s *planner.State) {
				s.Stack("222222222222", "ap-northeast-1", "demo-test").Status = "UPDATE_IN_PROGRESS"
			},
			want: summary{
				Actions: map[string]planner.Action{},
				Notes: []string{"stack demo-test is in UPDATE_IN_PROGRESS: the plan compares the file with the template being deployed; " +
					"apply does not change it, and waits for the operation to end before the nodes that depend on it (if it ends in a rollback, they are skipped: run plan again)"},
			},
		},
		"orphaned and unmanaged stacks": {
			edit: func(_ *stacks.Desired, s *planner.State) {
				s.Stacks = append(s.Stacks,
					&planner.LiveStack{Account: "222222222222", Region: "ap-northeast-1", Name: "demo-test-old", Status: "CREATE_COMPLETE",
						Tags: map[string]string{"copilot-application": "demo", "copilot-environment": "test", "copilot-service": "old"}},
					&planner.LiveStack{Account: "222222222222", Region: "ap-northeast-1", Name: "demo-misc", Status: "CREATE_COMPLETE",
						Tags: map[string]string{"copilot-application": "demo"}})
			},
			want: summary{
				Actions: map[string]planner.Action{"deploy/test/old": planner.Delete},
				Notes: []string{"stack demo-misc (222222222222/ap-northeast-1) is tagged copilot-application=demo " +
					"but is not one flightplan manages; it is left alone"},
			},
		},
		"document field change": {
			edit: func(_ *stacks.Desired, s *planner.State) {
				s.Parameter("/copilot/applications/demo/environments/test").Value =
					`{"app":"demo","name":"test","region":"ap-northeast-1","accountID":"999999999999","registryURL":""}`
			},
			want: summary{
				Actions: map[string]planner.Action{"env/test": planner.Update},
				Paths:   []string{"env/test /copilot/applications/demo/environments/test accountID"},
			},
		},
		"parameters and tags": {
			edit: func(d *stacks.Desired, _ *planner.State) {
				n := d.Node(addr.Deploy("test", "api"))
				n.Stack.Parameters["ContainerImage"] = "repo/app:v2"
				n.Stack.Parameters["DbPassword"] = "rotated" // masked live: compared through the digest tag
				n.Stack.Tags["team"] = "core"
			},
			want: summary{
				Actions: map[string]planner.Action{"deploy/test/api": planner.Update},
				Paths:   []string{"deploy/test/api parameter ContainerImage", "deploy/test/api parameter DbPassword (sensitive)", "deploy/test/api team"},
			},
		},
		"target": {
			edit: func(d *stacks.Desired, _ *planner.State) {
				plantest.EditTemplate(d, addr.Deploy("test", "batch"), func(t map[string]any) {
					plantest.Props(t, "Rule")["State"] = "DISABLED"
				})
			},
			opts: planner.DiffOptions{Targets: []addr.Address{addr.Deploy("test", "api")}},
			want: summary{Actions: map[string]planner.Action{}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d, s := fixture()
			tc.edit(d, s)
			p, err := planner.Diff(d, s, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, onlyChanged(summarize(p))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiffEmptyAccountCreatesEverything(t *testing.T) {
	d, _ := fixture()
	p, err := planner.Diff(d, &planner.State{App: "demo"}, planner.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range p.Changes {
		got = append(got, c.Address+" "+string(c.Action))
	}
	want := []string{"app create", "app/region/ap-northeast-1 create", "env/test create", "workload/api create",
		"workload/batch create", "deploy/test/api create", "deploy/test/batch create"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"hunter2-test"}, p.Sensitive); diff != "" {
		t.Errorf("Sensitive (-want +got):\n%s", diff)
	}
}

func TestDiffProtection(t *testing.T) {
	const lift = `. To delete it: set deletion_protection = false in its environment block (put the block back if you removed it), apply, then remove the block or destroy`
	envGone := func(a addr.Address) bool { return a.Env == "test" }
	tests := map[string]struct {
		opts planner.DiffOptions
		// tagged are the live stacks that carry the protection tag;
		// dropped the live stacks that are already gone.
		tagged, dropped []string
		remove          func(addr.Address) bool
		wantErr         string // "" when the plan must succeed
	}{
		"protected by the file": {
			opts: planner.DiffOptions{Protected: []string{"test"}}, remove: envGone,
			wantErr: `env/test would be deleted, but environment "test" has deletion protection (deletion_protection in the file)` + lift,
		},
		"protected by the tag once the block is gone": {
			tagged: []string{"demo-test", "demo-test-api"}, remove: envGone,
			wantErr: `env/test would be deleted, but environment "test" has deletion protection (tag flightplan:deletion-protection=true on stack demo-test)` + lift,
		},
		"destroy: everything goes": {
			tagged: []string{"demo-test"}, remove: func(addr.Address) bool { return true },
			wantErr: `env/test would be deleted, but environment "test" has deletion protection (tag flightplan:deletion-protection=true on stack demo-test)` + lift,
		},
		"a workload goes with its environment, whose stack is already gone": {
			tagged: []string{"demo-test-api"}, dropped: []string{"demo-test"}, remove: envGone,
			opts:    planner.DiffOptions{Targets: []addr.Address{addr.Deploy("test", "api")}},
			wantErr: `deploy/test/api would be deleted with env/test, but environment "test" has deletion protection (tag flightplan:deletion-protection=true on stack demo-test-api)` + lift,
		},
		"a workload removed from a protected environment that stays": {
			tagged: []string{"demo-test", "demo-test-api"}, opts: planner.DiffOptions{Protected: []string{"test"}},
			remove: func(a addr.Address) bool { return a.Name == "api" },
		},
		"the tag lifted": {remove: envGone},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d, s := fixture()
			for _, st := range tc.tagged {
				s.Stack("222222222222", "ap-northeast-1", st).Tags["flightplan:deletion-protection"] = "true"
			}
			s.Stacks = slices.DeleteFunc(s.Stacks, func(st *planner.LiveStack) bool { return slices.Contains(tc.dropped, st.Name) })
			plantest.Remove(d, tc.remove)
			_, err := planner.Diff(d, s, tc.opts)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			var pe *planner.ProtectedError
			if !errors.As(err, &pe) || err.Error() != tc.wantErr {
				t.Errorf("err = %v\nwant  %s", err, tc.wantErr)
			}
		})
	}
}

func TestDiffRemovedEnvironmentOrder(t *testing.T) {
	d, s := fixture()
	plantest.Remove(d, func(a addr.Address) bool { return a.Env == "test" })
	p, err := planner.Diff(d, s, planner.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := p.Changes[len(p.Changes)-1]
	if c.Address != "deploy/test/batch" || strings.Join(c.DependsOn, ",") != "env/test,workload/batch" {
		t.Errorf("last change %s depends on %v", c.Address, c.DependsOn)
	}
}
