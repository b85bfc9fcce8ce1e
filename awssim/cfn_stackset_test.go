package awssim_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim"
	"flightplan/awssim/awssimtest"
)

const stackSetTemplate = `Metadata:
  Version: v1.2.0
Parameters:
  AppName: {Type: String}
Resources:
  Repo:
    Type: AWS::ECR::Repository
    Properties: {RepositoryName: !Sub "${AppName}/web"}
  PipelineBuiltArtifactBucket:
    Type: AWS::S3::Bucket
`

const otherAccount = "222222222222"

// waitOperation polls a stack set operation until it is no longer running.
func waitOperation(t *testing.T, c *cloudformation.Client, set, id string) types.StackSetOperation {
	t.Helper()
	for range 200 {
		out, err := c.DescribeStackSetOperation(context.Background(), &cloudformation.DescribeStackSetOperationInput{StackSetName: aws.String(set), OperationId: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		if out.StackSetOperation.Status != types.StackSetOperationStatusRunning {
			return *out.StackSetOperation
		}
	}
	t.Fatalf("operation %s never ended", id)
	return types.StackSetOperation{}
}

type instanceRow struct{ Account, Region, Status, Detailed string }

func instances(t *testing.T, c *cloudformation.Client, set string) ([]instanceRow, map[string]string) {
	t.Helper()
	out, err := c.ListStackInstances(context.Background(), &cloudformation.ListStackInstancesInput{StackSetName: aws.String(set)})
	if err != nil {
		t.Fatal(err)
	}
	var rows []instanceRow
	stacks := map[string]string{}
	for _, s := range out.Summaries {
		rows = append(rows, instanceRow{aws.ToString(s.Account), aws.ToString(s.Region), string(s.Status), string(s.StackInstanceStatus.DetailedStatus)})
		stacks[aws.ToString(s.Account)+"/"+aws.ToString(s.Region)] = aws.ToString(s.StackId)
	}
	return rows, stacks
}

// TestStackSetLifecycle checks a SELF_MANAGED stack set: instances are
// stacks named as AWS names them in their account and region, operations
// end on the clock, an update reaches every instance, and instances are
// deleted with or without their stacks.
func TestStackSetLifecycle(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	param := []types.Parameter{{ParameterKey: aws.String("AppName"), ParameterValue: aws.String("shop")}}
	created, err := c.CreateStackSet(ctx, &cloudformation.CreateStackSetInput{StackSetName: aws.String("shop-infrastructure"),
		TemplateBody: aws.String(stackSetTemplate), Parameters: param, Description: aws.String("infra"),
		ExecutionRoleName: aws.String("shop-executionrole")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(aws.ToString(created.StackSetId), "shop-infrastructure:") {
		t.Errorf("StackSetId = %s", aws.ToString(created.StackSetId))
	}
	_, err = c.CreateStackSet(ctx, &cloudformation.CreateStackSetInput{StackSetName: aws.String("shop-infrastructure"), TemplateBody: aws.String(stackSetTemplate), Parameters: param})
	apiError(t, err, "NameAlreadyExistsException", "StackSet shop-infrastructure already exists")

	op, err := c.CreateStackInstances(ctx, &cloudformation.CreateStackInstancesInput{StackSetName: aws.String("shop-infrastructure"),
		Accounts: []string{testAccount, otherAccount}, Regions: []string{"us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.UpdateStackSet(ctx, &cloudformation.UpdateStackSetInput{StackSetName: aws.String("shop-infrastructure"), UsePreviousTemplate: aws.Bool(true), Parameters: param})
	apiError(t, err, "OperationInProgressException", "Another Operation on StackSet arn:aws:cloudformation:us-east-1:111111111111:stackset/shop-infrastructure:")
	if got := waitOperation(t, c, "shop-infrastructure", aws.ToString(op.OperationId)); got.Status != types.StackSetOperationStatusSucceeded || got.EndTimestamp == nil {
		t.Fatalf("create instances: %s %v", got.Status, got.EndTimestamp)
	}
	rows, stacks := instances(t, c, "shop-infrastructure")
	want := []instanceRow{{testAccount, "us-east-1", "CURRENT", "SUCCEEDED"}, {otherAccount, "us-east-1", "CURRENT", "SUCCEEDED"}}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("instances (-want +got):\n%s", diff)
	}
	other := cloudformation.NewFromConfig(ts.Config(otherAccount, "us-east-1"))
	otherStack := stacks[otherAccount+"/us-east-1"]
	st := waitStack(t, other, otherStack)
	if !regexp.MustCompile(`^StackSet-shop-infrastructure-[0-9a-f-]{36}$`).MatchString(aws.ToString(st.StackName)) || st.StackStatus != types.StackStatusCreateComplete {
		t.Errorf("instance stack = %s %s", aws.ToString(st.StackName), st.StackStatus)
	}

	updated := strings.Replace(stackSetTemplate, "/web", "/api", 1)
	op2, err := c.UpdateStackSet(ctx, &cloudformation.UpdateStackSetInput{StackSetName: aws.String("shop-infrastructure"), TemplateBody: aws.String(updated),
		Parameters: []types.Parameter{{ParameterKey: aws.String("AppName"), UsePreviousValue: aws.Bool(true)}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := waitOperation(t, c, "shop-infrastructure", aws.ToString(op2.OperationId)); got.Status != types.StackSetOperationStatusSucceeded || got.Action != types.StackSetOperationActionUpdate {
		t.Fatalf("update: %s %s", got.Action, got.Status)
	}
	tmpl, err := other.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: aws.String(otherStack)})
	if err != nil || aws.ToString(tmpl.TemplateBody) != updated {
		t.Errorf("instance template after update = %v %v", tmpl, err)
	}
	sum, err := c.GetTemplateSummary(ctx, &cloudformation.GetTemplateSummaryInput{StackSetName: aws.String("shop-infrastructure")})
	if err != nil || len(sum.ResourceTypes) != 2 || aws.ToString(sum.Metadata) != `{"Version":"v1.2.0"}` {
		t.Errorf("GetTemplateSummary of the stack set = %v %v", sum, err)
	}
	desc, err := c.DescribeStackSet(ctx, &cloudformation.DescribeStackSetInput{StackSetName: aws.String("shop-infrastructure")})
	if err != nil || aws.ToString(desc.StackSet.TemplateBody) != updated || aws.ToString(desc.StackSet.Description) != "infra" ||
		desc.StackSet.PermissionModel != types.PermissionModelsSelfManaged || aws.ToString(desc.StackSet.ExecutionRoleName) != "shop-executionrole" {
		t.Errorf("DescribeStackSet = %+v %v", desc, err)
	}

	deleteStackSetInstances(t, c, other, stacks)
}

// TestAdoptStatePersists checks that stack sets, custom resource requests
// and retained resources survive a restart.
func TestAdoptStatePersists(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ts := awssimtest.Start(t, awssim.Options{StateDir: dir})
	c := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	ts.SetCustomResourceResponse(awssim.CustomResourceResponse{Type: "Custom::RulePriority", Data: map[string]any{"Priority": "3"}})
	createStack(t, c, "custom", customTemplate)
	if _, err := c.CreateStackSet(ctx, &cloudformation.CreateStackSetInput{StackSetName: aws.String("kept"), TemplateBody: aws.String(stackSetTemplate),
		Parameters: []types.Parameter{{ParameterKey: aws.String("AppName"), ParameterValue: aws.String("shop")}}}); err != nil {
		t.Fatal(err)
	}
	ts2 := awssimtest.Start(t, awssim.Options{StateDir: dir})
	ts2.Clock.Advance(ts.Clock.Now().Sub(ts2.Clock.Now()))
	c2 := cloudformation.NewFromConfig(ts2.Config(testAccount, "us-east-1"))
	if _, err := c2.DescribeStackSet(ctx, &cloudformation.DescribeStackSetInput{StackSetName: aws.String("kept")}); err != nil {
		t.Errorf("stack set after restart: %v", err)
	}
	if got := len(ts2.CustomResourceInvocations()); got != 2 {
		t.Errorf("%d invocations after restart, want 2", got)
	}
	createStack(t, c2, "again", strings.Replace(customTemplate, "/custom/priority", "/custom/again", 1))
	if got := get(t, ssm.NewFromConfig(ts2.Config(testAccount, "us-east-1")), "/custom/again"); got != "3" {
		t.Errorf("configured response after restart: Priority = %q", got)
	}
}

// deleteStackSetInstances deletes the instances of TestStackSetLifecycle,
// one keeping its stack and one not, then the stack set.
func deleteStackSetInstances(t *testing.T, c, other *cloudformation.Client, stacks map[string]string) {
	ctx := context.Background()
	otherStack := stacks[otherAccount+"/us-east-1"]
	_, err := c.DeleteStackSet(ctx, &cloudformation.DeleteStackSetInput{StackSetName: aws.String("shop-infrastructure")})
	apiError(t, err, "StackSetNotEmptyException", "StackSet is not empty")
	op3, err := c.DeleteStackInstances(ctx, &cloudformation.DeleteStackInstancesInput{StackSetName: aws.String("shop-infrastructure"),
		Accounts: []string{otherAccount}, Regions: []string{"us-east-1"}, RetainStacks: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	if got := waitOperation(t, c, "shop-infrastructure", aws.ToString(op3.OperationId)); got.Status != types.StackSetOperationStatusSucceeded || !aws.ToBool(got.RetainStacks) {
		t.Fatalf("delete retaining: %s", got.Status)
	}
	if st := waitStack(t, other, otherStack); st.StackStatus != types.StackStatusUpdateComplete {
		t.Errorf("retained stack = %s, want it left as it was", st.StackStatus)
	}
	op4, err := c.DeleteStackInstances(ctx, &cloudformation.DeleteStackInstancesInput{StackSetName: aws.String("shop-infrastructure"),
		Accounts: []string{testAccount}, Regions: []string{"us-east-1"}, RetainStacks: aws.Bool(false)})
	if err != nil {
		t.Fatal(err)
	}
	waitOperation(t, c, "shop-infrastructure", aws.ToString(op4.OperationId))
	if st := waitStack(t, c, stacks[testAccount+"/us-east-1"]); st.StackStatus != types.StackStatusDeleteComplete {
		t.Errorf("deleted instance's stack = %s", st.StackStatus)
	}
	if rows, _ := instances(t, c, "shop-infrastructure"); len(rows) != 0 {
		t.Errorf("instances left: %v", rows)
	}
	if _, err := c.DeleteStackSet(ctx, &cloudformation.DeleteStackSetInput{StackSetName: aws.String("shop-infrastructure")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeStackSet(ctx, &cloudformation.DescribeStackSetInput{StackSetName: aws.String("shop-infrastructure")})
	apiError(t, err, "StackSetNotFoundException", "StackSet shop-infrastructure not found")
}
