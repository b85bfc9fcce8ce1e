package awssim_test

import (
	"context"
	"encoding/json"
	"net/http"
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

const customTemplate = `Parameters:
  Env: {Type: String, Default: test}
Resources:
  Handler:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: arn:aws:iam::111111111111:role/handler
      Code: {ZipFile: "exports.handler = async () => {}"}
  RulePriority:
    Type: Custom::RulePriority
    Properties:
      ServiceToken: !GetAtt Handler.Arn
      Env: !Ref Env
  EnvController:
    Type: Custom::EnvControllerFunction
    DeletionPolicy: Retain
    Properties:
      ServiceToken: !GetAtt Handler.Arn
  Priority:
    Type: AWS::SSM::Parameter
    Properties: {Name: /custom/priority, Type: String, Value: !GetAtt RulePriority.Priority}
`

// invocation is what the tests compare of a recorded request.
type invocation struct {
	Type, Logical, Physical string
	Props, Old              map[string]any
}

func invocations(ts *awssimtest.TestServer) []invocation {
	var out []invocation
	for _, inv := range ts.CustomResourceInvocations() {
		props := map[string]any{}
		for k, v := range inv.ResourceProperties {
			if k != "ServiceToken" {
				props[k] = v
			}
		}
		var old map[string]any
		if inv.OldResourceProperties != nil {
			old = map[string]any{"Env": inv.OldResourceProperties["Env"]}
		}
		out = append(out, invocation{inv.RequestType, inv.LogicalResourceID, inv.PhysicalResourceID, props, old})
	}
	return out
}

// TestCustomResourceInvocations checks that CloudFormation sends a
// Lambda-backed custom resource's handler one request per Create, Update
// and Delete, that its Data are what Fn::GetAtt reads, and that a retained
// custom resource gets no Delete.
func TestCustomResourceInvocations(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	ts.SetCustomResourceResponse(awssim.CustomResourceResponse{Type: "Custom::RulePriority", Data: map[string]any{"Priority": "3"},
		PhysicalResourceID: "rule-priority"})
	id := aws.ToString(createStack(t, c, "custom", customTemplate).StackId)
	s := ssm.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	if got := get(t, s, "/custom/priority"); got != "3" {
		t.Errorf("GetAtt RulePriority.Priority = %q, want 3", got)
	}
	_, err := c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("custom"), UsePreviousTemplate: aws.Bool(true),
		Parameters: []types.Parameter{{ParameterKey: aws.String("Env"), ParameterValue: aws.String("prod")}}})
	if err != nil {
		t.Fatal(err)
	}
	waitStack(t, c, "custom")
	if _, err := c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("custom")}); err != nil {
		t.Fatal(err)
	}
	waitStack(t, c, id)
	controller := customPhysicalID(t, c, id, "EnvController")
	want := []invocation{
		{"Create", "EnvController", "", map[string]any{}, nil},
		{"Create", "RulePriority", "", map[string]any{"Env": "test"}, nil},
		{"Update", "RulePriority", "rule-priority", map[string]any{"Env": "prod"}, map[string]any{"Env": "test"}},
		{"Delete", "RulePriority", "rule-priority", map[string]any{"Env": "prod"}, nil},
	}
	if diff := cmp.Diff(want, invocations(ts)); diff != "" {
		t.Errorf("invocations (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(controller, "custom-EnvController-") {
		t.Errorf("EnvController physical ID = %q, want a generated one", controller)
	}
}

// customPhysicalID reads a resource's physical ID from the stack's events.
func customPhysicalID(t *testing.T, c *cloudformation.Client, stack, logical string) string {
	t.Helper()
	out, err := c.DescribeStackEvents(context.Background(), &cloudformation.DescribeStackEventsInput{StackName: aws.String(stack)})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range out.StackEvents {
		if aws.ToString(e.LogicalResourceId) == logical && e.ResourceStatus == types.ResourceStatusDeleteSkipped {
			return aws.ToString(e.PhysicalResourceId)
		}
	}
	t.Fatalf("no DELETE_SKIPPED event for %s", logical)
	return ""
}

// TestCustomResourceFailures checks what fails: an attribute the handler
// does not answer (the resource reading it fails), a ServiceToken naming
// no function, and a handler answering FAILED on Delete.
func TestCustomResourceFailures(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	st := createStack(t, c, "noattr", customTemplate)
	if st.StackStatus != types.StackStatusRollbackComplete {
		t.Errorf("status = %s, want ROLLBACK_COMPLETE", st.StackStatus)
	}
	wantReason(t, c, "noattr", "Priority", "CustomResource attribute error: Vendor response doesn't contain Priority attribute in object arn:aws:cloudformation:")

	missing := `Resources:
  C: {Type: "AWS::CloudFormation::CustomResource", Properties: {ServiceToken: "arn:aws:lambda:us-east-1:111111111111:function:gone"}}
`
	createStack(t, c, "nofunc", missing)
	wantReason(t, c, "nofunc", "C", "Received response status [FAILED] from custom resource. Message returned: Function not found: arn:aws:lambda:us-east-1:111111111111:function:gone")

	ts.SetCustomResourceResponse(awssim.CustomResourceResponse{Type: "Custom::RulePriority", Data: map[string]any{"Priority": "1"}})
	ts.SetCustomResourceResponse(awssim.CustomResourceResponse{LogicalID: "RulePriority", RequestType: "Delete", Reason: "listener gone"})
	createStack(t, c, "faildelete", customTemplate)
	if _, err := c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("faildelete")}); err != nil {
		t.Fatal(err)
	}
	if st := waitStack(t, c, "faildelete"); st.StackStatus != types.StackStatusDeleteFailed {
		t.Errorf("status = %s, want DELETE_FAILED", st.StackStatus)
	}
	wantReason(t, c, "faildelete", "RulePriority", "Received response status [FAILED] from custom resource. Message returned: listener gone")
}

// wantReason checks that a resource of a stack has a failure event with a
// reason starting with want.
func wantReason(t *testing.T, c *cloudformation.Client, stack, logical, want string) {
	t.Helper()
	out, err := c.DescribeStackEvents(context.Background(), &cloudformation.DescribeStackEventsInput{StackName: aws.String(stack)})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range out.StackEvents {
		if aws.ToString(e.LogicalResourceId) == logical && strings.HasSuffix(string(e.ResourceStatus), "_FAILED") {
			if !strings.HasPrefix(aws.ToString(e.ResourceStatusReason), want) {
				t.Errorf("%s %s: %q, want %q…", logical, e.ResourceStatus, aws.ToString(e.ResourceStatusReason), want)
			}
			return
		}
	}
	t.Errorf("%s of %s never failed", logical, stack)
}

// TestCustomResourceDataFromStackOutputs checks that a handler can answer
// another stack's outputs, as Copilot's environment controller does.
func TestCustomResourceDataFromStackOutputs(t *testing.T) {
	ts, c := cfnClient(t)
	createStack(t, c, "app-test", `Resources: {Logs: {Type: AWS::Logs::LogGroup}}
Outputs: {Priority: {Value: "9"}}
`)
	ts.SetCustomResourceResponse(awssim.CustomResourceResponse{Type: "Custom::RulePriority", OutputsOf: "app-test"})
	createStack(t, c, "app-test-web", customTemplate)
	if got := get(t, ssm.NewFromConfig(ts.Config(testAccount, "us-east-1")), "/custom/priority"); got != "9" {
		t.Errorf("GetAtt RulePriority.Priority = %q, want the output 9", got)
	}
}

// TestCustomResourceControl checks the control endpoints mirror the Go API.
func TestCustomResourceControl(t *testing.T) {
	ts, c := cfnClient(t)
	if code := post(t, ts.URL, "/_sim/cfn/custom-resource-response", `{"type":"Custom::RulePriority","data":{"Priority":"7"}}`); code != http.StatusNoContent {
		t.Fatalf("custom-resource-response: %d", code)
	}
	createStack(t, c, "ctl", customTemplate)
	s := ssm.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	if got := get(t, s, "/custom/priority"); got != "7" {
		t.Errorf("GetAtt RulePriority.Priority = %q, want 7", got)
	}
	if code := post(t, ts.URL, "/_sim/cfn/clear-custom-resource-responses", ""); code != http.StatusNoContent {
		t.Fatalf("clear-custom-resource-responses: %d", code)
	}
	resp, err := http.Get(ts.URL + "/_sim/cfn/custom-resource-invocations")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got []awssim.CustomResourceInvocation
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].RequestType != "Create" || !strings.HasPrefix(got[0].ServiceToken, "arn:aws:lambda:us-east-1:111111111111:function:ctl-Handler-") {
		t.Errorf("invocations = %+v, want two Creates with the function's ARN", got)
	}
}
