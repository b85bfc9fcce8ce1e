package awssim_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

func createChangeSet(t testing.TB, c *cloudformation.Client, stack, name, kind, body string, params ...types.Parameter) *cloudformation.DescribeChangeSetOutput {
	t.Helper()
	_, err := c.CreateChangeSet(context.Background(), &cloudformation.CreateChangeSetInput{StackName: aws.String(stack),
		ChangeSetName: aws.String(name), ChangeSetType: types.ChangeSetType(kind), TemplateBody: aws.String(body),
		Parameters: params, Capabilities: []types.Capability{types.CapabilityCapabilityIam}})
	if err != nil {
		t.Fatalf("CreateChangeSet: %v", err)
	}
	return waitChangeSet(t, c, stack, name)
}

func execute(t testing.TB, c *cloudformation.Client, stack, name string) types.Stack {
	t.Helper()
	_, err := c.ExecuteChangeSet(context.Background(), &cloudformation.ExecuteChangeSetInput{StackName: aws.String(stack), ChangeSetName: aws.String(name)})
	if err != nil {
		t.Fatalf("ExecuteChangeSet: %v", err)
	}
	return waitStack(t, c, stack)
}

func TestChangeSetCreateThenUpdate(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	_, err := c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String("net"),
		ChangeSetName: aws.String("cs1"), ChangeSetType: types.ChangeSetTypeCreate, TemplateBody: aws.String(vpcTemplate)})
	if err != nil {
		t.Fatal(err)
	}
	st := waitStack(t, c, "net")
	if st.StackStatus != types.StackStatusReviewInProgress {
		t.Fatalf("status after CREATE change set = %s", st.StackStatus)
	}
	cs := waitChangeSet(t, c, "net", "cs1")
	if cs.Status != types.ChangeSetStatusCreateComplete || cs.ExecutionStatus != types.ExecutionStatusAvailable || len(cs.Changes) != 3 {
		t.Fatalf("change set = %s/%s with %d changes", cs.Status, cs.ExecutionStatus, len(cs.Changes))
	}
	if rc := cs.Changes[0].ResourceChange; rc.Action != types.ChangeActionAdd {
		t.Errorf("first change = %+v", rc)
	}
	if st := execute(t, c, "net", "cs1"); st.StackStatus != types.StackStatusCreateComplete {
		t.Fatalf("after execute: %s", st.StackStatus)
	}
	after, _ := c.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{StackName: aws.String("net"), ChangeSetName: aws.String("cs1")})
	if after.ExecutionStatus != types.ExecutionStatusExecuteComplete {
		t.Errorf("execution status after execute = %s", after.ExecutionStatus)
	}

	// An UPDATE change set: a new CIDR replaces the VPC and so the subnet.
	cs = createChangeSet(t, c, "net", "cs2", "UPDATE", vpcTemplate, types.Parameter{ParameterKey: aws.String("Cidr"), ParameterValue: aws.String("10.1.0.0/16")})
	got := map[string]string{}
	for _, ch := range cs.Changes {
		rc := ch.ResourceChange
		got[aws.ToString(rc.LogicalResourceId)] = string(rc.Action) + "/" + string(rc.Replacement)
	}
	if got["Vpc"] != "Modify/True" || got["Subnet"] != "Modify/True" || len(got) != 2 {
		t.Fatalf("changes = %v", got)
	}
	before := waitStack(t, c, "net")
	st = execute(t, c, "net", "cs2")
	if st.StackStatus != types.StackStatusUpdateComplete {
		t.Fatalf("update: %s (%s)", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	if aws.ToString(before.Outputs[1].OutputValue) == aws.ToString(st.Outputs[1].OutputValue) {
		t.Errorf("VPC was not replaced: %s", aws.ToString(st.Outputs[1].OutputValue))
	}
	var cleanup bool
	for _, e := range events(t, c, "net") {
		cleanup = cleanup || e.ResourceStatus == types.ResourceStatus("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
	}
	if !cleanup {
		t.Error("no UPDATE_COMPLETE_CLEANUP_IN_PROGRESS event")
	}
}

func TestChangeSetEmptyAndObsolete(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	createStack(t, c, "net", vpcTemplate)
	cs := createChangeSet(t, c, "net", "same", "UPDATE", vpcTemplate)
	if cs.Status != types.ChangeSetStatusFailed || aws.ToString(cs.StatusReason) != "The submitted information didn't contain changes. Submit different information to create a change set." {
		t.Fatalf("empty change set = %s: %s", cs.Status, aws.ToString(cs.StatusReason))
	}
	other := strings.Replace(vpcTemplate, "10.0.1.0/24", "10.0.2.0/24", 1)
	createChangeSet(t, c, "net", "pending", "UPDATE", other)
	_, err := c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("net"), TemplateBody: aws.String(strings.Replace(vpcTemplate, "/app/logs", "/app/logs2", 1))})
	if err != nil {
		t.Fatal(err)
	}
	waitStack(t, c, "net")
	out, _ := c.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{StackName: aws.String("net"), ChangeSetName: aws.String("pending")})
	if out.ExecutionStatus != types.ExecutionStatusObsolete {
		t.Fatalf("execution status = %s, want OBSOLETE", out.ExecutionStatus)
	}
	_, err = c.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{StackName: aws.String("net"), ChangeSetName: aws.String("pending")})
	apiError(t, err, "InvalidChangeSetStatus", "cannot be executed in its current execution status of [OBSOLETE]")
	_, err = c.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{StackName: aws.String("net"), ChangeSetName: aws.String("nope")})
	var nf *types.ChangeSetNotFoundException
	if !errorsAs(err, &nf) {
		t.Fatalf("DescribeChangeSet of a missing change set: %v", err)
	}
	list, err := c.ListChangeSets(ctx, &cloudformation.ListChangeSetsInput{StackName: aws.String("net")})
	if err != nil || len(list.Summaries) != 2 {
		t.Fatalf("ListChangeSets = %v, %v", list, err)
	}
	if _, err := c.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{StackName: aws.String("net"), ChangeSetName: aws.String("same")}); err != nil {
		t.Fatal(err)
	}
}

func TestChangeSetNotReadyAndUpdateNothing(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	createStack(t, c, "net", vpcTemplate)
	_, err := c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("net"), TemplateBody: aws.String(vpcTemplate)})
	apiError(t, err, "ValidationError", "No updates are to be performed.")
	_, err = c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String("net"), ChangeSetName: aws.String("x"),
		TemplateBody: aws.String(strings.Replace(vpcTemplate, "/app/logs", "/app/other", 1))})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{StackName: aws.String("net"), ChangeSetName: aws.String("x")})
	apiError(t, err, "InvalidChangeSetStatus", "cannot be executed in its current status of [CREATE_IN_PROGRESS]")
}

// TestChangeSetServiceRole checks that a change set's RoleARN becomes the
// stack's service role, shown by DescribeStacks (DescribeChangeSet has no
// such field), and that a later change set without one keeps it, as
// CloudFormation does.
func TestChangeSetServiceRole(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	role := "arn:aws:iam::111111111111:role/demo-test-CFNExecutionRole"
	_, err := c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String("net"), ChangeSetName: aws.String("cs1"),
		ChangeSetType: types.ChangeSetTypeCreate, TemplateBody: aws.String(vpcTemplate), RoleARN: aws.String(role)})
	if err != nil {
		t.Fatal(err)
	}
	waitChangeSet(t, c, "net", "cs1")
	if st := execute(t, c, "net", "cs1"); aws.ToString(st.RoleARN) != role {
		t.Errorf("stack RoleARN after create = %q", aws.ToString(st.RoleARN))
	}
	createChangeSet(t, c, "net", "cs2", "UPDATE", vpcTemplate, types.Parameter{ParameterKey: aws.String("Cidr"), ParameterValue: aws.String("10.1.0.0/16")})
	if st := execute(t, c, "net", "cs2"); aws.ToString(st.RoleARN) != role {
		t.Errorf("stack RoleARN after update = %q", aws.ToString(st.RoleARN))
	}
	plain := createStack(t, c, "plain", vpcTemplate)
	if plain.RoleARN != nil {
		t.Errorf("stack created without a role has RoleARN %q", aws.ToString(plain.RoleARN))
	}
}
