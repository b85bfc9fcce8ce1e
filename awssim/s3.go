package awssim

import (
	"crypto/md5"
	"encoding/hex"
	"sort"
	"time"
)

// S3, over REST-XML with path-style addressing (/{bucket}, /{bucket}/{key}),
// signing name s3.
//
// Bucket names are global, as in AWS: a bucket belongs to the account that
// made it, another account's call on it is AccessDenied, and its name cannot
// be taken again until it is deleted. A bucket keeps every version of its
// objects once versioning has been enabled (delete markers included), and a
// single "null" version per key otherwise, so that DeleteBucket refuses a
// bucket while any version or delete marker remains, as S3 does.
//
// The AWS::S3::Bucket resources of stacks are buckets too (s3_stack.go):
// one appears when its resource's creation completes (named by its physical
// ID, versioned if the template's VersioningConfiguration says Enabled) and
// goes when CloudFormation deletes it, which fails while it is not empty.
// All buckets live in s3State and are persisted with the rest of the state.

// s3XMLNS is the namespace of S3's XML documents.
const s3XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"

// s3Service holds the buckets. Its state is guarded by Sim.mu.
type s3Service struct {
	sim *Sim
	st  *s3State
}

// s3State is every bucket, by name.
type s3State struct {
	Buckets map[string]*s3Bucket `json:"buckets,omitempty"`
	Seq     int                  `json:"seq,omitempty"`
}

// s3Bucket is one bucket and its objects.
type s3Bucket struct {
	Name    string    `json:"name"`
	Account string    `json:"account"`
	Region  string    `json:"region"`
	Created time.Time `json:"created"`
	// Versioning is "" (never enabled), "Enabled" or "Suspended".
	Versioning string `json:"versioning,omitempty"`
	// Stack is the ID of the stack whose resource the bucket is; empty when
	// the S3 API made it, or once the stack let it go (DeletionPolicy:
	// Retain, or a cleanup that could not delete it).
	Stack string `json:"stack,omitempty"`
	// Objects holds each key's versions, oldest first: the last is the
	// current one.
	Objects map[string][]*s3Version `json:"objects,omitempty"`
}

// s3Version is one version of an object, or a delete marker.
type s3Version struct {
	ID           string    `json:"id"` // "null" when versioning was not enabled
	ETag         string    `json:"etag,omitempty"`
	Body         []byte    `json:"body,omitempty"`
	ContentType  string    `json:"contentType,omitempty"`
	Modified     time.Time `json:"modified"`
	DeleteMarker bool      `json:"deleteMarker,omitempty"`
}

func newS3(s *Sim) *s3Service { return &s3Service{sim: s, st: &s3State{}} }

// bucket returns the bucket of that name, or nil.
func (x *s3Service) bucket(name string) *s3Bucket { return x.st.Buckets[name] }

// addBucket records a new bucket.
func (x *s3Service) addBucket(b *s3Bucket) {
	if x.st.Buckets == nil {
		x.st.Buckets = map[string]*s3Bucket{}
	}
	x.st.Buckets[b.Name] = b
}

// versionCount is how many versions and delete markers the bucket holds.
func (b *s3Bucket) versionCount() int {
	n := 0
	for _, vs := range b.Objects {
		n += len(vs)
	}
	return n
}

// keys are the bucket's keys in S3's order (UTF-8 binary).
func (b *s3Bucket) keys() []string {
	out := make([]string, 0, len(b.Objects))
	for k := range b.Objects {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// current is the current version of key, or nil when the key has none or
// its current version is a delete marker.
func (b *s3Bucket) current(key string) *s3Version {
	vs := b.Objects[key]
	if len(vs) == 0 || vs[len(vs)-1].DeleteMarker {
		return nil
	}
	return vs[len(vs)-1]
}

// add makes v the current version of key. Unless versioning is enabled, v
// is the "null" version and replaces the previous null version.
func (b *s3Bucket) add(key string, v *s3Version) {
	if b.Versioning != "Enabled" {
		v.ID = "null"
		b.removeVersion(key, "null")
	}
	if b.Objects == nil {
		b.Objects = map[string][]*s3Version{}
	}
	b.Objects[key] = append(b.Objects[key], v)
}

// removeVersion deletes one version of key and returns it, or nil.
func (b *s3Bucket) removeVersion(key, id string) *s3Version {
	vs := b.Objects[key]
	for i, v := range vs {
		if v.ID == id {
			vs = append(vs[:i:i], vs[i+1:]...)
			if len(vs) == 0 {
				delete(b.Objects, key)
			} else {
				b.Objects[key] = vs
			}
			return v
		}
	}
	return nil
}

// newVersionID returns a fresh version ID, opaque as S3's are.
func (x *s3Service) newVersionID(bucket, key string) string {
	x.st.Seq++
	return digest(32, "s3version", bucket, key, itoa(x.st.Seq))
}

// etagOf is S3's ETag of a single-part upload: the body's MD5, quoted.
func etagOf(body []byte) string {
	sum := md5.Sum(body)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

// ownerID is the canonical user ID S3 shows for an account.
func ownerID(account string) string { return digest(64, "s3owner", account) }
