package awssim_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

const yamlTemplate = `
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    AllowedValues: [test, prod]
  Secret:
    Type: String
    NoEcho: true
    Default: hunter2
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  Sizes:
    test: {Retention: 7}
    prod: {Retention: 30}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Select [0, ["10.0.0.0/16"]]
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
      AvailabilityZone: !Select [1, !GetAZs ""]
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub "/${AWS::StackName}/${Env}"
      RetentionInDays: !FindInMap [Sizes, !Ref Env, Retention]
  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: !Join ["-", [app, !Ref Env]]
  Extra:
    Type: AWS::SSM::Parameter
    Condition: IsProd
    Properties: {Type: String, Value: x}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
Outputs:
  Uri: {Value: !GetAtt Repo.RepositoryUri}
  Az: {Value: !GetAtt Subnet.AvailabilityZone}
  Cidr: {Value: !GetAtt Subnet.CidrBlock}
  Logs: {Value: !Ref Logs}
  Role: {Value: !GetAtt Role.Arn}
  Split: {Value: !Select [2, !Split [",", "a,b,c"]]}
  B64: {Value: !Base64 hi}
  Prod: {Value: !If [IsProd, yes, no]}
  Sub2: {Value: !Sub ["${A}-${AWS::Region}-${!Literal}", {A: !Ref Env}]}
`

func TestYAMLTemplateWithShortForms(t *testing.T) {
	_, c := cfnClient(t)
	st := createStack(t, c, "app", yamlTemplate, types.Parameter{ParameterKey: aws.String("Env"), ParameterValue: aws.String("test")})
	if st.StackStatus != types.StackStatusCreateComplete {
		t.Fatalf("status = %s (%s)", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	got := map[string]string{}
	for _, o := range st.Outputs {
		got[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	want := map[string]string{
		"Uri": testAccount + ".dkr.ecr.us-east-1.amazonaws.com/app-test", "Az": "us-east-1b", "Cidr": "10.0.1.0/24",
		"Logs": "/app/test", "Split": "c", "B64": "aGk=", "Prod": "no", "Sub2": "test-us-east-1-${Literal}",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("output %s = %q, want %q", k, got[k], v)
		}
	}
	if role := got["Role"]; !strings.HasPrefix(role, "arn:aws:iam::"+testAccount+":role/app-Role-") {
		t.Errorf("role ARN = %q", role)
	}
	for _, p := range st.Parameters {
		if aws.ToString(p.ParameterKey) == "Secret" && aws.ToString(p.ParameterValue) != "****" {
			t.Errorf("NoEcho parameter shown as %q", aws.ToString(p.ParameterValue))
		}
	}
	res, err := c.ListStackResources(context.Background(), &cloudformation.ListStackResourcesInput{StackName: aws.String("app")})
	if err != nil || len(res.StackResourceSummaries) != 5 {
		t.Fatalf("resources = %d, %v (the conditional one must be absent)", len(res.StackResourceSummaries), err)
	}
	tpl, err := c.GetTemplate(context.Background(), &cloudformation.GetTemplateInput{StackName: aws.String("app")})
	if err != nil || aws.ToString(tpl.TemplateBody) != yamlTemplate {
		t.Errorf("GetTemplate did not return the template as given: %v", err)
	}
}

func TestTemplateErrors(t *testing.T) {
	cases := map[string]struct {
		body, code, msg string
		caps            []types.Capability
	}{
		"unknown type": {`{"Resources": {"X": {"Type": "AWS::Nope::Thing"}}}`, "ValidationError",
			"Template format error: Unrecognized resource types: [AWS::Nope::Thing]", nil},
		"dangling ref": {`{"Resources": {"S": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}}}}}`, "ValidationError",
			"Template format error: Unresolved resource dependencies [Vpc] in the Resources block of the template", nil},
		"dangling getatt": {`{"Resources": {"S": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Fn::GetAtt": ["Vpc", "VpcId"]}}}}}`, "ValidationError",
			"Unresolved resource dependencies [Vpc]", nil},
		"no resources": {`{"Resources": {}}`, "ValidationError", "At least one Resources member must be defined.", nil},
		"missing export": {`{"Resources": {"S": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Fn::ImportValue": "nope"}}}}}`, "ValidationError",
			"No export named nope found.", nil},
		"iam": {`{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}}}}`, "InsufficientCapabilitiesException",
			"Requires capabilities : [CAPABILITY_IAM]", nil},
		"named iam": {`{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "r", "AssumeRolePolicyDocument": {}}}}}`, "InsufficientCapabilitiesException",
			"Requires capabilities : [CAPABILITY_NAMED_IAM]", []types.Capability{types.CapabilityCapabilityIam}},
		"cycle": {`{"Resources": {"A": {"Type": "AWS::Logs::LogGroup", "DependsOn": "B"}, "B": {"Type": "AWS::Logs::LogGroup", "DependsOn": "A"}}}`, "ValidationError",
			"Circular dependency between resources: [A, B]", nil},
		"missing parameter": {`{"Parameters": {"P": {"Type": "String"}}, "Resources": {"A": {"Type": "AWS::Logs::LogGroup"}}}`, "ValidationError",
			"Parameters: [P] must have values", nil},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, c := cfnClient(t)
			_, err := c.CreateStack(context.Background(), &cloudformation.CreateStackInput{StackName: aws.String("s"), TemplateBody: aws.String(tc.body), Capabilities: tc.caps})
			apiError(t, err, tc.code, tc.msg)
		})
	}
}

func TestValidateTemplate(t *testing.T) {
	_, c := cfnClient(t)
	out, err := c.ValidateTemplate(context.Background(), &cloudformation.ValidateTemplateInput{TemplateBody: aws.String(yamlTemplate)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Parameters) != 2 || len(out.Capabilities) != 1 || out.Capabilities[0] != types.CapabilityCapabilityIam {
		t.Fatalf("ValidateTemplate = %+v", out)
	}
}
