package view

import (
	"bytes"
	"strings"
	"testing"

	"flightplan/planner"
)

// planWith is a plan of one change.
func planWith(c *planner.Change) *planner.Plan {
	return &planner.Plan{App: "demo", Changes: []*planner.Change{c}}
}

// Each way of rendering a plan says what it must and never what it must
// not: no "No changes… matches" while a stack is failed or in progress,
// "Nothing to destroy" for an empty destroy, and the buckets a deletion
// empties with their counts.
func TestWritePlanStates(t *testing.T) {
	failed := planWith(&planner.Change{Address: "env/test", Action: planner.NoOp,
		Stack: &planner.StackChange{Name: "demo-test", Action: planner.NoOp, Status: "UPDATE_ROLLBACK_FAILED"}})
	updating := planWith(&planner.Change{Address: "env/test", Action: planner.NoOp,
		Stack: &planner.StackChange{Name: "demo-test", Action: planner.NoOp, Status: "UPDATE_IN_PROGRESS"}})
	deleting := planWith(&planner.Change{Address: "env/test", Action: planner.Delete, Account: "1", Region: "r",
		Stack: &planner.StackChange{Name: "demo-test", Action: planner.Delete, Buckets: []planner.Bucket{
			{LogicalID: "Data", Name: "demo-test-data-1", Objects: 10000, AtLeast: true},
			{LogicalID: "Logs", Name: "demo-test-logs-1", Objects: 1},
			{LogicalID: "Tmp", Name: "demo-test-tmp-1"},
		}}})
	tests := map[string]struct {
		write     func(*bytes.Buffer) error
		want, not []string
	}{
		"failed, text": {
			write: func(b *bytes.Buffer) error { return WritePlan(b, failed, false) },
			want: []string{"No changes to apply, but the infrastructure does not match the configuration yet:\n",
				"  ! env/test: stack demo-test is failed (UPDATE_ROLLBACK_FAILED)\n"},
			not: []string{"matches the configuration"},
		},
		"in progress, markdown": {
			write: func(b *bytes.Buffer) error { return WritePlanMarkdown(b, updating) },
			want: []string{"**No changes to apply, but the infrastructure does not match the configuration yet:**",
				"- env/test: stack demo-test is in progress (UPDATE_IN_PROGRESS)\n"},
			not: []string{"matches the configuration"},
		},
		"clean": {
			write: func(b *bytes.Buffer) error { return WritePlan(b, &planner.Plan{App: "demo"}, false) },
			want:  []string{"No changes. Your infrastructure matches the configuration."},
		},
		"nothing to destroy": {
			write: func(b *bytes.Buffer) error { return WriteDestroyPlan(b, &planner.Plan{App: "demo"}, false) },
			want:  []string{"Nothing to destroy. Application demo has no stacks or documents in AWS.\n"},
			not:   []string{"No changes"},
		},
		"buckets, text": {
			write: func(b *bytes.Buffer) error { return WriteDestroyPlan(b, deleting, false) },
			want: []string{
				"      bucket demo-test-data-1 (Data) will be emptied, then deleted: it holds at least 10000 objects\n",
				"      bucket demo-test-logs-1 (Logs) will be emptied, then deleted: it holds 1 object\n",
				"      bucket demo-test-tmp-1 (Tmp) is empty and will be deleted\n",
			},
		},
		"buckets, markdown": {
			write: func(b *bytes.Buffer) error { return WritePlanMarkdown(b, deleting) },
			want:  []string{">   - bucket demo-test-data-1 (Data) will be emptied, then deleted: it holds at least 10000 objects\n"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			for _, want := range tc.want {
				if !strings.Contains(b.String(), want) {
					t.Errorf("output lacks %q:\n%s", want, b.String())
				}
			}
			for _, not := range tc.not {
				if strings.Contains(b.String(), not) {
					t.Errorf("output says %q:\n%s", not, b.String())
				}
			}
		})
	}
}
