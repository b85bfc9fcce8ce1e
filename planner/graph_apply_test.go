package planner

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
)

func applyChange(a string, action Action, deps ...string) *Change {
	return &Change{Address: a, Action: action, DependsOn: deps}
}

func edgeStrings(g *Graph) []string {
	var out []string
	for _, e := range g.Edges() {
		out = append(out, e.From.String()+" waits for "+e.To.String())
	}
	return out
}

func TestApplyGraphEdges(t *testing.T) {
	before := applyChange("deploy/test/api", Update, "env/test")
	before.Before = []string{"env/test"}
	tests := map[string]struct {
		changes []*Change
		want    []string
	}{
		"create waits for what it needs": {
			[]*Change{applyChange("app", Create), applyChange("env/a", Create, "app")},
			[]string{"env/a waits for app"}},
		"deletes run in reverse": {
			[]*Change{applyChange("app", Delete), applyChange("env/a", Delete, "app")},
			[]string{"app waits for env/a"}},
		"a dependent is deleted before its dependency changes": {
			[]*Change{applyChange("env/test", Update), applyChange("deploy/test/old", Delete, "env/test")},
			[]string{"env/test waits for deploy/test/old"}},
		"a no-op waits for nothing": {
			[]*Change{applyChange("app", Create), applyChange("env/a", NoOp, "app")},
			nil},
		"others wait for a no-op": {
			[]*Change{applyChange("env/a", NoOp), applyChange("deploy/a/x", Create, "env/a")},
			[]string{"deploy/a/x waits for env/a"}},
		"Before turns the edge around": {
			[]*Change{applyChange("env/test", Update), before},
			[]string{"env/test waits for deploy/test/api"}},
		"a deleted certificate waits for its environment's distributions": {
			[]*Change{applyChange("cert/test", Delete, "app"), applyChange("env/test", Update, "app"),
				applyChange("deploy/test/www", Delete, "env/test"), applyChange("deploy/test/api", NoOp, "env/test"), applyChange("env/prod", Update, "app")},
			[]string{"cert/test waits for env/test", "cert/test waits for deploy/test/www", "env/test waits for deploy/test/www"}},
		"dependencies outside the plan are ignored": {
			[]*Change{applyChange("env/a", Create, "app")},
			nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			g, err := ApplyGraph(&Plan{App: "demo", Changes: tc.changes})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, edgeStrings(g)); d != "" {
				t.Errorf("edges (-want +got):\n%s", d)
			}
			if g.Len() != len(tc.changes) {
				t.Errorf("%d nodes, want one per change (%d)", g.Len(), len(tc.changes))
			}
		})
	}
}

func TestApplyGraphErrors(t *testing.T) {
	tests := map[string]struct {
		changes []*Change
		want    string
	}{
		"cycle": {[]*Change{applyChange("env/a", Create, "env/b"), applyChange("env/b", Create, "env/a")},
			"the plan's dependencies form a cycle: [env/a env/b]"},
		"duplicate":  {[]*Change{applyChange("env/a", Create), applyChange("env/a", Update)}, "plan: env/a appears twice"},
		"bad dep":    {[]*Change{applyChange("env/a", Create, "nope/x")}, `plan: env/a depends on invalid address "nope/x"`},
		"bad addr":   {[]*Change{applyChange("envs", Create)}, `plan: invalid address "envs"`},
		"needs dead": {[]*Change{applyChange("env/a", Delete), applyChange("deploy/a/x", Create, "env/a")}, "plan is inconsistent: deploy/a/x (create) needs env/a, which it deletes"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := ApplyGraph(&Plan{App: "demo", Changes: tc.changes})
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error starting %q", err, tc.want)
			}
		})
	}
}

func TestChainWeights(t *testing.T) {
	g := graphOf(
		[2]string{"env/test", "app"},
		[2]string{"workload/api", "app"},
		[2]string{"deploy/test/api", "env/test"},
		[2]string{"deploy/test/api", "workload/api"},
	)
	weights := map[string]int{"app": 1, "env/test": 5, "workload/api": 1, "deploy/test/api": 2}
	got := map[string]int{}
	for a, w := range g.ChainWeights(func(a addr.Address) int { return weights[a.String()] }) {
		got[a.String()] = w
	}
	want := map[string]int{"app": 8, "env/test": 7, "workload/api": 3, "deploy/test/api": 2}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("chain weights (-want +got):\n%s", d)
	}
}
