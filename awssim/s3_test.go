package awssim_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim"
	"flightplan/awssim/awssimtest"
)

// s3Client is a path-style S3 client of account in region.
func s3Client(ts *awssimtest.TestServer, account, region string) *s3.Client {
	return s3.NewFromConfig(ts.Config(account, region), func(o *s3.Options) { o.UsePathStyle = true })
}

// makeBucket creates a bucket in eu-west-1, versioned if asked.
func makeBucket(t testing.TB, c *s3.Client, name string, versioned bool) {
	t.Helper()
	ctx := context.Background()
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name),
		CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraintEuWest1}})
	if err != nil {
		t.Fatalf("CreateBucket %s: %v", name, err)
	}
	if versioned {
		_, err = c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(name),
			VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}})
		if err != nil {
			t.Fatalf("PutBucketVersioning %s: %v", name, err)
		}
	}
}

// putObject writes key and returns its version ID.
func putObject(t testing.TB, c *s3.Client, bucket, key, body string) string {
	t.Helper()
	out, err := c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(body)})
	if err != nil {
		t.Fatalf("PutObject %s/%s: %v", bucket, key, err)
	}
	return aws.ToString(out.VersionId)
}

// TestS3Buckets drives the bucket calls through the SDK, and every refusal.
func TestS3Buckets(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	c, other := s3Client(ts, acctA, "eu-west-1"), s3Client(ts, acctB, "eu-west-1")
	makeBucket(t, c, "artifacts", false)
	putObject(t, c, "artifacts", "k", "v")
	head, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("artifacts")})
	if err != nil || aws.ToString(head.BucketRegion) != "eu-west-1" {
		t.Fatalf("HeadBucket = %+v, %v", head, err)
	}
	list, err := c.ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil || len(list.Buckets) != 1 || aws.ToString(list.Buckets[0].Name) != "artifacts" {
		t.Fatalf("ListBuckets = %+v, %v", list, err)
	}
	loc, err := c.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String("artifacts")})
	if err != nil || loc.LocationConstraint != types.BucketLocationConstraintEuWest1 {
		t.Fatalf("GetBucketLocation = %+v, %v", loc, err)
	}
	create := func(cl *s3.Client, name string, where types.BucketLocationConstraint) error {
		in := &s3.CreateBucketInput{Bucket: aws.String(name)}
		if where != "" {
			in.CreateBucketConfiguration = &types.CreateBucketConfiguration{LocationConstraint: where}
		}
		_, err := cl.CreateBucket(ctx, in)
		return err
	}
	refusals := map[string]struct {
		call      func() error
		code, msg string
	}{
		"create again": {func() error { return create(c, "artifacts", "eu-west-1") }, "BucketAlreadyOwnedByYou",
			"Your previous request to create the named bucket succeeded and you already own it."},
		"another account's name": {func() error { return create(other, "artifacts", "eu-west-1") }, "BucketAlreadyExists",
			"The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again."},
		"bad name":         {func() error { return create(c, "Bad_Name", "eu-west-1") }, "InvalidBucketName", "The specified bucket is not valid."},
		"no constraint":    {func() error { return create(c, "elsewhere", "") }, "IllegalLocationConstraintException", "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to."},
		"wrong constraint": {func() error { return create(c, "elsewhere", "eu-central-1") }, "IllegalLocationConstraintException", "The eu-central-1 location constraint is incompatible for the region specific endpoint this request was sent to."},
		"delete not empty": {func() error {
			_, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("artifacts")})
			return err
		}, "BucketNotEmpty", "The bucket you tried to delete is not empty"},
		"delete missing": {func() error {
			_, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("missing")})
			return err
		}, "NoSuchBucket", "The specified bucket does not exist"},
		"another account's bucket": {func() error {
			_, err := other.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("artifacts")})
			return err
		}, "AccessDenied", "Access Denied"},
		"head missing": {func() error {
			_, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("missing")})
			return err
		}, "NotFound", "*"},
		"put in missing bucket": {func() error {
			_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("missing"), Key: aws.String("k"), Body: strings.NewReader("v")})
			return err
		}, "NoSuchBucket", "The specified bucket does not exist"},
	}
	for name, tt := range refusals {
		t.Run(name, func(t *testing.T) { wantAPIError(t, tt.call(), tt.code, tt.msg) })
	}
	var nf *types.NotFound
	if _, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("missing")}); !errors.As(err, &nf) {
		t.Errorf("HeadBucket of a missing bucket = %v, want *types.NotFound", err)
	}
}

// TestS3CreateBucketInUSEast1 checks S3's legacy answer: the owner
// re-creating a us-east-1 bucket succeeds.
func TestS3CreateBucketInUSEast1(t *testing.T) {
	ctx := context.Background()
	c := s3Client(awssimtest.Start(t), acctA, "us-east-1")
	for i := range 2 {
		if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("legacy")}); err != nil {
			t.Fatalf("CreateBucket #%d: %v", i+1, err)
		}
	}
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("legacy2"),
		CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: "us-east-1"}})
	wantAPIError(t, err, "InvalidLocationConstraint", "The specified location-constraint is not valid")
}

// TestS3Versioning checks versions, delete markers, reading a version, and
// that DeleteBucket waits for the last one to go.
func TestS3Versioning(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	c := s3Client(ts, acctA, "eu-west-1")
	makeBucket(t, c, "versioned", false)
	v, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String("versioned")})
	if err != nil || v.Status != "" {
		t.Fatalf("GetBucketVersioning before = %q, %v", v.Status, err)
	}
	_, err = c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String("versioned"),
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ = c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String("versioned")}); v.Status != types.BucketVersioningStatusEnabled {
		t.Fatalf("GetBucketVersioning after = %q", v.Status)
	}
	first := putObject(t, c, "versioned", "a", "one")
	putObject(t, c, "versioned", "a", "two")
	del, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("versioned"), Key: aws.String("a")})
	if err != nil || !aws.ToBool(del.DeleteMarker) || aws.ToString(del.VersionId) == "" {
		t.Fatalf("DeleteObject = %+v, %v", del, err)
	}
	got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("versioned"), Key: aws.String("a"), VersionId: aws.String(first)})
	if err != nil {
		t.Fatal(err)
	}
	if body, _ := io.ReadAll(got.Body); string(body) != "one" {
		t.Errorf("first version = %q, want one", body)
	}
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("versioned"), Key: aws.String("a")})
	wantAPIError(t, err, "NoSuchKey", "The specified key does not exist.")
	objs, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("versioned")})
	if err != nil || aws.ToInt32(objs.KeyCount) != 0 {
		t.Fatalf("ListObjectsV2 after the delete marker = %+v, %v", objs.Contents, err)
	}
	vs, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String("versioned")})
	if err != nil || len(vs.Versions) != 2 || len(vs.DeleteMarkers) != 1 || !aws.ToBool(vs.DeleteMarkers[0].IsLatest) {
		t.Fatalf("ListObjectVersions = %d versions, %d markers, %v", len(vs.Versions), len(vs.DeleteMarkers), err)
	}
	for _, v := range vs.Versions {
		_, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("versioned"), Key: aws.String("a"), VersionId: v.VersionId})
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err = c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("versioned")})
	wantAPIError(t, err, "BucketNotEmpty", "The bucket you tried to delete is not empty")
	marker := vs.DeleteMarkers[0].VersionId
	del, err = c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("versioned"), Key: aws.String("a"), VersionId: marker})
	if err != nil || !aws.ToBool(del.DeleteMarker) {
		t.Fatalf("DeleteObject of the marker = %+v, %v", del, err)
	}
	if _, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("versioned")}); err != nil {
		t.Fatalf("DeleteBucket once empty: %v", err)
	}
}

// TestS3Unversioned checks the single null version of a bucket that never
// had versioning.
func TestS3Unversioned(t *testing.T) {
	ctx := context.Background()
	c := s3Client(awssimtest.Start(t), acctA, "eu-west-1")
	makeBucket(t, c, "plain", false)
	putObject(t, c, "plain", "k", "one")
	putObject(t, c, "plain", "k", "two")
	vs, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String("plain")})
	if err != nil || len(vs.Versions) != 1 || aws.ToString(vs.Versions[0].VersionId) != "null" || aws.ToInt64(vs.Versions[0].Size) != 3 {
		t.Fatalf("ListObjectVersions = %+v, %v", vs.Versions, err)
	}
	if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("plain"), Key: aws.String("k")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("plain")}); err != nil {
		t.Fatalf("DeleteBucket: %v", err)
	}
}

// TestS3ListObjectVersionsPages pages through versions and delete markers
// with KeyMarker / VersionIdMarker and checks S3's order.
func TestS3ListObjectVersionsPages(t *testing.T) {
	ctx := context.Background()
	c := s3Client(awssimtest.Start(t), acctA, "eu-west-1")
	makeBucket(t, c, "pages", true)
	var want []string
	for _, key := range []string{"b", "a", "c"} {
		v1, v2 := putObject(t, c, "pages", key, "1"), putObject(t, c, "pages", key, "2")
		want = append(want, key+"/"+v2, key+"/"+v1)
	}
	del, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("pages"), Key: aws.String("a")})
	if err != nil {
		t.Fatal(err)
	}
	want = append([]string{"a/" + aws.ToString(del.VersionId) + " marker"}, want[2], want[3], want[0], want[1], want[4], want[5])
	var got []string
	pages := 0
	p := s3.NewListObjectVersionsPaginator(c, &s3.ListObjectVersionsInput{Bucket: aws.String("pages"), MaxKeys: aws.Int32(2)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		got = append(got, versionIDs(out)...)
	}
	if diff := cmp.Diff(sortedByKey(want), sortedByKey(got)); diff != "" || pages != 4 {
		t.Errorf("versions over %d pages (-want +got):\n%s", pages, diff)
	}
}

// versionIDs renders a page's versions and markers as key/id.
func versionIDs(out *s3.ListObjectVersionsOutput) []string {
	var ids []string
	for _, m := range out.DeleteMarkers {
		ids = append(ids, aws.ToString(m.Key)+"/"+aws.ToString(m.VersionId)+" marker")
	}
	for _, v := range out.Versions {
		ids = append(ids, aws.ToString(v.Key)+"/"+aws.ToString(v.VersionId))
	}
	return ids
}

// sortedByKey orders by key only, stably: the SDK splits a page into
// versions and markers, so only the order within a key's versions and
// across keys is observable.
func sortedByKey(ids []string) []string {
	out := append([]string(nil), ids...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && strings.Split(out[j], "/")[0] < strings.Split(out[j-1], "/")[0]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// TestS3ListObjectsV2 checks prefixes, delimiters and continuation.
func TestS3ListObjectsV2(t *testing.T) {
	ctx := context.Background()
	c := s3Client(awssimtest.Start(t), acctA, "eu-west-1")
	makeBucket(t, c, "listing", false)
	for _, k := range []string{"a/1", "a/2", "b/1", "c", "d", "e"} {
		putObject(t, c, "listing", k, k)
	}
	tests := map[string]struct {
		in   s3.ListObjectsV2Input
		want []string
	}{
		"all, two per page": {s3.ListObjectsV2Input{MaxKeys: aws.Int32(2)}, []string{"a/1", "a/2", "b/1", "c", "d", "e"}},
		"prefix":            {s3.ListObjectsV2Input{Prefix: aws.String("a/")}, []string{"a/1", "a/2"}},
		"delimiter":         {s3.ListObjectsV2Input{Delimiter: aws.String("/"), MaxKeys: aws.Int32(1)}, []string{"a/ (prefix)", "b/ (prefix)", "c", "d", "e"}},
		"start after":       {s3.ListObjectsV2Input{StartAfter: aws.String("c")}, []string{"d", "e"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			in := tt.in
			in.Bucket = aws.String("listing")
			var got []string
			p := s3.NewListObjectsV2Paginator(c, &in)
			for p.HasMorePages() {
				out, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, cp := range out.CommonPrefixes {
					got = append(got, aws.ToString(cp.Prefix)+" (prefix)")
				}
				for _, o := range out.Contents {
					got = append(got, aws.ToString(o.Key))
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
		})
	}
}

// TestS3DeleteObjects deletes versions and markers in one call, and checks
// its limits.
func TestS3DeleteObjects(t *testing.T) {
	ctx := context.Background()
	c := s3Client(awssimtest.Start(t), acctA, "eu-west-1")
	makeBucket(t, c, "batch", true)
	putObject(t, c, "batch", "x", "1")
	putObject(t, c, "batch", "y", "1")
	if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("batch"), Key: aws.String("y")}); err != nil {
		t.Fatal(err)
	}
	vs, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String("batch")})
	if err != nil {
		t.Fatal(err)
	}
	var ids []types.ObjectIdentifier
	for _, v := range vs.Versions {
		ids = append(ids, types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
	}
	for _, m := range vs.DeleteMarkers {
		ids = append(ids, types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
	}
	out, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String("batch"), Delete: &types.Delete{Objects: ids}})
	if err != nil || len(out.Deleted) != 3 || len(out.Errors) != 0 {
		t.Fatalf("DeleteObjects = %+v, %v", out, err)
	}
	if _, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("batch")}); err != nil {
		t.Fatalf("DeleteBucket: %v", err)
	}
	makeBucket(t, c, "batch2", false)
	many := make([]types.ObjectIdentifier, 1001)
	for i := range many {
		many[i].Key = aws.String("k")
	}
	_, err = c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String("batch2"), Delete: &types.Delete{Objects: many}})
	wantAPIError(t, err, "MalformedXML", "*")
}

// TestS3ThrottleIsRetried checks S3's throttling error, which the SDK
// retries.
func TestS3ThrottleIsRetried(t *testing.T) {
	ts := awssimtest.Start(t)
	c := s3.NewFromConfig(ts.Config(acctA, "eu-west-1"), func(o *s3.Options) {
		o.UsePathStyle, o.Retryer = true, retry.NewStandard(noBackoff)
	})
	makeBucket(t, c, "slow", false)
	ts.Throttle("s3", "PutObject", 0.5)
	for i := range 4 {
		putObject(t, c, "slow", "k", itoa(i))
	}
	if ts.ThrottledCalls("s3", "PutObject") == 0 {
		t.Fatal("no call was throttled")
	}
}

func itoa(i int) string { return string(rune('0' + i)) }

// TestS3StatePersists checks that buckets and objects survive a restart.
func TestS3StatePersists(t *testing.T) {
	dir := t.TempDir()
	c := s3Client(awssimtest.Start(t, awssim.Options{StateDir: dir}), acctA, "eu-west-1")
	makeBucket(t, c, "kept", true)
	putObject(t, c, "kept", "k", "v")
	c = s3Client(awssimtest.Start(t, awssim.Options{StateDir: dir}), acctA, "eu-west-1")
	vs, err := c.ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{Bucket: aws.String("kept")})
	if err != nil || len(vs.Versions) != 1 {
		t.Fatalf("after restart: %+v, %v", vs, err)
	}
}
