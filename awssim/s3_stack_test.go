package awssim_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"flightplan/awssim/awssimtest"
)

const bucketTemplate = `{"Resources": {
  "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "app-artifacts", "VersioningConfiguration": {"Status": "Enabled"}}},
  "Kept": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Properties": {"BucketName": "app-kept"}}
}}`

// deleteStack deletes a stack and waits for the end.
func deleteStack(t testing.TB, c *cloudformation.Client, id string) cfntypes.Stack {
	t.Helper()
	if _, err := c.DeleteStack(context.Background(), &cloudformation.DeleteStackInput{StackName: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	return waitStack(t, c, id)
}

// TestStackBucketNotEmptyFailsDelete checks that a stack's bucket is a
// bucket in S3, that CloudFormation cannot delete it while it holds a
// version, with CloudFormation's wording, and can once it is empty; a
// retained bucket outlives its stack.
func TestStackBucketNotEmptyFailsDelete(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cfn := cloudformation.NewFromConfig(ts.Config(acctA, "eu-west-1"))
	c := s3Client(ts, acctA, "eu-west-1")
	st := createStack(t, cfn, "app", bucketTemplate)
	if st.StackStatus != cfntypes.StackStatusCreateComplete {
		t.Fatalf("create: %s %s", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	v, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String("app-artifacts")})
	if err != nil || v.Status != types.BucketVersioningStatusEnabled {
		t.Fatalf("the stack's bucket: versioning %q, %v", v.Status, err)
	}
	putObject(t, c, "app-artifacts", "build/1.zip", "zip")
	if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("app-artifacts"), Key: aws.String("build/1.zip")}); err != nil {
		t.Fatal(err)
	}
	st = deleteStack(t, cfn, aws.ToString(st.StackId))
	if st.StackStatus != cfntypes.StackStatusDeleteFailed || aws.ToString(st.StackStatusReason) != "The following resource(s) failed to delete: [Bucket]. " {
		t.Fatalf("delete: %s %q", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	reason := ""
	for _, e := range events(t, cfn, "app") {
		if e.ResourceStatus == cfntypes.ResourceStatusDeleteFailed && aws.ToString(e.LogicalResourceId) == "Bucket" {
			reason = aws.ToString(e.ResourceStatusReason)
		}
	}
	if !strings.HasPrefix(reason, "The bucket you tried to delete is not empty (Service: Amazon S3; Status Code: 409; Error Code: BucketNotEmpty; Request ID: ") {
		t.Errorf("DELETE_FAILED reason = %q", reason)
	}
	emptyBucket(t, c, "app-artifacts")
	if st = deleteStack(t, cfn, aws.ToString(st.StackId)); st.StackStatus != cfntypes.StackStatusDeleteComplete {
		t.Fatalf("delete once empty: %s %q", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	var nf *types.NotFound
	if _, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("app-artifacts")}); !errors.As(err, &nf) {
		t.Errorf("HeadBucket after the stack's deletion = %v, want NotFound", err)
	}
	if _, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("app-kept")}); err != nil {
		t.Errorf("the retained bucket: %v", err)
	}
}

// TestStackBucketNameTaken checks that a stack cannot create a bucket
// whose name is taken.
func TestStackBucketNameTaken(t *testing.T) {
	ts := awssimtest.Start(t)
	makeBucket(t, s3Client(ts, acctB, "eu-west-1"), "app-kept", false)
	cfn := cloudformation.NewFromConfig(ts.Config(acctA, "eu-west-1"))
	st := createStack(t, cfn, "app", bucketTemplate)
	if st.StackStatus != cfntypes.StackStatusRollbackComplete {
		t.Fatalf("create: %s", st.StackStatus)
	}
	for _, e := range events(t, cfn, "app") {
		if e.ResourceStatus == cfntypes.ResourceStatusCreateFailed && aws.ToString(e.LogicalResourceId) == "Kept" {
			if got := aws.ToString(e.ResourceStatusReason); got != "app-kept already exists" {
				t.Errorf("reason = %q", got)
			}
			return
		}
	}
	t.Error("no CREATE_FAILED event for Kept")
}

// emptyBucket deletes every version and delete marker of a bucket.
func emptyBucket(t testing.TB, c *s3.Client, bucket string) {
	t.Helper()
	vs, err := c.ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
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
	if _, err := c.DeleteObjects(context.Background(), &s3.DeleteObjectsInput{Bucket: aws.String(bucket), Delete: &types.Delete{Objects: ids}}); err != nil {
		t.Fatal(err)
	}
}
