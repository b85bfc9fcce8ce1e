package awssim_test

import (
	"context"
	"strings"
	"testing"

	"flightplan/awssim"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

func TestCreateFailureRollsBack(t *testing.T) {
	ts, c := cfnClient(t)
	ts.FailResource(awssim.ResourceFault{Stack: "net", LogicalID: "Subnet", Operation: "create", Reason: "subnet quota exceeded"})
	st := createStack(t, c, "net", vpcTemplate)
	if st.StackStatus != types.StackStatusRollbackComplete {
		t.Fatalf("status = %s", st.StackStatus)
	}
	evs := events(t, c, "net")
	var failed, rollback string
	for _, e := range evs {
		switch {
		case e.ResourceStatus == "CREATE_FAILED" && failed == "":
			failed = aws.ToString(e.LogicalResourceId) + ": " + aws.ToString(e.ResourceStatusReason)
		case e.ResourceStatus == "ROLLBACK_IN_PROGRESS":
			rollback = aws.ToString(e.ResourceStatusReason)
		}
	}
	if failed != "Subnet: subnet quota exceeded" {
		t.Errorf("first failure = %q", failed)
	}
	if rollback != "The following resource(s) failed to create: [Subnet]. Rollback requested by user." {
		t.Errorf("rollback reason = %q", rollback)
	}
	if eventTime(evs, "Vpc", "DELETE_COMPLETE").IsZero() {
		t.Error("the VPC was not deleted by the rollback")
	}
	_, err := c.UpdateStack(context.Background(), &cloudformation.UpdateStackInput{StackName: aws.String("net"), TemplateBody: aws.String(vpcTemplate)})
	apiError(t, err, "ValidationError", "is in ROLLBACK_COMPLETE state and can not be updated.")
	if _, err := c.DeleteStack(context.Background(), &cloudformation.DeleteStackInput{StackName: aws.String("net")}); err != nil {
		t.Fatal(err)
	}
	if st := waitStack(t, c, aws.ToString(st.StackId)); st.StackStatus != types.StackStatusDeleteComplete {
		t.Fatalf("after delete: %s", st.StackStatus)
	}
}

func TestPropertyErrorsFailAtProvisioning(t *testing.T) {
	cases := map[string]struct{ body, reason string }{
		"unsupported": {`{"Resources": {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"Colour": "blue"}}}}`,
			"Encountered unsupported property Colour"},
		"required": {`{"Resources": {"Sub": {"Type": "AWS::EC2::Subnet", "Properties": {"CidrBlock": "10.0.0.0/24"}}}}`,
			"Property VpcId cannot be empty."},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, c := cfnClient(t)
			st := createStack(t, c, "bad", tc.body)
			if st.StackStatus != types.StackStatusRollbackComplete {
				t.Fatalf("status = %s", st.StackStatus)
			}
			var reason string
			for _, e := range events(t, c, "bad") {
				if e.ResourceStatus == "CREATE_FAILED" {
					reason = aws.ToString(e.ResourceStatusReason)
				}
			}
			if reason != tc.reason {
				t.Errorf("reason = %q, want %q", reason, tc.reason)
			}
		})
	}
}

func TestUpdateFailureRollsBack(t *testing.T) {
	ts, c := cfnClient(t)
	createStack(t, c, "net", vpcTemplate)
	ts.FailResource(awssim.ResourceFault{Type: "AWS::Logs::LogGroup", Operation: "update"})
	_, err := c.UpdateStack(context.Background(), &cloudformation.UpdateStackInput{StackName: aws.String("net"),
		TemplateBody: aws.String(strings.Replace(vpcTemplate, `"LogGroupName": "/app/logs"`, `"LogGroupName": "/app/logs", "RetentionInDays": 7`, 1))})
	if err != nil {
		t.Fatal(err)
	}
	st := waitStack(t, c, "net")
	if st.StackStatus != types.StackStatusUpdateRollbackComplete {
		t.Fatalf("status = %s", st.StackStatus)
	}
	var statuses []string
	for _, e := range events(t, c, "net") {
		if aws.ToString(e.LogicalResourceId) == "net" {
			statuses = append(statuses, string(e.ResourceStatus))
		}
	}
	want := "CREATE_IN_PROGRESS CREATE_COMPLETE UPDATE_IN_PROGRESS UPDATE_ROLLBACK_IN_PROGRESS UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS UPDATE_ROLLBACK_COMPLETE"
	if got := strings.Join(statuses, " "); got != want {
		t.Errorf("stack statuses:\n got %s\nwant %s", got, want)
	}
	ts.ClearResourceFaults()
}

func TestDeleteStackAndDeletionPolicy(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	body := strings.Replace(vpcTemplate, `"Logs": {"Type"`, `"Logs": {"DeletionPolicy": "Retain", "Type"`, 1)
	st := createStack(t, c, "net", body)
	if _, err := c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("net")}); err != nil {
		t.Fatal(err)
	}
	st = waitStack(t, c, aws.ToString(st.StackId))
	if st.StackStatus != types.StackStatusDeleteComplete || st.DeletionTime == nil {
		t.Fatalf("status = %s", st.StackStatus)
	}
	evs := events(t, c, aws.ToString(st.StackId))
	if eventTime(evs, "Logs", "DELETE_SKIPPED").IsZero() {
		t.Error("retained log group was not DELETE_SKIPPED")
	}
	if !eventTime(evs, "Subnet", "DELETE_COMPLETE").Before(eventTime(evs, "Vpc", "DELETE_IN_PROGRESS").Add(1)) {
		t.Error("VPC deletion started before the subnet was gone")
	}
	_, err := c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("net")})
	apiError(t, err, "ValidationError", "Stack with id net does not exist")
	list, _ := c.ListStacks(ctx, &cloudformation.ListStacksInput{StackStatusFilter: []types.StackStatus{types.StackStatusDeleteComplete}})
	if len(list.StackSummaries) != 1 {
		t.Errorf("ListStacks DELETE_COMPLETE = %d", len(list.StackSummaries))
	}
}

func TestDeleteFailure(t *testing.T) {
	ts, c := cfnClient(t)
	createStack(t, c, "net", vpcTemplate)
	ts.FailResource(awssim.ResourceFault{LogicalID: "Vpc", Operation: "delete", Reason: "has dependencies"})
	if _, err := c.DeleteStack(context.Background(), &cloudformation.DeleteStackInput{StackName: aws.String("net")}); err != nil {
		t.Fatal(err)
	}
	st := waitStack(t, c, "net")
	if st.StackStatus != types.StackStatusDeleteFailed || aws.ToString(st.StackStatusReason) != "The following resource(s) failed to delete: [Vpc]. " {
		t.Fatalf("status = %s: %s", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
}

func TestStackInProgressRefusesUpdate(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	out, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("net"), TemplateBody: aws.String(vpcTemplate)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("net"), TemplateBody: aws.String(vpcTemplate)})
	apiError(t, err, "ValidationError", "Stack:"+aws.ToString(out.StackId)+" is in CREATE_IN_PROGRESS state and can not be updated.")
	_, err = c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("net"), TemplateBody: aws.String(vpcTemplate)})
	var exists *types.AlreadyExistsException
	if !errorsAs(err, &exists) || exists.ErrorMessage() != "Stack [net] already exists" {
		t.Fatalf("second CreateStack: %v", err)
	}
}

func TestCancelUpdateStack(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	createStack(t, c, "net", vpcTemplate)
	_, err := c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("net"), TemplateBody: aws.String(vpcTemplate),
		Parameters: []types.Parameter{{ParameterKey: aws.String("Cidr"), ParameterValue: aws.String("10.9.0.0/16")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CancelUpdateStack(ctx, &cloudformation.CancelUpdateStackInput{StackName: aws.String("net")}); err != nil {
		t.Fatal(err)
	}
	st := waitStack(t, c, "net")
	if st.StackStatus != types.StackStatusUpdateRollbackComplete {
		t.Fatalf("status = %s", st.StackStatus)
	}
	_, err = c.CancelUpdateStack(ctx, &cloudformation.CancelUpdateStackInput{StackName: aws.String("net")})
	apiError(t, err, "ValidationError", "CancelUpdateStack cannot be called from current stack status")
}
