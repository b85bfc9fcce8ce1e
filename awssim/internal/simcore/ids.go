package simcore

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Digest returns n hex digits derived from the parts. The identifiers the
// simulator makes up (physical IDs, zone IDs, version IDs) are digests of
// what they name, so that tests and plans are reproducible.
func Digest(n int, parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "|")))
	s := hex.EncodeToString(h[:])
	for len(s) < n {
		s += s
	}
	return s[:n]
}

// DigestNumber is a number of at most ten decimal digits derived from seed.
func DigestNumber(seed string) uint64 {
	var n uint64
	for _, c := range Digest(10, seed) {
		n = n*16 + uint64(strings.IndexRune("0123456789abcdef", c))
	}
	return n % 10000000000
}

// UUID returns a UUID-shaped identifier derived from seed.
func UUID(seed string) string {
	h := Digest(32, seed)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// RequestID returns a random request ID in AWS's shape.
func RequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// Unique returns the distinct elements of s in their first order.
func Unique[T comparable](s []T) []T {
	seen := map[T]bool{}
	var out []T
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
