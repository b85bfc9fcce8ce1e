package planner_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

// withEnvironment sets the api service's Environment list, on the desired
// side through the desired template, on the live side by editing the
// deployed template.
func withEnvironment(t *testing.T, d *stacks.Desired, s *planner.State, desired, deployed []any) {
	t.Helper()
	plantest.EditTemplate(d, addr.Deploy("test", "api"), func(tpl map[string]any) {
		plantest.Props(tpl, "Service")["Environment"] = desired
	})
	st := s.Stack("222222222222", "ap-northeast-1", "demo-test-api")
	var tpl map[string]any
	if err := json.Unmarshal(st.Template, &tpl); err != nil {
		t.Fatal(err)
	}
	plantest.Props(tpl, "Service")["Environment"] = deployed
	body, err := json.Marshal(tpl)
	if err != nil {
		t.Fatal(err)
	}
	st.Template = body
}

func envVar(name, value string) map[string]any { return map[string]any{"Name": name, "Value": value} }

// TestDiffListsByIdentity checks that a list whose elements have a Name is
// diffed element by element: one added variable is one line, not the whole
// list twice, and a changed one names its variable.
func TestDiffListsByIdentity(t *testing.T) {
	d, s := fixture()
	withEnvironment(t, d, s,
		[]any{envVar("A", "1"), envVar("LOG_LEVEL", "debug"), envVar("NEW", "x")},
		[]any{envVar("A", "1"), envVar("LOG_LEVEL", "info"), envVar("OLD", "y")})
	p, err := planner.Diff(d, s, planner.DiffOptions{Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	got := changedValues(p, "deploy/test/api")
	want := []planner.ValueChange{
		{Path: "Properties.Environment[LOG_LEVEL].Value", Before: "info", After: "debug"},
		{Path: "Properties.Environment[OLD]", Before: map[string]any{"Name": "OLD", "Value": "y"}},
		{Path: "Properties.Environment[NEW]", After: map[string]any{"Name": "NEW", "Value": "x"}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("value changes (-want +got):\n%s", d)
	}
}

// TestDiffMasksBothSidesOfASecret checks that a changed sensitive value is
// masked on the deployed side too: the old secret is named by no list, so
// only its place in the template says that it is one.
func TestDiffMasksBothSidesOfASecret(t *testing.T) {
	d, s := fixture()
	withEnvironment(t, d, s,
		[]any{envVar("DB_URL", "postgres://u:NEW-S3CR3T@db"), envVar("LOG_LEVEL", "debug")},
		[]any{envVar("DB_URL", "postgres://u:OLD-S3CR3T@db"), envVar("LOG_LEVEL", "info")})
	d.Node(addr.Deploy("test", "api")).Stack.Tags["token"] = "NEW-S3CR3T"
	s.Stack("222222222222", "ap-northeast-1", "demo-test-api").Tags["token"] = "OLD-S3CR3T"
	p, err := planner.Diff(d, s, planner.DiffOptions{Now: t0, Sensitive: []string{"NEW-S3CR3T"}})
	if err != nil {
		t.Fatal(err)
	}
	got := changedValues(p, "deploy/test/api")
	want := []planner.ValueChange{
		{Path: "Properties.Environment[DB_URL].Value", Before: planner.SensitiveValue, After: planner.SensitiveValue, Sensitive: true},
		{Path: "Properties.Environment[LOG_LEVEL].Value", Before: "info", After: "debug"},
		{Path: "token", Before: planner.SensitiveValue, After: planner.SensitiveValue, Sensitive: true},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("value changes (-want +got):\n%s", d)
	}
	encoded, err := json.Marshal(p.Changes)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(encoded, []byte("OLD-S3CR3T")) {
		t.Errorf("the plan's changes hold the deployed secret:\n%s", encoded)
	}
}

// changedValues lists the property and tag changes of one node.
func changedValues(p *planner.Plan, node string) []planner.ValueChange {
	var out []planner.ValueChange
	for _, c := range p.Changes {
		if c.Address != node || c.Stack == nil {
			continue
		}
		for _, r := range c.Stack.Resources {
			out = append(out, r.Properties...)
		}
		out = append(out, c.Stack.Tags...)
	}
	return out
}
