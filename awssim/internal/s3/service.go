package s3

import (
	"crypto/md5"
	"encoding/hex"
	"sort"
	"strconv"
	"time"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/simcore"
)

// s3XMLNS is the namespace of S3's XML documents.
const s3XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"

// Service holds the buckets. Its state is guarded by the core's lock.
// It takes part in stack operations as a cfn.Provider (stack.go).
type Service struct {
	cfn.NopProvider
	core   *simcore.Core
	stacks Stacks
	st     *s3State
}

// s3State is every bucket, by name.
type s3State struct {
	Buckets map[string]*s3Bucket `json:"buckets,omitempty"`
	Seq     int                  `json:"seq,omitempty"`
}

// s3Bucket is one bucket and its objects.
// bucketTag is one tag of a bucket's tag set.
type bucketTag struct {
	Key   string `json:"key" xml:"Key"`
	Value string `json:"value" xml:"Value"`
}

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
	// Tags is the bucket's tag set; a stack's bucket has the tags
	// CloudFormation gives it.
	Tags []bucketTag `json:"tags,omitempty"`
	// Readers are the other accounts whose roots its bucket policy (an
	// AWS::S3::BucketPolicy resource) allows s3:GetObject, sorted.
	Readers []string `json:"readers,omitempty"`
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

// Stacks is what S3 asks of CloudFormation: to bring every stack up to the
// clock, so that the buckets of stacks are those of their resources.
type Stacks interface {
	// Settle is called with the lock held.
	Settle()
}

// New returns an S3 with no buckets on core.
func New(core *simcore.Core, stacks Stacks) *Service {
	return &Service{core: core, stacks: stacks, st: &s3State{}}
}

// bucket returns the bucket of that name, or nil.
func (x *Service) bucket(name string) *s3Bucket { return x.st.Buckets[name] }

// addBucket records a new bucket.
func (x *Service) addBucket(b *s3Bucket) {
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
func (x *Service) newVersionID(bucket, key string) string {
	x.st.Seq++
	return simcore.Digest(32, "s3version", bucket, key, strconv.Itoa(x.st.Seq))
}

// etagOf is S3's ETag of a single-part upload: the body's MD5, quoted.
func etagOf(body []byte) string {
	sum := md5.Sum(body)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

// ownerID is the canonical user ID S3 shows for an account.
func ownerID(account string) string { return simcore.Digest(64, "s3owner", account) }
