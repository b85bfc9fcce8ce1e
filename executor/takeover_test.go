package executor

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// takeoverFixture is a take-over of demo's region stack against the
// simulator, and its CloudFormation client.
func takeoverFixture(t *testing.T, instance string) (*takeoverOp, *cloudformation.Client) {
	t.Helper()
	_, opts := simOptions(t)
	cl, err := opts.Provider.For(context.Background(), cloud.Target{Account: appAccount, Region: region})
	if err != nil {
		t.Fatal(err)
	}
	op := &stackOp{api: cl.CFN, a: addr.Region(region), app: "demo", name: "demo-infrastructure-" + region, region: region,
		hooks: NopHooks{}, poll: opts.PollInterval, timeout: opts.StackTimeout}
	k := &takeoverOp{op: op, set: cl.CFN, res: cl.CFN, account: appAccount,
		t: &planner.Takeover{StackSet: "demo-infrastructure", Region: region, Instance: instance}}
	return k, cl.CFN
}

// A take-over whose stack set instance is gone stops before writing,
// saying what to do.
func TestTakeoverInstanceGone(t *testing.T) {
	k, _ := takeoverFixture(t, "StackSet-demo-infrastructure-gone")
	err := k.run(context.Background(), &stacks.Stack{Name: k.op.name, Template: []byte(`{"Resources":{}}`)})
	want := "stack demo-infrastructure-eu-west-1: the take-over imports from StackSet-demo-infrastructure-gone, which no longer exists; " +
		"its resources may be retained and unmanaged: plan again, and import them by hand if the plan would create them anew"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant %s", err, want)
	}
}

// The instance is deleted only once every resource in it is retained.
func TestTakeoverCheckRetained(t *testing.T) {
	ctx := context.Background()
	k, api := takeoverFixture(t, "StackSet-demo-infrastructure-1")
	for name, body := range map[string]string{
		"plain":    `{"Resources":{"KMSKey":{"Type":"AWS::KMS::Key"}}}`,
		"retained": `{"Resources":{"KMSKey":{"Type":"AWS::KMS::Key","DeletionPolicy":"Retain"}}}`,
	} {
		out, err := api.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String(name), TemplateBody: aws.String(body)})
		if err != nil {
			t.Fatal(err)
		}
		err = k.checkRetained(ctx, aws.ToString(out.StackId))
		switch {
		case name == "retained" && err != nil:
			t.Errorf("retained: %v", err)
		case name == "plain" && (err == nil || !strings.Contains(err.Error(),
			"after the stack set's update, KMSKey of StackSet-demo-infrastructure-1 is not retained; nothing was deleted: check the stack set's last operation, then apply again")):
			t.Errorf("plain: %v", err)
		}
	}
}
