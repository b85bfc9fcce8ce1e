package executor

import (
	"crypto/rand"
	"maps"

	"flightplan/planner"
	"flightplan/stacks"
)

// withSensitiveDigest returns the stack with the tag
// planner.TagSensitiveDigest set to the digest of its sensitive parameter
// values (inputs resolved), under a salt drawn for this apply, so that the
// next plan can tell whether a masked secret changed (see the planner's
// diff_sensitive.go). A stack without sensitive parameters gets no tag (an
// old one is dropped with the stack's next update). st is not changed.
func withSensitiveDigest(st *stacks.Stack) (*stacks.Stack, error) {
	values, err := planner.SensitiveParameters(st)
	if err != nil || len(values) == 0 {
		return st, err
	}
	salt := make([]byte, planner.SensitiveSaltBytes)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails
	out := *st
	out.Tags = maps.Clone(st.Tags)
	if out.Tags == nil {
		out.Tags = map[string]string{}
	}
	out.Tags[planner.TagSensitiveDigest] = planner.SensitiveDigest(salt, values)
	return &out, nil
}
