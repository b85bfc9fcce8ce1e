package awssim_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

const ssmStackTemplate = `Parameters:
  Host: {Type: String}
Resources:
  Named:
    Type: AWS::SSM::Parameter
    Properties: {Name: /stack/db/host, Type: String, Value: !Ref Host, Description: db, Tags: {team: data}}
  Unnamed:
    Type: AWS::SSM::Parameter
    Properties: {Type: StringList, Value: "a,b"}
  Kept:
    Type: AWS::SSM::Parameter
    DeletionPolicy: Retain
    Properties: {Name: /stack/kept, Type: String, Value: k}
`

// TestStackSSMParameters checks that a stack's AWS::SSM::Parameter
// resources are parameters of the SSM API: made with the stack, given a
// new version by an update, deleted with the stack unless retained.
func TestStackSSMParameters(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	s := ssm.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	host := func(v string) types.Parameter {
		return types.Parameter{ParameterKey: aws.String("Host"), ParameterValue: aws.String(v)}
	}
	id := aws.ToString(createStack(t, c, "params", ssmStackTemplate, host("db1")).StackId)
	got, err := s.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/stack/db/host")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.Parameter.Value) != "db1" || got.Parameter.Version != 1 {
		t.Errorf("parameter = %s v%d, want db1 v1", aws.ToString(got.Parameter.Value), got.Parameter.Version)
	}
	tags, err := s.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: "Parameter", ResourceId: aws.String("/stack/db/host")})
	if err != nil || len(tags.TagList) != 1 || aws.ToString(tags.TagList[0].Key) != "team" {
		t.Errorf("tags = %v %v", tags, err)
	}
	res, err := c.DescribeStackResource(ctx, &cloudformation.DescribeStackResourceInput{StackName: aws.String("params"), LogicalResourceId: aws.String("Unnamed")})
	if err != nil {
		t.Fatal(err)
	}
	unnamed := aws.ToString(res.StackResourceDetail.PhysicalResourceId)
	if got := get(t, s, unnamed); got != "a,b" || !strings.HasPrefix(unnamed, "params-") {
		t.Errorf("unnamed parameter %s = %q", unnamed, got)
	}

	if _, err := c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("params"), UsePreviousTemplate: aws.Bool(true),
		Parameters: []types.Parameter{host("db2")}}); err != nil {
		t.Fatal(err)
	}
	waitStack(t, c, "params")
	got, err = s.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/stack/db/host")})
	if err != nil || aws.ToString(got.Parameter.Value) != "db2" || got.Parameter.Version != 2 {
		t.Errorf("after update: %v %v, want db2 v2", got, err)
	}

	if _, err := c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("params")}); err != nil {
		t.Fatal(err)
	}
	waitStack(t, c, id)
	out, err := s.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{"/stack/db/host", unnamed, "/stack/kept"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Parameters) != 1 || aws.ToString(out.Parameters[0].Name) != "/stack/kept" {
		t.Errorf("after delete: %v, want only the retained /stack/kept", out.Parameters)
	}
}

// TestStackSSMParameterNameTaken checks that a stack cannot create a
// parameter whose name is taken.
func TestStackSSMParameterNameTaken(t *testing.T) {
	ts, c := cfnClient(t)
	put(t, ssm.NewFromConfig(ts.Config(testAccount, "us-east-1")), "/stack/kept", "mine")
	st := createStack(t, c, "params", ssmStackTemplate, types.Parameter{ParameterKey: aws.String("Host"), ParameterValue: aws.String("h")})
	if st.StackStatus != types.StackStatusRollbackComplete {
		t.Fatalf("status = %s, want ROLLBACK_COMPLETE", st.StackStatus)
	}
	var reason string
	for _, e := range events(t, c, "params") {
		if aws.ToString(e.LogicalResourceId) == "Kept" && e.ResourceStatus == types.ResourceStatusCreateFailed {
			reason = aws.ToString(e.ResourceStatusReason)
		}
	}
	if reason != "/stack/kept already exists" {
		t.Errorf("Kept failed with %q", reason)
	}
}
