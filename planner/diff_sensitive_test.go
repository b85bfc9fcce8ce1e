package planner_test

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/planner/plantest"
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

// The digest depends on the salt, on every sensitive value and on the
// stack's name, and a tag made with the live salt verifies the same values.
func TestSensitiveDigest(t *testing.T) {
	salt := []byte("0123456789abcdef")
	values := map[string]string{"DbPassword": "hunter2", "ApiKey": "k1"}
	a := planner.SensitiveDigest(salt, "demo-test-api", values)
	if a != planner.SensitiveDigest(salt, "demo-test-api", map[string]string{"ApiKey": "k1", "DbPassword": "hunter2"}) {
		t.Error("the same values and salt give different digests")
	}
	if a == planner.SensitiveDigest([]byte("fedcba9876543210"), "demo-test-api", values) {
		t.Error("another salt gives the same digest")
	}
	if a == planner.SensitiveDigest(salt, "demo-test-api", map[string]string{"DbPassword": "hunter3", "ApiKey": "k1"}) {
		t.Error("another value gives the same digest")
	}
	other := planner.SensitiveDigest(salt, "demo-prod-api", values)
	if _, digestA, _ := strings.Cut(strings.TrimPrefix(a, "v2:"), ":"); strings.HasSuffix(other, digestA) {
		t.Errorf("two stacks with the same secret and salt show the same digest %q: the tags tell which stacks share a secret", digestA)
	}
	if !strings.HasPrefix(a, "v2:") || strings.Contains(a, "hunter2") || len(a) > 256 {
		t.Errorf("tag %q is not v2, quotes the secret or exceeds a tag value's 256 characters", a)
	}
}

// One apply's stacks share a salt: a plan derives the key once per distinct
// salt and values, however many stacks hold them, and a wrong value is
// still told apart on each stack.
func TestDigestKeysDeriveOncePerSecret(t *testing.T) {
	d := plantest.Desired(plantest.Spec{Envs: []string{"test", "prod"}, Services: []string{"api", "web", "worker"}})
	s := plantest.Live(d, t0)
	keys := planner.NewDigestKeys()
	p, err := planner.Diff(d, s, planner.DiffOptions{Now: t0, DigestKeys: keys})
	if err != nil {
		t.Fatal(err)
	}
	if p.HasChanges() {
		t.Fatalf("a plan of the live state has changes: %v", summarize(p))
	}
	// Six stacks with a secret: one password per environment.
	if got := keys.Derived(); got != 2 {
		t.Errorf("%d key derivations for 6 stacks holding 2 distinct secrets under one salt, want 2", got)
	}
	d.Node(addr.Deploy("prod", "web")).Stack.Parameters["DbPassword"] = "rotated"
	p, err = planner.Diff(d, s, planner.DiffOptions{Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	var changed []string
	for _, c := range p.Changes {
		if c.Action != planner.NoOp {
			changed = append(changed, c.Address)
		}
	}
	if diff := cmp.Diff([]string{"deploy/prod/web"}, changed); diff != "" {
		t.Errorf("changed nodes (-want +got):\n%s", diff)
	}
}

// A tag in the first format ("SALT:DIGEST": PBKDF2 of the values under a
// per-stack salt, no stack name), written by earlier versions, still
// verifies: upgrading does not plan every secret as changed.
func TestSensitiveDigestFirstFormat(t *testing.T) {
	api := addr.Deploy("test", "api")
	for name, tc := range map[string]struct {
		value      string
		wantAction planner.Action
	}{
		"same value":    {value: "hunter2-test", wantAction: planner.NoOp},
		"changed value": {value: "rotated", wantAction: planner.Update},
	} {
		t.Run(name, func(t *testing.T) {
			d, s := fixture()
			n := d.Node(api)
			salt := []byte("per-stack-salt-1")
			key, err := pbkdf2.Key(sha256.New, "DbPassword\x00hunter2-test\x00", salt, 100_000, 32)
			if err != nil {
				t.Fatal(err)
			}
			enc := base64.RawURLEncoding
			s.Stack(n.Account, n.Region, n.Stack.Name).Tags[planner.TagSensitiveDigest] = enc.EncodeToString(salt) + ":" + enc.EncodeToString(key)
			n.Stack.Parameters["DbPassword"] = tc.value
			p, err := planner.Diff(d, s, planner.DiffOptions{Now: t0})
			if err != nil {
				t.Fatal(err)
			}
			if c := change(t, p, api); c.Action != tc.wantAction {
				t.Errorf("action %s, want %s (reasons %q)", c.Action, tc.wantAction, c.Reasons)
			}
		})
	}
}

// Prewarm starts the derivations as the live stacks are handed to it, one
// per distinct salt and values, and the diff made with those keys derives
// nothing more.
func TestDigestKeysPrewarm(t *testing.T) {
	d := plantest.Desired(plantest.Spec{Envs: []string{"test", "prod"}, Services: []string{"api", "web", "worker"}})
	s := plantest.Live(d, t0)
	keys := planner.NewDigestKeys()
	prewarm := keys.Prewarm(d)
	for _, st := range s.Stacks {
		prewarm(st)
	}
	if got := keys.Known(); got != 2 {
		t.Fatalf("%d keys started for 6 stacks holding 2 distinct secrets under one salt, want 2", got)
	}
	p, err := planner.Diff(d, s, planner.DiffOptions{Now: t0, DigestKeys: keys})
	if err != nil || p.HasChanges() {
		t.Fatalf("plan: %v (changes: %v)", err, p != nil && p.HasChanges())
	}
	if got := keys.Derived(); got != 2 {
		t.Errorf("%d derivations after the diff, want the 2 prewarmed", got)
	}
}
