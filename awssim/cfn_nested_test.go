package awssim_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"flightplan/awssim"
)

const addonsTemplate = `Parameters:
  Name: {Type: String}
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: !Sub "/addons/${Name}"}
Outputs:
  GroupName: {Value: !Ref Logs}
`

const parentTemplate = `Resources:
  AddonsStack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://templates.s3.us-east-1.amazonaws.com/addons.yml
      Parameters: {Name: web}
  Group:
    Type: AWS::SSM::Parameter
    Properties: {Name: /nested/group, Type: String, Value: !GetAtt AddonsStack.Outputs.GroupName}
`

func putTemplate(t *testing.T, c *s3.Client, key, body string) {
	t.Helper()
	if _, err := c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("templates"), Key: aws.String(key), Body: strings.NewReader(body)}); err != nil {
		t.Fatal(err)
	}
}

// TestNestedStack checks that an AWS::CloudFormation::Stack resource is a
// child stack made from its TemplateURL in the simulated S3, named
// {parent}-{logicalId}-{SUFFIX}, whose outputs Fn::GetAtt reads, updated
// when the template at its URL changes and deleted with its parent.
func TestNestedStack(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	sc := s3Client(ts, testAccount, "us-east-1")
	if _, err := sc.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("templates")}); err != nil {
		t.Fatal(err)
	}
	putTemplate(t, sc, "addons.yml", addonsTemplate)
	parent := createStack(t, c, "app-test-web", parentTemplate)
	if parent.StackStatus != types.StackStatusCreateComplete {
		t.Fatalf("parent = %s %s", parent.StackStatus, aws.ToString(parent.StackStatusReason))
	}
	res, err := c.DescribeStackResource(ctx, &cloudformation.DescribeStackResourceInput{StackName: aws.String("app-test-web"), LogicalResourceId: aws.String("AddonsStack")})
	if err != nil {
		t.Fatal(err)
	}
	childID := aws.ToString(res.StackResourceDetail.PhysicalResourceId)
	child := waitStack(t, c, childID)
	if !strings.HasPrefix(aws.ToString(child.StackName), "app-test-web-AddonsStack-") || child.StackStatus != types.StackStatusCreateComplete ||
		aws.ToString(child.ParentId) != aws.ToString(parent.StackId) || aws.ToString(child.RootId) != aws.ToString(parent.StackId) {
		t.Errorf("child = %s %s parent %s root %s", aws.ToString(child.StackName), child.StackStatus, aws.ToString(child.ParentId), aws.ToString(child.RootId))
	}
	if got := get(t, ssm.NewFromConfig(ts.Config(testAccount, "us-east-1")), "/nested/group"); got != "/addons/web" {
		t.Errorf("GetAtt AddonsStack.Outputs.GroupName = %q", got)
	}
	parentEvents, childEvents := events(t, c, "app-test-web"), events(t, c, childID)
	if started, created := eventTime(parentEvents, "AddonsStack", "CREATE_IN_PROGRESS"), eventTime(childEvents, aws.ToString(child.StackName), "CREATE_IN_PROGRESS"); !started.Equal(created) {
		t.Errorf("child started at %v, its resource at %v", created, started)
	}
	if done, childDone := eventTime(parentEvents, "AddonsStack", "CREATE_COMPLETE"), eventTime(childEvents, aws.ToString(child.StackName), "CREATE_COMPLETE"); done.Before(childDone) {
		t.Errorf("resource complete at %v before its child at %v", done, childDone)
	}

	// A new template at the same URL updates the child.
	putTemplate(t, sc, "addons.yml", strings.Replace(addonsTemplate, "/addons/", "/addons2/", 1))
	if _, err := c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("app-test-web"), UsePreviousTemplate: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	if st := waitStack(t, c, "app-test-web"); st.StackStatus != types.StackStatusUpdateComplete {
		t.Errorf("parent update = %s", st.StackStatus)
	}
	if st := waitStack(t, c, childID); st.StackStatus != types.StackStatusUpdateComplete || aws.ToString(st.Outputs[0].OutputValue) != "/addons2/web" {
		t.Errorf("child after update = %s %v", st.StackStatus, st.Outputs)
	}

	if _, err := c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("app-test-web")}); err != nil {
		t.Fatal(err)
	}
	waitStack(t, c, aws.ToString(parent.StackId))
	if st := waitStack(t, c, childID); st.StackStatus != types.StackStatusDeleteComplete {
		t.Errorf("child after the parent's deletion = %s", st.StackStatus)
	}
}

// TestNestedStackFailures checks that a missing template and a child that
// fails fail the nested stack resource, with CloudFormation's messages.
func TestNestedStackFailures(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	sc := s3Client(ts, testAccount, "us-east-1")
	if _, err := sc.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("templates")}); err != nil {
		t.Fatal(err)
	}
	if st := createStack(t, c, "nokey", parentTemplate); st.StackStatus != types.StackStatusRollbackComplete {
		t.Errorf("missing template: %s", st.StackStatus)
	}
	wantReason(t, c, "nokey", "AddonsStack", "S3 error: The specified key does not exist.")

	putTemplate(t, sc, "addons.yml", addonsTemplate)
	ts.FailResource(awssimFault("Logs", "quota"))
	if st := createStack(t, c, "childfails", parentTemplate); st.StackStatus != types.StackStatusRollbackComplete {
		t.Errorf("failing child: %s", st.StackStatus)
	}
	wantReason(t, c, "childfails", "AddonsStack", "Embedded stack arn:aws:cloudformation:us-east-1:111111111111:stack/childfails-AddonsStack-")
}

func awssimFault(logical, reason string) awssim.ResourceFault {
	return awssim.ResourceFault{LogicalID: logical, Reason: reason}
}
