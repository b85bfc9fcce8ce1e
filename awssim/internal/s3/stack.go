package s3

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/cfntemplate"
	"flightplan/awssim/internal/simcore"
)

// The AWS::S3::Bucket resources of stacks, in simulated S3.
//
// Unlike Route 53's zones, which are a view over CloudFormation's state, a
// stack's bucket holds objects that the S3 API writes, so it is a bucket
// in s3State like any other, made and removed as the stack's schedule
// passes its events (Applied, called as CloudFormation applies each step): CREATE_COMPLETE
// makes it, UPDATE_COMPLETE updates its versioning, DELETE_COMPLETE removes
// it, and DELETE_SKIPPED (DeletionPolicy: Retain) lets it go to live on
// without the stack.
//
// CloudFormation cannot delete a bucket that holds objects, versions or
// delete markers: a stack deletion that starts while one of its buckets is
// not empty fails that resource with CloudFormation's wording (DeleteFailure,
// matched when the operation starts, like every fault of the simulator), and
// the stack ends DELETE_FAILED. Elsewhere — an update's cleanup, a rollback —
// CloudFormation only warns, and the bucket is left behind, no longer the
// stack's.

const bucketType = "AWS::S3::Bucket"

// Applied keeps S3 in step with one applied step of a stack's schedule.
func (x *Service) Applied(ev cfn.ResourceEvent) {
	if ev.Type == policyType {
		x.appliedPolicy(ev)
		return
	}
	if ev.Type != bucketType || ev.PhysicalID == "" {
		return
	}
	st := ev.Stack
	b := x.bucket(ev.PhysicalID)
	switch ev.Status {
	case "CREATE_COMPLETE":
		if b == nil {
			b = &s3Bucket{Name: ev.PhysicalID, Account: st.Account, Region: st.Region, Created: ev.At, Stack: st.ID}
			x.addBucket(b)
		}
		b.Versioning = templateVersioning(ev.Props(), b.Versioning)
		b.Tags = stackTags(ev)
	case "IMPORT_COMPLETE":
		if b != nil && b.Stack == "" && b.Account == st.Account {
			b.Stack = st.ID
			b.Tags = stackTags(ev)
		}
	case "UPDATE_COMPLETE":
		if b != nil && b.Stack == st.ID {
			b.Versioning = templateVersioning(ev.Props(), b.Versioning)
			b.Tags = stackTags(ev)
		}
	case "DELETE_COMPLETE", "DELETE_SKIPPED", "IMPORT_ROLLBACK_COMPLETE":
		if b == nil || b.Stack != st.ID {
			return
		}
		b.Stack = ""
		if ev.Status == "DELETE_COMPLETE" && b.versionCount() == 0 {
			delete(x.st.Buckets, b.Name)
		}
	}
}

// templateVersioning is the versioning status a bucket's properties ask
// for; without a VersioningConfiguration the bucket keeps what it has.
func templateVersioning(props map[string]any, have string) string {
	switch s := cfntemplate.String(cfntemplate.AsMap(props["VersioningConfiguration"])["Status"]); s {
	case "Enabled", "Suspended":
		return s
	}
	return have
}

// stackTags is the tag set CloudFormation gives a stack's bucket: the
// resource's Tags, the stack's tags, and the aws:cloudformation: tags that
// name the stack and the resource, by key.
func stackTags(ev cfn.ResourceEvent) []bucketTag {
	set := map[string]string{}
	list, _ := ev.Props()["Tags"].([]any)
	for _, t := range list {
		m := cfntemplate.AsMap(t)
		set[cfntemplate.String(m["Key"])] = cfntemplate.String(m["Value"])
	}
	for _, t := range ev.Stack.Tags {
		set[t.Key] = t.Value
	}
	set["aws:cloudformation:stack-name"] = ev.Stack.Name
	set["aws:cloudformation:stack-id"] = ev.Stack.ID
	set["aws:cloudformation:logical-id"] = ev.LogicalID
	var out []bucketTag
	for _, k := range slices.Sorted(maps.Keys(set)) {
		out = append(out, bucketTag{Key: k, Value: set[k]})
	}
	return out
}

// DeleteFailure is why CloudFormation fails to delete a stack's bucket
// resource, or "": the bucket still holds objects.
func (x *Service) DeleteFailure(st cfn.StackRef, r *cfn.Resource) string {
	if r.Type != bucketType || r.DeletionPolicy == "Retain" {
		return ""
	}
	b := x.bucket(r.PhysicalID)
	if b == nil || b.Account != st.Account || b.versionCount() == 0 {
		return ""
	}
	seed := st.ID + r.LogicalID + strconv.Itoa(st.Events)
	return "The bucket you tried to delete is not empty (Service: Amazon S3; Status Code: 409; Error Code: BucketNotEmpty; " +
		"Request ID: " + strings.ToUpper(simcore.Digest(16, seed, "request")) + "; S3 Extended Request ID: " + simcore.Digest(56, seed, "host") + "; Proxy: null)"
}

// CreateFailure fails a bucket whose name another bucket already has, as
// CloudFormation does (names are global).
func (x *Service) CreateFailure(_ cfn.StackRef, r *cfn.Resource) (string, time.Duration) {
	if r.Type != bucketType || x.bucket(r.PhysicalID) == nil {
		return "", 0
	}
	return r.PhysicalID + " already exists", 0
}
