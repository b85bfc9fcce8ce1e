package planner_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/stacks"
)

// A NoEcho parameter's live value is masked: the digest tag alone says
// whether it changed, and the plan never holds either value.
func TestDiffSensitive(t *testing.T) {
	api := addr.Deploy("test", "api")
	tests := map[string]struct {
		edit       func(*stacks.Desired, *planner.State)
		wantAction planner.Action
		wantParams []planner.ValueChange
		wantReason string
	}{
		"unchanged secret": {
			edit:       func(*stacks.Desired, *planner.State) {},
			wantAction: planner.NoOp,
		},
		"changed secret": {
			edit:       func(d *stacks.Desired, _ *planner.State) { d.Node(api).Stack.Parameters["DbPassword"] = "rotated" },
			wantAction: planner.Update,
			wantParams: []planner.ValueChange{{Path: "DbPassword", Before: planner.SensitiveValue, After: planner.SensitiveValue, Sensitive: true}},
			wantReason: "sensitive parameters of stack demo-test-api (DbPassword) differ from the values last applied",
		},
		"no digest tag": {
			edit: func(d *stacks.Desired, s *planner.State) {
				n := d.Node(api)
				delete(s.Stack(n.Account, n.Region, n.Stack.Name).Tags, planner.TagSensitiveDigest)
			},
			wantAction: planner.Update,
			wantParams: []planner.ValueChange{{Path: "DbPassword", Before: planner.SensitiveValue, After: planner.SensitiveValue, Sensitive: true}},
			wantReason: "stack demo-test-api has no digest of its sensitive parameters (DbPassword): they cannot be compared and will be applied",
		},
		"digest tag that does not parse": {
			edit: func(d *stacks.Desired, s *planner.State) {
				n := d.Node(api)
				s.Stack(n.Account, n.Region, n.Stack.Name).Tags[planner.TagSensitiveDigest] = "garbage"
			},
			wantAction: planner.Update,
			wantParams: []planner.ValueChange{{Path: "DbPassword", Before: planner.SensitiveValue, After: planner.SensitiveValue, Sensitive: true}},
			wantReason: "stack demo-test-api has no digest of its sensitive parameters (DbPassword): they cannot be compared and will be applied",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d, s := fixture()
			tc.edit(d, s)
			p, err := planner.Diff(d, s, planner.DiffOptions{Now: t0})
			if err != nil {
				t.Fatal(err)
			}
			c := change(t, p, api)
			if c.Action != tc.wantAction {
				t.Errorf("action %s, want %s", c.Action, tc.wantAction)
			}
			if diff := cmp.Diff(tc.wantParams, c.Stack.Parameters); diff != "" {
				t.Errorf("parameters (-want +got):\n%s", diff)
			}
			if tc.wantReason != "" && !strings.Contains(strings.Join(c.Reasons, "\n"), tc.wantReason) {
				t.Errorf("reasons %q lack %q", c.Reasons, tc.wantReason)
			}
			shown, _ := json.Marshal(c.Stack) // what every view renders; Desired holds the values to apply
			for _, secret := range []string{"rotated", "hunter2-test"} {
				if strings.Contains(string(shown), secret) {
					t.Errorf("the stack change quotes the secret %q: %s", secret, shown)
				}
			}
		})
	}
}

// The digest depends on the salt and on every sensitive value, and a tag
// made with the live salt verifies the same values.
func TestSensitiveDigest(t *testing.T) {
	values := map[string]string{"DbPassword": "hunter2", "ApiKey": "k1"}
	a := planner.SensitiveDigest([]byte("0123456789abcdef"), values)
	if a != planner.SensitiveDigest([]byte("0123456789abcdef"), map[string]string{"ApiKey": "k1", "DbPassword": "hunter2"}) {
		t.Error("the same values and salt give different digests")
	}
	if a == planner.SensitiveDigest([]byte("fedcba9876543210"), values) {
		t.Error("another salt gives the same digest")
	}
	if a == planner.SensitiveDigest([]byte("0123456789abcdef"), map[string]string{"DbPassword": "hunter3", "ApiKey": "k1"}) {
		t.Error("another value gives the same digest")
	}
	if strings.Contains(a, "hunter2") || len(a) > 256 {
		t.Errorf("tag %q quotes the secret or exceeds a tag value's 256 characters", a)
	}
}
