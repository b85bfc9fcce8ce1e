package planner_test

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/planner/plantest"
)

// TestVerify edits a saved plan as someone with write access to the file
// could, and checks that Verify names each edit against the plan made
// again; an unedited file has no difference.
func TestVerify(t *testing.T) {
	api := addr.Deploy("test", "api").String()
	tests := map[string]struct {
		edit func(t *testing.T, p *planner.Plan)
		want []string
	}{
		"unedited": {edit: func(*testing.T, *planner.Plan) {}},
		"a resource added": {
			edit: func(t *testing.T, p *planner.Plan) {
				plantest.EditTemplate(p.Desired(), addr.Deploy("test", "api"), func(tmpl map[string]any) {
					tmpl["Resources"].(map[string]any)["Admin"] = map[string]any{"Type": "AWS::IAM::Role",
						"Properties": map[string]any{"ManagedPolicyArns": []any{"arn:aws:iam::aws:policy/AdministratorAccess"}}}
				})
			},
			want: []string{api + ": the desired state differs at stack.template.Resources.Admin (in the plan file only)"},
		},
		"a count changed": {
			edit: func(t *testing.T, p *planner.Plan) {
				plantest.EditTemplate(p.Desired(), addr.Deploy("test", "api"), func(tmpl map[string]any) {
					plantest.Props(tmpl, "Service")["DesiredCount"] = 50
				})
			},
			want: []string{api + ": the desired state differs at stack.template.Resources.Service.Properties.DesiredCount"},
		},
		"a no-op turned into the delete of another stack": {
			edit: func(t *testing.T, p *planner.Plan) {
				c := change(t, p, addr.Deploy("test", "api"))
				c.Action, c.Desired = planner.Delete, nil
				c.Stack = &planner.StackChange{Name: "victim-prod-db", Action: planner.Delete}
			},
			want: []string{
				api + ": the plan says delete, flightplan plans no-op",
				api + ": the plan holds no desired state for it, flightplan plans one",
				api + ": what the plan shows differs at stack.action",
				api + ": what the plan shows differs at stack.name",
				api + ": what the plan shows differs at stack.stack_id (missing from the plan file)",
				api + ": what the plan shows differs at stack.status (missing from the plan file)",
			},
		},
		"a change added": {
			edit: func(t *testing.T, p *planner.Plan) {
				p.Changes = append(p.Changes, &planner.Change{Address: "env/prod", Addr: addr.Env("prod"), Action: planner.Delete})
			},
			want: []string{"env/prod: the plan has a change (delete) to a node that flightplan does not plan"},
		},
		"a change removed": {
			edit: func(t *testing.T, p *planner.Plan) { p.Changes = p.Changes[1:] },
			want: []string{"app: the plan lacks the change (no-op) that flightplan plans"},
		},
		"a shown value changed": {
			edit: func(t *testing.T, p *planner.Plan) {
				change(t, p, addr.Deploy("test", "api")).Reasons = []string{"nothing to see"}
			},
			want: []string{api + ": what the plan shows differs at reasons (in the plan file only)"},
		},
		"a document's value changed": {
			edit: func(t *testing.T, p *planner.Plan) {
				change(t, p, addr.App()).Desired.Parameters[0].Value = `{"name":"demo","account":"666666666666"}`
			},
			want: []string{
				"app: the desired state differs at parameters[0].value.account",
				"app: the desired state differs at parameters[0].value.version (missing from the plan file)",
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d, s := fixture()
			planned, err := planner.Diff(d, s, planner.DiffOptions{Now: t0, ToolVersion: "0.1.0", ConfigHash: "h1"})
			if err != nil {
				t.Fatal(err)
			}
			saved := roundTrip(t, planned)
			tc.edit(t, saved)
			if diff := cmp.Diff(tc.want, planner.Verify(saved, planned)); diff != "" {
				t.Errorf("differences (-want +got):\n%s", diff)
			}
		})
	}
}

// roundTrip saves p to a plan file and reads it back.
func roundTrip(t *testing.T, p *planner.Plan) *planner.Plan {
	t.Helper()
	file := filepath.Join(t.TempDir(), "p.plan")
	if err := planner.WritePlanFile(file, p); err != nil {
		t.Fatal(err)
	}
	got, err := planner.ReadPlanFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestVerifyWholesaleEdits checks the sentences of edits beyond single
// values, and that a file edited throughout gets a bounded list.
func TestVerifyWholesaleEdits(t *testing.T) {
	d, s := fixture()
	planned, err := planner.Diff(d, s, planner.DiffOptions{Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	saved := roundTrip(t, planned)
	saved.App = "other"
	saved.Notes = append(saved.Notes, "all is well")
	saved.Changes = append(saved.Changes, saved.Changes[0])
	got := planner.Verify(saved, planned)
	want := []string{
		`the plan is for application "other", the configuration declares "demo"`,
		"app: the plan holds two changes to it",
		"the plan's notes are not the ones flightplan plans",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	for _, c := range saved.Changes {
		c.Reasons, c.Account, c.Region = []string{"x"}, "999999999999", "mars-1"
	}
	got = planner.Verify(saved, planned)
	if len(got) != 21 || got[20] != "… and "+strconv.Itoa(3*len(planned.Changes)+3-20)+" more differences" {
		t.Errorf("a file edited throughout: %d sentences, last %q", len(got), got[len(got)-1])
	}
}
