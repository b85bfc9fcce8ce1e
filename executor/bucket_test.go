package executor

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"flightplan/addr"
	"flightplan/lang"
	"flightplan/live"
	"flightplan/planner"
	"flightplan/stacks"
)

// fillBucket writes n keys twice each and deletes every tenth, through
// the S3 API: versions, old versions and delete markers, as pipelines
// leave them. It returns how many versions and markers it made.
func fillBucket(t *testing.T, c *s3.Client, bucket string, n int) int {
	t.Helper()
	ctx, made := context.Background(), 0
	for i := range n {
		key := fmt.Sprintf("pipeline/build-%04d.zip", i)
		for range 2 {
			if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(key)}); err != nil {
				t.Fatal(err)
			}
			made++
		}
		if i%10 == 0 {
			if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}); err != nil {
				t.Fatal(err)
			}
			made++
		}
	}
	return made
}

// TestDestroyEmptiesTheArtifactBucket applies an app, fills its artifact
// bucket with more versions than one DeleteObjects call takes, and
// destroys it: the bucket is emptied and reported, and the destroy
// succeeds and leaves no bucket.
func TestDestroyEmptiesTheArtifactBucket(t *testing.T) {
	ctx := context.Background()
	_, opts := simOptions(t)
	cfg, diags := lang.Load(lang.Options{File: filepath.Join("..", "testdata", "examples", "minimal", "flightplan.hcl")})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	d := compileCfg(t, cfg)
	applyDesired(t, opts, d)
	opts.AppTarget, _ = live.Targets(d)
	appRegion := opts.AppTarget.Region
	cl, err := opts.Provider.For(ctx, opts.AppTarget)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cl.CFN.DescribeStackResource(ctx, &cloudformation.DescribeStackResourceInput{
		StackName: aws.String(d.App + "-infrastructure-" + appRegion), LogicalResourceId: aws.String("ArtifactBucket")})
	if err != nil {
		t.Fatal(err)
	}
	bucket := aws.ToString(res.StackResourceDetail.PhysicalResourceId)
	made := fillBucket(t, cl.S3, bucket, 600)

	hooks := &eventHooks{}
	opts.Hooks = hooks
	gone := planFor(t, opts, &stacks.Desired{App: d.App})
	if res, err := Destroy(ctx, gone, opts); err != nil {
		t.Fatalf("%v\n%+v", err, res.Outcomes)
	}
	var nf *types.NotFound
	if _, err := cl.S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)}); !errors.As(err, &nf) {
		t.Errorf("HeadBucket after destroy = %v, want NotFound", err)
	}
	var reported []string
	for _, e := range hooks.events[addr.Region(appRegion)] {
		if e.Status == "EMPTYING" {
			reported = append(reported, e.Reason)
		}
	}
	want := []string{fmt.Sprintf("emptying bucket %s: 1000 objects", bucket), fmt.Sprintf("emptying bucket %s: %d objects", bucket, made)}
	if strings.Join(reported, "\n") != strings.Join(want, "\n") {
		t.Errorf("reported %q, want %q", reported, want)
	}
}

// TestDestroyKeepsARetainedBucket checks that a bucket whose DeletionPolicy
// retains it keeps its objects: only buckets that go with their stack are
// emptied.
func TestDestroyKeepsARetainedBucket(t *testing.T) {
	ctx := context.Background()
	_, opts := simOptions(t)
	nodes := []node{{a: addr.Region(region), account: appAccount, stack: "demo-infrastructure-" + region}}
	p := applyPlan(nodes, planner.Create, "v1")
	p.Changes[0].Desired.Stack.Template = []byte(`{"Resources":{
		"Gone":{"Type":"AWS::S3::Bucket","Properties":{"BucketName":"demo-gone","VersioningConfiguration":{"Status":"Enabled"}}},
		"Kept":{"Type":"AWS::S3::Bucket","DeletionPolicy":"Retain","Properties":{"BucketName":"demo-kept","VersioningConfiguration":{"Status":"Enabled"}}}}}`)
	if _, err := Apply(ctx, p, opts); err != nil {
		t.Fatal(err)
	}
	cl, err := opts.Provider.For(ctx, opts.AppTarget)
	if err != nil {
		t.Fatal(err)
	}
	fillBucket(t, cl.S3, "demo-gone", 3)
	fillBucket(t, cl.S3, "demo-kept", 3)
	if res, err := Destroy(ctx, destroyPlan(nodes), opts); err != nil {
		t.Fatalf("%v\n%+v", err, res.Outcomes)
	}
	out, err := cl.S3.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String("demo-kept")})
	if err != nil || len(out.Versions) != 6 {
		t.Fatalf("the retained bucket: %+v, %v", out, err)
	}
}
