package awssim_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"flightplan/awssim/awssimtest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/smithy-go"
)

const testAccount = "111111111111"

// cfnClient returns a CloudFormation client for the test account in
// us-east-1 against a fresh simulator.
func cfnClient(t testing.TB) (*awssimtest.TestServer, *cloudformation.Client) {
	t.Helper()
	ts := awssimtest.Start(t)
	return ts, cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
}

// waitStack polls DescribeStacks until the stack reaches a terminal status.
func waitStack(t testing.TB, c *cloudformation.Client, name string) types.Stack {
	t.Helper()
	for range 1000 {
		out, err := c.DescribeStacks(context.Background(), &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
		if err != nil {
			t.Fatalf("DescribeStacks %s: %v", name, err)
		}
		st := out.Stacks[0]
		if s := string(st.StackStatus); !strings.HasSuffix(s, "_IN_PROGRESS") || s == "REVIEW_IN_PROGRESS" {
			return st
		}
	}
	t.Fatalf("stack %s never reached a terminal status", name)
	return types.Stack{}
}

// waitChangeSet polls DescribeChangeSet until it is computed.
func waitChangeSet(t testing.TB, c *cloudformation.Client, stack, name string) *cloudformation.DescribeChangeSetOutput {
	t.Helper()
	for range 100 {
		out, err := c.DescribeChangeSet(context.Background(), &cloudformation.DescribeChangeSetInput{StackName: aws.String(stack), ChangeSetName: aws.String(name)})
		if err != nil {
			t.Fatalf("DescribeChangeSet: %v", err)
		}
		if out.Status == types.ChangeSetStatusCreateComplete || out.Status == types.ChangeSetStatusFailed {
			return out
		}
	}
	t.Fatalf("change set %s never completed", name)
	return nil
}

// createStack creates a stack and waits for it.
func createStack(t testing.TB, c *cloudformation.Client, name, body string, params ...types.Parameter) types.Stack {
	t.Helper()
	_, err := c.CreateStack(context.Background(), &cloudformation.CreateStackInput{StackName: aws.String(name),
		TemplateBody: aws.String(body), Parameters: params, Capabilities: []types.Capability{types.CapabilityCapabilityNamedIam}})
	if err != nil {
		t.Fatalf("CreateStack %s: %v", name, err)
	}
	return waitStack(t, c, name)
}

// events returns the stack's events, oldest first.
func events(t testing.TB, c *cloudformation.Client, name string) []types.StackEvent {
	t.Helper()
	var all []types.StackEvent
	p := cloudformation.NewDescribeStackEventsPaginator(c, &cloudformation.DescribeStackEventsInput{StackName: aws.String(name)})
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("DescribeStackEvents: %v", err)
		}
		all = append(all, out.StackEvents...)
	}
	for i, j := 0, len(all)-1; i < j; i, j = i+1, j-1 {
		all[i], all[j] = all[j], all[i]
	}
	return all
}

// apiError asserts err is an AWS error with code and a message containing msg.
func apiError(t testing.TB, err error, code, msg string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want %s", err, code)
	}
	if ae.ErrorCode() != code || !strings.Contains(ae.ErrorMessage(), msg) {
		t.Fatalf("error = %s: %s, want %s: %s", ae.ErrorCode(), ae.ErrorMessage(), code, msg)
	}
}

// eventTime returns when the resource first reached status.
func eventTime(evs []types.StackEvent, logical, status string) time.Time {
	for _, e := range evs {
		if aws.ToString(e.LogicalResourceId) == logical && string(e.ResourceStatus) == status {
			return *e.Timestamp
		}
	}
	return time.Time{}
}

const vpcTemplate = `{
  "Description": "network",
  "Parameters": {"Cidr": {"Type": "String", "Default": "10.0.0.0/16"}},
  "Resources": {
    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": {"Ref": "Cidr"}}},
    "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24"}},
    "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/app/logs"}}
  },
  "Outputs": {
    "VpcId": {"Value": {"Ref": "Vpc"}, "Export": {"Name": "net-vpc"}},
    "SubnetId": {"Value": {"Fn::GetAtt": ["Subnet", "SubnetId"]}}
  }
}`

func TestCreateStackLifecycle(t *testing.T) {
	_, c := cfnClient(t)
	st := createStack(t, c, "net", vpcTemplate)
	if st.StackStatus != types.StackStatusCreateComplete {
		t.Fatalf("status = %s (%s)", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	if len(st.Outputs) != 2 || !strings.HasPrefix(aws.ToString(st.Outputs[1].OutputValue), "vpc-0") {
		t.Fatalf("outputs = %+v", st.Outputs)
	}
	evs := events(t, c, "net")
	if !eventTime(evs, "Vpc", "CREATE_COMPLETE").Equal(eventTime(evs, "Subnet", "CREATE_IN_PROGRESS")) {
		t.Errorf("subnet did not start when the VPC completed: %v", evs)
	}
	if !eventTime(evs, "Logs", "CREATE_IN_PROGRESS").Equal(eventTime(evs, "Vpc", "CREATE_IN_PROGRESS")) {
		t.Errorf("independent resources did not start together")
	}
	first, last := evs[0], evs[len(evs)-1]
	if first.ResourceStatus != "CREATE_IN_PROGRESS" || aws.ToString(first.ResourceStatusReason) != "User Initiated" || last.ResourceStatus != "CREATE_COMPLETE" {
		t.Errorf("first/last events = %s/%s", first.ResourceStatus, last.ResourceStatus)
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
