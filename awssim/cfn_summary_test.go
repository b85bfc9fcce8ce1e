package awssim_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim"
)

const summaryTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Description: summary
Metadata:
  Owner: {Team: platform}
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod], Description: where}
  Secret: {Type: String, NoEcho: true}
Resources:
  Role: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}
  Logs: {Type: AWS::Logs::LogGroup}
  More: {Type: AWS::Logs::LogGroup}
`

// TestGetTemplateSummary checks the summary of a template given by body
// and of the template of a stack.
func TestGetTemplateSummary(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	createStack(t, c, "sum", summaryTemplate, types.Parameter{ParameterKey: aws.String("Secret"), ParameterValue: aws.String("s")})
	for name, in := range map[string]*cloudformation.GetTemplateSummaryInput{
		"by body": {TemplateBody: aws.String(summaryTemplate)}, "by stack": {StackName: aws.String("sum")},
	} {
		t.Run(name, func(t *testing.T) {
			out, err := c.GetTemplateSummary(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			type param struct {
				Key, Default, Type, Description string
				NoEcho                          bool
				Allowed                         []string
			}
			var params []param
			for _, p := range out.Parameters {
				params = append(params, param{aws.ToString(p.ParameterKey), aws.ToString(p.DefaultValue), aws.ToString(p.ParameterType),
					aws.ToString(p.Description), aws.ToBool(p.NoEcho), p.ParameterConstraints.AllowedValues})
			}
			want := []param{{"Env", "dev", "String", "where", false, []string{"dev", "prod"}}, {"Secret", "", "String", "", true, []string{}}}
			if diff := cmp.Diff(want, params); diff != "" {
				t.Errorf("Parameters (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"AWS::IAM::Role", "AWS::Logs::LogGroup"}, out.ResourceTypes); diff != "" {
				t.Errorf("ResourceTypes (-want +got):\n%s", diff)
			}
			got := []string{aws.ToString(out.Version), aws.ToString(out.Description), aws.ToString(out.Metadata), aws.ToString(out.CapabilitiesReason)}
			wantRest := []string{"2010-09-09", "summary", `{"Owner":{"Team":"platform"}}`, "The following resource(s) require capabilities: [AWS::IAM::Role]"}
			if diff := cmp.Diff(wantRest, got); diff != "" {
				t.Errorf("Version, Description, Metadata, CapabilitiesReason (-want +got):\n%s", diff)
			}
			if len(out.Capabilities) != 1 || out.Capabilities[0] != types.CapabilityCapabilityIam {
				t.Errorf("Capabilities = %v", out.Capabilities)
			}
		})
	}
}

func TestGetTemplateSummaryErrors(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	createChangeSet(t, c, "review", "cs", "CREATE", vpcTemplate)
	tests := map[string]struct {
		in  cloudformation.GetTemplateSummaryInput
		msg string
	}{
		"nothing":       {msg: "Either Template URL or Template Body must be specified."},
		"missing stack": {in: cloudformation.GetTemplateSummaryInput{StackName: aws.String("nope")}, msg: "Stack with id nope does not exist"},
		"review stack":  {in: cloudformation.GetTemplateSummaryInput{StackName: aws.String("review")}, msg: "GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks."},
		"template url":  {in: cloudformation.GetTemplateSummaryInput{TemplateURL: aws.String("https://s3.amazonaws.com/b/t.yaml")}, msg: "S3 error: The specified bucket does not exist"},
		"malformed":     {in: cloudformation.GetTemplateSummaryInput{TemplateBody: aws.String("{")}, msg: "*"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := c.GetTemplateSummary(ctx, &tt.in)
			wantAPIError(t, err, "ValidationError", tt.msg)
		})
	}
}

// TestUsePreviousTemplateWithBody checks that UpdateStack and
// CreateChangeSet refuse UsePreviousTemplate with a template.
func TestUsePreviousTemplateWithBody(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	createStack(t, c, "net", vpcTemplate)
	const msg = "You cannot specify both usePreviousTemplate and Template Body/Template URL."
	_, err := c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("net"), UsePreviousTemplate: aws.Bool(true),
		TemplateBody: aws.String(vpcTemplate)})
	apiError(t, err, "ValidationError", msg)
	_, err = c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String("net"), ChangeSetName: aws.String("cs"),
		UsePreviousTemplate: aws.Bool(true), TemplateURL: aws.String("https://s3.amazonaws.com/b/t.yaml")})
	apiError(t, err, "ValidationError", msg)
}

// TestParametersDuringUpdate checks the parameter values DescribeStacks
// shows: the new ones from the start of an update, the old ones again
// once it rolls back.
func TestParametersDuringUpdate(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	createStack(t, c, "net", vpcTemplate)
	cidr := func() string {
		out, err := c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("net")})
		if err != nil {
			t.Fatal(err)
		}
		st := out.Stacks[0]
		return string(st.StackStatus) + " " + aws.ToString(st.Parameters[0].ParameterValue)
	}
	update := []types.Parameter{{ParameterKey: aws.String("Cidr"), ParameterValue: aws.String("10.9.0.0/16")}}
	if _, err := c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("net"), UsePreviousTemplate: aws.Bool(true), Parameters: update}); err != nil {
		t.Fatal(err)
	}
	if got := cidr(); got != "UPDATE_IN_PROGRESS 10.9.0.0/16" {
		t.Errorf("during the update: %s, want the new value", got)
	}
	waitStack(t, c, "net")
	if got := cidr(); got != "UPDATE_COMPLETE 10.9.0.0/16" {
		t.Errorf("after the update: %s", got)
	}
	ts.FailResource(awssim.ResourceFault{Stack: "net", LogicalID: "Vpc", Operation: "update", Reason: "quota"})
	update[0].ParameterValue = aws.String("10.8.0.0/16")
	if _, err := c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("net"), UsePreviousTemplate: aws.Bool(true), Parameters: update}); err != nil {
		t.Fatal(err)
	}
	if st := waitStack(t, c, "net"); st.StackStatus != types.StackStatusUpdateRollbackComplete {
		t.Fatalf("status = %s, want a rollback", st.StackStatus)
	}
	if got := cidr(); got != "UPDATE_ROLLBACK_COMPLETE 10.9.0.0/16" {
		t.Errorf("after the rollback: %s, want the old value", got)
	}
}
