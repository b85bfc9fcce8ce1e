package planner

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"flightplan/stacks"
)

// Sensitive parameters.
//
// CloudFormation masks the live value of a NoEcho parameter ("****"), so a
// changed secret cannot be seen by comparing values. The executor therefore
// writes a digest of a stack's sensitive parameter values into the stack's
// tag TagSensitiveDigest, and the planner recomputes it from the desired
// values with the live salt: when it differs, the sensitive parameters
// whose live value is masked are planned as changed, shown only as
// (sensitive). The digest is one per stack (a tag holds at most 256
// characters, whatever the number of secrets), so the plan cannot tell
// which of several secrets changed: it lists them all.
//
// The tag is "v2:SALT:DIGEST" (both base64url without padding):
//
//	key    = PBKDF2-HMAC-SHA256(values, SALT, 100,000 rounds, 32 bytes)
//	DIGEST = HMAC-SHA256(key, stack name)
//
// where values are every sensitive parameter's name and value, sorted by
// name, and SALT is 16 random bytes drawn once per apply and shared by the
// stacks that apply writes. The rounds make guessing a secret from the tag
// (readable by anyone who may describe the stack) slow; the random salt
// defeats precomputed tables; the stack name in the HMAC makes equal
// secrets give different digests on different stacks, so the tags do not
// show which stacks share a secret.
//
// Why one salt per apply rather than per stack: the rounds are the cost of
// checking, too (about 16 ms of CPU each), and an application's stacks
// mostly hold the same few secrets (one database password in every
// service of an environment). With the salt shared, the planner derives
// the key once per distinct salt and values (DigestKeys) and each stack
// costs one HMAC: a no-change plan of 300 stacks with secrets went from
// some 5 s of CPU to a few derivations. The price is that one guess, once
// stretched, can be tried against every stack that apply wrote instead of
// one; guessing any one secret still costs the full rounds per guess.
//
// Tags written before this format ("SALT:DIGEST", the PBKDF2 output of the
// values under a per-stack salt, no stack name) still verify, at the old
// cost of the rounds per stack (derived on every core while the templates
// are read), until the stack's next apply rewrites them.
//
// A stack with masked sensitive parameters but no digest (deployed before
// flightplan wrote one, or by another tool) cannot be compared: the plan
// shows those parameters as changed, and the apply writes them and the
// digest, after which the stack plans clean. Showing a change that may not
// be one is preferred to saying "No changes" about a secret that did
// change.

// TagSensitiveDigest is the stack tag holding the digest of the stack's
// sensitive parameter values (see above). The tag diff ignores it: it is
// the planner's record, not part of the desired tags.
const TagSensitiveDigest = "flightplan:sensitive-digest"

const (
	sensitiveDigestIterations = 100_000
	sensitiveDigestBytes      = 32
	// SensitiveSaltBytes is the size of the salt the executor draws.
	SensitiveSaltBytes = 16
	digestVersion2     = "v2"
)

var digestEncoding = base64.RawURLEncoding

// DigestKeys derives the keys of sensitive values (the PBKDF2 step above)
// and remembers them, so that stacks sharing a salt and values pay the
// rounds once. It is safe for concurrent use; the zero value is not: use
// NewDigestKeys.
type DigestKeys struct {
	mu   sync.Mutex
	keys map[[sha256.Size]byte]*digestKey
	// derived counts the derivations made (for tests).
	derived int
}

type digestKey struct {
	once sync.Once
	key  []byte
}

// NewDigestKeys returns an empty DigestKeys.
func NewDigestKeys() *DigestKeys {
	return &DigestKeys{keys: map[[sha256.Size]byte]*digestKey{}}
}

// key returns the derived key of these values under this salt. Concurrent
// callers asking for the same key wait for one derivation.
func (k *DigestKeys) key(salt []byte, values map[string]string) []byte {
	text := canonicalSecrets(values)
	e, _ := k.entry(salt, text)
	return k.derive(e, salt, text)
}

// entry returns the entry of the key of text under salt, and whether this
// call made it. Entries are named by a hash, so that the values are not
// kept in clear.
func (k *DigestKeys) entry(salt []byte, text string) (*digestKey, bool) {
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte{0})
	h.Write([]byte(text))
	var id [sha256.Size]byte
	h.Sum(id[:0])
	k.mu.Lock()
	defer k.mu.Unlock()
	e := k.keys[id]
	if e != nil {
		return e, false
	}
	e = &digestKey{}
	k.keys[id] = e
	return e, true
}

// derive returns e's key, deriving it the first time.
func (k *DigestKeys) derive(e *digestKey, salt []byte, text string) []byte {
	e.once.Do(func() {
		e.key = stretch(salt, text)
		k.mu.Lock()
		k.derived++
		k.mu.Unlock()
	})
	return e.key
}

// Digest is the value of TagSensitiveDigest for stack's sensitive values
// under salt. values must not be empty.
func (k *DigestKeys) Digest(salt []byte, stack string, values map[string]string) string {
	return digestVersion2 + ":" + digestEncoding.EncodeToString(salt) + ":" +
		digestEncoding.EncodeToString(stackDigest(k.key(salt, values), stack))
}

// SensitiveDigest is DigestKeys.Digest without remembering the key: one
// derivation per call.
func SensitiveDigest(salt []byte, stack string, values map[string]string) string {
	return NewDigestKeys().Digest(salt, stack, values)
}

func stackDigest(key []byte, stack string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(stack))
	return mac.Sum(nil)
}

func canonicalSecrets(values map[string]string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(values)) {
		b.WriteString(k)
		b.WriteByte(0)
		b.WriteString(values[k])
		b.WriteByte(0)
	}
	return b.String()
}

func stretch(salt []byte, text string) []byte {
	key, err := pbkdf2.Key(sha256.New, text, salt, sensitiveDigestIterations, sensitiveDigestBytes)
	if err != nil {
		// Only a key length or a FIPS-mode salt below 16 bytes fails,
		// and neither is ever passed.
		panic(fmt.Sprintf("planner: the sensitive digest: %v", err))
	}
	return key
}

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

// digestState is what the live digest tag says of the desired values.
type digestState int

const (
	digestMatches digestState = iota
	digestDiffers
	digestAbsent // no tag, or one that does not parse
)

// parseDigestTag reads a TagSensitiveDigest value in either format: its
// salt and digest, and whether it is the second format (the digest an HMAC
// of the stack's name under the key; in the first, the digest is the key).
func parseDigestTag(tag string) (salt, digest []byte, v2, ok bool) {
	rest, v2 := strings.CutPrefix(tag, digestVersion2+":")
	saltText, digestText, found := strings.Cut(rest, ":")
	if !found {
		return nil, nil, false, false
	}
	salt, err1 := digestEncoding.DecodeString(saltText)
	digest, err2 := digestEncoding.DecodeString(digestText)
	if err1 != nil || err2 != nil || len(salt) == 0 || len(digest) != sensitiveDigestBytes {
		return nil, nil, false, false
	}
	return salt, digest, v2, true
}

// compareDigest compares the desired sensitive values of the stack with
// its live tag, in either format.
func compareDigest(keys *DigestKeys, tag, stack string, values map[string]string) digestState {
	salt, want, v2, ok := parseDigestTag(tag)
	if !ok {
		return digestAbsent
	}
	got := keys.key(salt, values)
	if v2 {
		got = stackDigest(got, stack)
	}
	if subtle.ConstantTimeCompare(got, want) == 1 {
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
func diffSensitive(keys *DigestKeys, want *stacks.Stack, desired map[string]any, live *LiveStack) ([]ValueChange, string) {
	values := sensitiveValues(want, desired)
	masked := maskedSensitive(values, live.Parameters)
	if len(masked) == 0 {
		return nil, ""
	}
	var why string
	switch compareDigest(keys, live.Tags[TagSensitiveDigest], want.Name, values) {
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

// Prewarm returns a function that starts deriving, in the background and
// on at most every core, the key the diff will check for a live stack of
// d: called as each stack's description arrives (live.ReadOptions.OnStack),
// the derivations overlap the reading of the templates instead of running
// one after another inside the diff. It only guesses: a stack whose
// sensitive values come from other stacks' outputs (Inputs, resolved
// during the diff) or from a NoEcho declaration is left to the diff. A key
// derived for nothing costs CPU, never a wrong answer: the diff asks for
// the keys it needs by their salt and values. The function is safe for
// concurrent use.
func (k *DigestKeys) Prewarm(d *stacks.Desired) func(*LiveStack) {
	type where struct{ account, region, name string }
	nodes := map[where]*stacks.Stack{}
	for _, n := range d.Nodes {
		if n.Stack != nil && len(n.Stack.Sensitive) > 0 && len(n.Stack.Inputs) == 0 {
			nodes[where{n.Account, n.Region, n.Stack.Name}] = n.Stack
		}
	}
	cores := make(chan struct{}, runtime.GOMAXPROCS(0))
	return func(live *LiveStack) {
		st := nodes[where{live.Account, live.Region, live.Name}]
		if st == nil {
			return
		}
		salt, _, _, ok := parseDigestTag(live.Tags[TagSensitiveDigest])
		values := sensitiveValues(st, nil) // the NoEcho ones need the template: left to the diff
		if !ok || len(values) == 0 {
			return
		}
		text := canonicalSecrets(values)
		if e, made := k.entry(salt, text); made {
			go func() {
				cores <- struct{}{}
				defer func() { <-cores }()
				k.derive(e, salt, text)
			}()
		}
	}
}
