package awssim_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim/awssimtest"
)

const taggedBucketTemplate = `{"Parameters": {"Owner": {"Type": "String"}},
 "Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "tagged-bucket",
   "Tags": [{"Key": "owner", "Value": {"Ref": "Owner"}}]}}}}`

// TestGetBucketTagging checks the tag set of a stack's bucket (its Tags,
// the stack's tags and CloudFormation's own, kept in step by updates) and
// NoSuchTagSet for a bucket without tags.
func TestGetBucketTagging(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cfn := cloudformation.NewFromConfig(ts.Config(acctA, "eu-west-1"))
	c := s3Client(ts, acctA, "eu-west-1")
	owner := func(v string) []cfntypes.Parameter {
		return []cfntypes.Parameter{{ParameterKey: aws.String("Owner"), ParameterValue: aws.String(v)}}
	}
	if _, err := cfn.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("tags"), TemplateBody: aws.String(taggedBucketTemplate),
		Parameters: owner("ann"), Tags: []cfntypes.Tag{{Key: aws.String("env"), Value: aws.String("test")}}}); err != nil {
		t.Fatal(err)
	}
	st := waitStack(t, cfn, "tags")
	tagSet := func() map[string]string {
		out, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String("tagged-bucket")})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, tag := range out.TagSet {
			m[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
		}
		return m
	}
	want := map[string]string{"owner": "ann", "env": "test", "aws:cloudformation:stack-name": "tags",
		"aws:cloudformation:stack-id": aws.ToString(st.StackId), "aws:cloudformation:logical-id": "Bucket"}
	if diff := cmp.Diff(want, tagSet()); diff != "" {
		t.Errorf("tag set (-want +got):\n%s", diff)
	}
	if _, err := cfn.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("tags"), UsePreviousTemplate: aws.Bool(true),
		Parameters: owner("bob")}); err != nil {
		t.Fatal(err)
	}
	waitStack(t, cfn, "tags")
	want["owner"] = "bob"
	if diff := cmp.Diff(want, tagSet()); diff != "" {
		t.Errorf("tag set after update (-want +got):\n%s", diff)
	}

	makeBucket(t, c, "plain-bucket", false)
	_, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String("plain-bucket")})
	wantAPIError(t, err, "NoSuchTagSet", "The TagSet does not exist")
}
