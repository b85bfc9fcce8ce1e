package planner

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"maps"
	"slices"
	"strings"

	"flightplan/stacks"
)

// Sensitive parameters.
//
// CloudFormation masks the live value of a NoEcho parameter ("****"), so a
// changed secret cannot be seen by comparing values. The executor therefore
// writes a digest of a stack's sensitive parameter values into the stack's
// tag TagSensitiveDigest, as "SALT:DIGEST": PBKDF2-HMAC-SHA256 over every
// sensitive parameter's name and value (sorted by name), with a random
// 16-byte salt drawn at each apply of the stack and
// sensitiveDigestIterations rounds, both base64url without padding. The
// planner recomputes the digest of the desired values with the live salt:
// when it differs, the sensitive parameters whose live value is masked are
// planned as changed, shown only as (sensitive). The digest is one per
// stack (a tag holds at most 256 characters, whatever the number of
// secrets), so the plan cannot tell which of several secrets changed: it
// lists them all.
//
// A stack with masked sensitive parameters but no digest (deployed before
// flightplan wrote one, or by another tool) cannot be compared: the plan
// shows those parameters as changed, and the apply writes them and the
// digest, after which the stack plans clean. Showing a change that may not
// be one is preferred to saying "No changes" about a secret that did
// change.
//
// The salt makes equal secrets give different digests on different stacks
// and defeats precomputed tables; the rounds make guessing a secret from
// the tag (readable by anyone who may describe the stack) slow.

// TagSensitiveDigest is the stack tag holding the digest of the stack's
// sensitive parameter values (see above). The tag diff ignores it: it is
// the planner's record, not part of the desired tags.
const TagSensitiveDigest = "flightplan:sensitive-digest"

const (
	sensitiveDigestIterations = 100_000
	sensitiveDigestBytes      = 32
	// SensitiveSaltBytes is the size of the salt the executor draws.
	SensitiveSaltBytes = 16
)

var digestEncoding = base64.RawURLEncoding

// SensitiveParameters returns the names and desired values of the stack's
// sensitive parameters: those in Stack.Sensitive and those its template
// declares NoEcho, that the stack gives a value. Parameters left to their
// template default are not included (a changed default is a template
// change). It fails only when the template does not parse.
func SensitiveParameters(st *stacks.Stack) (map[string]string, error) {
	tmpl, err := parseTemplate(st.Template)
	if err != nil {
		return nil, fmt.Errorf("the template of stack %s: %w", st.Name, err)
	}
	return sensitiveValues(st, tmpl), nil
}

func sensitiveValues(st *stacks.Stack, tmpl map[string]any) map[string]string {
	out := map[string]string{}
	for name, v := range st.Parameters {
		if slices.Contains(st.Sensitive, name) || isNoEcho(tmpl, name) {
			out[name] = v
		}
	}
	return out
}

// SensitiveDigest is the value of TagSensitiveDigest for these sensitive
// values and this salt. values must not be empty.
func SensitiveDigest(salt []byte, values map[string]string) string {
	return digestEncoding.EncodeToString(salt) + ":" + digestEncoding.EncodeToString(sensitiveDigest(salt, values))
}

func sensitiveDigest(salt []byte, values map[string]string) []byte {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(values)) {
		b.WriteString(k)
		b.WriteByte(0)
		b.WriteString(values[k])
		b.WriteByte(0)
	}
	key, err := pbkdf2.Key(sha256.New, b.String(), salt, sensitiveDigestIterations, sensitiveDigestBytes)
	if err != nil {
		// Only a key length or a FIPS-mode salt below 16 bytes fails,
		// and neither is ever passed.
		panic(fmt.Sprintf("planner: the sensitive digest: %v", err))
	}
	return key
}

// digestState is what the live digest tag says of the desired values.
type digestState int

const (
	digestMatches digestState = iota
	digestDiffers
	digestAbsent // no tag, or one that does not parse
)

// compareDigest compares the desired sensitive values with the live tag.
func compareDigest(tag string, values map[string]string) digestState {
	saltText, digestText, ok := strings.Cut(tag, ":")
	if !ok {
		return digestAbsent
	}
	salt, err1 := digestEncoding.DecodeString(saltText)
	want, err2 := digestEncoding.DecodeString(digestText)
	if err1 != nil || err2 != nil || len(salt) == 0 || len(want) != sensitiveDigestBytes {
		return digestAbsent
	}
	if subtle.ConstantTimeCompare(sensitiveDigest(salt, values), want) == 1 {
		return digestMatches
	}
	return digestDiffers
}

// maskedSensitive are the desired sensitive parameters whose live value is
// masked, so that only the digest can say whether they changed; sorted.
func maskedSensitive(values, live map[string]string) []string {
	var out []string
	for k := range values {
		if live[k] == noEchoMask {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// diffSensitive returns the changes of the masked sensitive parameters, as
// the live digest tag tells them, and the reason to give; nil when they
// match (or there are none).
func diffSensitive(want *stacks.Stack, desired map[string]any, live *LiveStack) ([]ValueChange, string) {
	values := sensitiveValues(want, desired)
	masked := maskedSensitive(values, live.Parameters)
	if len(masked) == 0 {
		return nil, ""
	}
	var why string
	switch compareDigest(live.Tags[TagSensitiveDigest], values) {
	case digestMatches:
		return nil, ""
	case digestDiffers:
		why = fmt.Sprintf("sensitive parameters of stack %s (%s) differ from the values last applied", want.Name, strings.Join(masked, ", "))
	default:
		why = fmt.Sprintf("stack %s has no digest of its sensitive parameters (%s): they cannot be compared and will be applied",
			want.Name, strings.Join(masked, ", "))
	}
	out := make([]ValueChange, len(masked))
	for i, k := range masked {
		out[i] = valueChange(k, true, "", true, "", true)
	}
	return out, why
}
