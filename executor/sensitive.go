package executor

import (
	"crypto/rand"
	"maps"

	"flightplan/planner"
	"flightplan/stacks"
)

// digests writes the sensitive-parameter digests of one apply: one salt
// drawn for the whole apply, and the derived keys remembered, so that the
// stacks sharing secrets pay the key derivation once (see the planner's
// diff_sensitive.go for the format and why).
type digests struct {
	salt []byte
	keys *planner.DigestKeys
}

func newDigests() digests {
	salt := make([]byte, planner.SensitiveSaltBytes)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails
	return digests{salt: salt, keys: planner.NewDigestKeys()}
}

// withSensitiveDigest returns the stack with the tag
// planner.TagSensitiveDigest set to the digest of its sensitive parameter
// values (inputs resolved), so that the next plan can tell whether a
// masked secret changed. A stack without sensitive parameters gets no tag
// (an old one is dropped with the stack's next update). st is not changed.
func (d digests) withSensitiveDigest(st *stacks.Stack) (*stacks.Stack, error) {
	values, err := planner.SensitiveParameters(st)
	if err != nil || len(values) == 0 {
		return st, err
	}
	out := *st
	out.Tags = maps.Clone(st.Tags)
	if out.Tags == nil {
		out.Tags = map[string]string{}
	}
	out.Tags[planner.TagSensitiveDigest] = d.keys.Digest(d.salt, st.Name, values)
	return &out, nil
}
