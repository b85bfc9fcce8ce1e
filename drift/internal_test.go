package drift

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/planner/plantest"
	"flightplan/stacks"
)

func TestPropertyPath(t *testing.T) {
	for name, c := range map[string]struct{ in, want string }{
		"top level": {"/HealthCheckPath", "Properties.HealthCheckPath"},
		"list item": {"/Tags/2/Value", "Properties.Tags[2].Value"},
		"escaped":   {"/Policy/a~1b/c~0d", "Properties.Policy.a/b.c~d"},
		"empty":     {"", "Properties"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := propertyPath(c.in); got != c.want {
				t.Errorf("propertyPath(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestDiffDocument(t *testing.T) {
	for name, c := range map[string]struct {
		want, live string
		diffs      []fieldDiff
	}{
		"same":    {`{"a":1,"b":[1,2]}`, `{"b":[1,2],"a":1}`, nil},
		"changed": {`{"a":1}`, `{"a":2}`, []fieldDiff{{path: "a", expected: 1.0, actual: 2.0, kind: diffNotEqual}}},
		"nested": {`{"tags":{"team":"x"}}`, `{"tags":{"team":"y","cost":"z"}}`, []fieldDiff{
			{path: "tags.cost", actual: "z", kind: diffAdd}, {path: "tags.team", expected: "x", actual: "y", kind: diffNotEqual}}},
		"removed":     {`{"a":1,"b":2}`, `{"a":1}`, []fieldDiff{{path: "b", expected: 2.0, kind: diffRemove}}},
		"list item":   {`{"l":[1,2]}`, `{"l":[1,3]}`, []fieldDiff{{path: "l[1]", expected: 2.0, actual: 3.0, kind: diffNotEqual}}},
		"list length": {`{"l":[1]}`, `{"l":[1,3]}`, []fieldDiff{{path: "l", expected: []any{1.0}, actual: []any{1.0, 3.0}, kind: diffNotEqual}}},
		"not json":    {`plain`, `other`, []fieldDiff{{path: "value", expected: "plain", actual: "other", kind: diffNotEqual}}},
	} {
		t.Run(name, func(t *testing.T) {
			got := diffDocument(c.want, c.live)
			if diff := cmp.Diff(c.diffs, got, cmp.AllowUnexported(fieldDiff{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestExitCode(t *testing.T) {
	drifted := &Report{Findings: []*Finding{{Kind: StackMissing}}}
	for name, c := range map[string]struct {
		r    *Report
		err  error
		want int
	}{
		"clean":      {&Report{}, nil, ExitClean},
		"drift":      {drifted, nil, ExitDrift},
		"error":      {nil, errTest, ExitError},
		"incomplete": {&Report{Findings: drifted.Findings, Errors: []*Problem{{Address: "app", Message: "x"}}}, nil, ExitError},
	} {
		t.Run(name, func(t *testing.T) {
			if got := ExitCode(c.r, c.err); got != c.want {
				t.Errorf("ExitCode = %d, want %d", got, c.want)
			}
		})
	}
}

var errTest = errorString("test")

type errorString string

func (e errorString) Error() string { return string(e) }

func TestSensitiveValues(t *testing.T) {
	d := plantest.Desired(plantest.Spec{Envs: []string{"test", "stage"}})
	got := stacks.SensitiveValues(d.Nodes, "var-secret", "", "hunter2-test")
	want := []string{"hunter2-stage", "hunter2-test", "var-secret"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
