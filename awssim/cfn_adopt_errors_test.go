package awssim_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	tagging "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"flightplan/awssim/awssimtest"
)

var s3CreateBucket = s3.CreateBucketInput{Bucket: aws.String("templates")}

// TestStackSetErrors checks the stack set calls' refusals, and a stack set
// whose template cannot be deployed: its operation fails, and so does the
// instance.
func TestStackSetErrors(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	_, err := c.CreateStackSet(ctx, &cloudformation.CreateStackSetInput{StackSetName: aws.String("bad_name"), TemplateBody: aws.String(stackSetTemplate)})
	apiError(t, err, "ValidationError", "Value 'bad_name' at 'stackSetName' failed to satisfy constraint")
	_, err = c.CreateStackSet(ctx, &cloudformation.CreateStackSetInput{StackSetName: aws.String("org"), TemplateBody: aws.String(stackSetTemplate),
		PermissionModel: types.PermissionModelsServiceManaged})
	apiError(t, err, "ValidationError", "PermissionModel SERVICE_MANAGED is not supported by the simulator: use SELF_MANAGED")

	imports := `Resources:
  P: {Type: AWS::SSM::Parameter, Properties: {Type: String, Value: !ImportValue nowhere}}
`
	if _, err := c.CreateStackSet(ctx, &cloudformation.CreateStackSetInput{StackSetName: aws.String("set"), TemplateBody: aws.String(imports)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateStackInstances(ctx, &cloudformation.CreateStackInstancesInput{StackSetName: aws.String("set"), Regions: []string{"us-east-1"}})
	apiError(t, err, "ValidationError", "Accounts and Regions are required")
	_, err = c.DescribeStackSetOperation(ctx, &cloudformation.DescribeStackSetOperationInput{StackSetName: aws.String("set"), OperationId: aws.String("nope")})
	apiError(t, err, "OperationNotFoundException", "Operation nope not found")
	_, err = c.DescribeStackInstance(ctx, &cloudformation.DescribeStackInstanceInput{StackSetName: aws.String("set"), StackInstanceAccount: aws.String(testAccount), StackInstanceRegion: aws.String("us-east-1")})
	apiError(t, err, "StackInstanceNotFoundException", "Stack instance for account 111111111111 and region us-east-1 of StackSet set:")

	op, err := c.CreateStackInstances(ctx, &cloudformation.CreateStackInstancesInput{StackSetName: aws.String("set"), Accounts: []string{testAccount}, Regions: []string{"us-east-1"},
		OperationId: aws.String("first")})
	if err != nil || aws.ToString(op.OperationId) != "first" {
		t.Fatalf("CreateStackInstances = %v %v", op, err)
	}
	got := waitOperation(t, c, "set", "first")
	if got.Status != types.StackSetOperationStatusFailed || aws.ToString(got.StatusReason) != "ValidationError: No export named nowhere found." {
		t.Errorf("operation = %s %q", got.Status, aws.ToString(got.StatusReason))
	}
	inst, err := c.DescribeStackInstance(ctx, &cloudformation.DescribeStackInstanceInput{StackSetName: aws.String("set"), StackInstanceAccount: aws.String(testAccount), StackInstanceRegion: aws.String("us-east-1")})
	if err != nil || inst.StackInstance.Status != types.StackInstanceStatusOutdated || inst.StackInstance.StackInstanceStatus.DetailedStatus != types.StackInstanceDetailedStatusFailed {
		t.Errorf("instance = %+v %v", inst, err)
	}
	_, err = c.CreateStackInstances(ctx, &cloudformation.CreateStackInstancesInput{StackSetName: aws.String("set"), Accounts: []string{testAccount}, Regions: []string{"us-east-1"},
		OperationId: aws.String("first")})
	apiError(t, err, "OperationIdAlreadyExistsException", "The operation ID first already exists")
	for status, want := range map[types.StackInstanceDetailedStatus]int{types.StackInstanceDetailedStatusFailed: 1, types.StackInstanceDetailedStatusSucceeded: 0} {
		out, err := c.ListStackInstances(ctx, &cloudformation.ListStackInstancesInput{StackSetName: aws.String("set"),
			Filters: []types.StackInstanceFilter{{Name: types.StackInstanceFilterNameDetailedStatus, Values: aws.String(string(status))}}})
		if err != nil || len(out.Summaries) != want {
			t.Errorf("instances %s = %v %v, want %d", status, out, err, want)
		}
	}
	ops, err := c.ListStackSetOperations(ctx, &cloudformation.ListStackSetOperationsInput{StackSetName: aws.String("set")})
	if err != nil || len(ops.Summaries) != 1 || aws.ToString(ops.Summaries[0].OperationId) != "first" {
		t.Errorf("ListStackSetOperations = %+v %v", ops, err)
	}
	sets, err := c.ListStackSets(ctx, &cloudformation.ListStackSetsInput{Status: types.StackSetStatusActive})
	if err != nil || len(sets.Summaries) != 1 || aws.ToString(sets.Summaries[0].StackSetName) != "set" {
		t.Errorf("ListStackSets = %+v %v", sets, err)
	}
}

// TestImportTemplateErrors checks an import whose resources do not match
// the template.
func TestImportTemplateErrors(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	in := importInput("s", "cs", strings.Replace(importRepoTemplate, "Repository:", "Other:", 1))
	_, err := c.CreateChangeSet(ctx, in)
	apiError(t, err, "ValidationError", "Resource to import Repository is not in the template")
	in = importInput("s", "cs", strings.Replace(importRepoTemplate, "AWS::ECR::Repository", "AWS::Logs::LogGroup", 1))
	_, err = c.CreateChangeSet(ctx, in)
	apiError(t, err, "ValidationError", "Resource to import Repository has type AWS::Logs::LogGroup in the template, not AWS::ECR::Repository")
}

// TestNestedStackTemplateErrors checks a TemplateURL that names no S3
// object and a missing nested output.
func TestNestedStackTemplateErrors(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	createStack(t, c, "badurl", strings.Replace(parentTemplate, "https://templates.s3.us-east-1.amazonaws.com/addons.yml", "ftp://x", 1))
	wantReason(t, c, "badurl", "AddonsStack", "TemplateURL must be a supported URL.")

	sc := s3Client(ts, testAccount, "us-east-1")
	if _, err := sc.CreateBucket(ctx, &s3CreateBucket); err != nil {
		t.Fatal(err)
	}
	putTemplate(t, sc, "addons.yml", addonsTemplate)
	createStack(t, c, "nooutput", strings.Replace(parentTemplate, "Outputs.GroupName", "Outputs.Nope", 1))
	wantReason(t, c, "nooutput", "Group", "Output 'Nope' not found in stack 'arn:aws:cloudformation:us-east-1:111111111111:stack/nooutput-AddonsStack-")
}

// TestTaggingErrors checks GetResources' refusals.
func TestTaggingErrors(t *testing.T) {
	ts := awssimtest.Start(t)
	tg := tagging.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	_, err := tg.GetResources(context.Background(), &tagging.GetResourcesInput{PaginationToken: aws.String("x")})
	apiError(t, err, "PaginationTokenExpiredException", "The pagination token is not valid")
	_, err = tg.GetTagKeys(context.Background(), &tagging.GetTagKeysInput{})
	apiError(t, err, "UnknownOperationException", "the simulator's tagging API serves GetResources only, not GetTagKeys")
}
