package planner_test

import (
	"strings"
	"testing"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

// A stack in progress or failed is never clean, whether or not the plan
// changes it, and its note says what apply will do with it.
func TestPlanStates(t *testing.T) {
	tests := map[string]struct {
		status    string
		edit      func(*stacks.Desired)
		wantClean bool
		wantNote  string
	}{
		"at rest": {status: "UPDATE_COMPLETE", wantClean: true},
		"in progress, no change": {
			status:   "UPDATE_IN_PROGRESS",
			wantNote: "stack demo-test is in UPDATE_IN_PROGRESS: the plan compares the file with the template being deployed; apply does not change it, and waits for the operation to end",
		},
		"in progress, changed": {
			status:   "UPDATE_IN_PROGRESS",
			edit:     changeEnv,
			wantNote: "stack demo-test is in UPDATE_IN_PROGRESS: apply will wait for the operation to end, then update the stack",
		},
		"rollback failed, no change": {
			status: "UPDATE_ROLLBACK_FAILED",
			wantNote: "stack demo-test is in UPDATE_ROLLBACK_FAILED (boom): it cannot change until its rollback is continued " +
				"(aws cloudformation continue-update-rollback --stack-name demo-test --region ap-northeast-1); apply has nothing to change in it and leaves it alone",
		},
		"rollback failed, changed": {
			status:   "UPDATE_ROLLBACK_FAILED",
			edit:     changeEnv,
			wantNote: "apply will fail this node, and skip what depends on it, until then",
		},
		"delete failed": {status: "DELETE_FAILED", wantNote: "stack demo-test is in DELETE_FAILED (boom); apply has nothing to change"},
		"never created": {status: "REVIEW_IN_PROGRESS", wantClean: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d, s := fixture()
			st := s.Stack("222222222222", "ap-northeast-1", "demo-test")
			st.Status, st.StatusReason = tc.status, "boom"
			if tc.edit != nil {
				tc.edit(d)
			}
			p, err := planner.Diff(d, s, planner.DiffOptions{Now: t0})
			if err != nil {
				t.Fatal(err)
			}
			if p.Clean() != tc.wantClean {
				t.Errorf("Clean() = %v, want %v (changes %v, unsettled %d)", p.Clean(), tc.wantClean, p.HasChanges(), len(p.Unsettled()))
			}
			if tc.wantNote != "" && !strings.Contains(strings.Join(p.Notes, "\n"), tc.wantNote) {
				t.Errorf("notes %q lack %q", p.Notes, tc.wantNote)
			}
			if tc.wantNote != "" && (len(p.Unsettled()) != 1 || p.Unsettled()[0].Addr != addr.Env("test")) {
				t.Errorf("Unsettled() = %v, want env/test", p.Unsettled())
			}
		})
	}
}

func changeEnv(d *stacks.Desired) {
	plantest.EditTemplate(d, addr.Env("test"), func(t map[string]any) {
		t["Description"] = "changed"
	})
}
