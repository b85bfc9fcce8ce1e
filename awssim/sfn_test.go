package awssim_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"flightplan/awssim/awssimtest"
)

// TestStepFunctionsExecutions starts executions of a stack's state machine
// through the real client: each runs a simulated minute then succeeds, or
// fails as the test said; ListExecutions lists them newest first.
func TestStepFunctionsExecutions(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cf := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	createStack(t, cf, "shop-test-report", `Resources: {StateMachine: {Type: AWS::StepFunctions::StateMachine, Properties: {StateMachineName: shop-test-report, RoleArn: "arn:aws:iam::111111111111:role/r", DefinitionString: "{}"}}}`)
	machine := physicalID(t, cf, "shop-test-report", "StateMachine")
	c := sfn.NewFromConfig(ts.Config(testAccount, "us-east-1"))

	first, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(machine), Name: aws.String("manual-1")})
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: first.ExecutionArn})
	if err != nil || d.Status != sfntypes.ExecutionStatusRunning {
		t.Fatalf("just started: %v %v; want RUNNING", d, err)
	}
	ts.Clock.Advance(time.Minute)
	if d, _ = c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: first.ExecutionArn}); d.Status != sfntypes.ExecutionStatusSucceeded {
		t.Fatalf("after a minute: %s; want SUCCEEDED", d.Status)
	}

	if err := ts.FailExecutions(testAccount, "us-east-1", "shop-test-report/StateMachine", "States.TaskFailed", "Essential container in task exited"); err != nil {
		t.Fatal(err)
	}
	second, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(machine)})
	if err != nil {
		t.Fatal(err)
	}
	ts.Clock.Advance(time.Minute)
	d, _ = c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: second.ExecutionArn})
	if d.Status != sfntypes.ExecutionStatusFailed || aws.ToString(d.Error) != "States.TaskFailed" || aws.ToString(d.Cause) != "Essential container in task exited" {
		t.Fatalf("failing: %s %q %q", d.Status, aws.ToString(d.Error), aws.ToString(d.Cause))
	}
	list, err := c.ListExecutions(ctx, &sfn.ListExecutionsInput{StateMachineArn: aws.String(machine)})
	if err != nil || len(list.Executions) != 2 || aws.ToString(list.Executions[0].ExecutionArn) != aws.ToString(second.ExecutionArn) {
		t.Fatalf("ListExecutions = %+v, %v; want two, newest first", list, err)
	}

	_, err = c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(machine), Name: aws.String("manual-1")})
	var exists *sfntypes.ExecutionAlreadyExists
	if !errors.As(err, &exists) {
		t.Errorf("same name again: %v; want ExecutionAlreadyExists", err)
	}
	_, err = c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(machine + "x")})
	var missing *sfntypes.StateMachineDoesNotExist
	if !errors.As(err, &missing) {
		t.Errorf("unknown machine: %v; want StateMachineDoesNotExist", err)
	}
}
