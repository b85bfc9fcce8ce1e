package executor

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/live"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

// TestEnvironmentStacksRunAsTheExecutionRole applies through the planner
// and the simulator: the environment's first creation runs with the
// caller's credentials; its workload stacks, created once the environment
// exists, and every later update of the environment carry its
// CFNExecutionRole as CloudFormation's service role.
func TestEnvironmentStacksRunAsTheExecutionRole(t *testing.T) {
	const envAccount = "222222222222"
	execRole := "arn:aws:iam::" + envAccount + ":role/demo-test-CFNExecutionRole"
	_, opts := simOptions(t)
	d := plantest.Desired(plantest.Spec{Region: region, EnvAcct: envAccount})
	plantest.EditTemplate(d, addr.Env("test"), func(t map[string]any) {
		t["Resources"].(map[string]any)["CloudformationExecutionRole"] = map[string]any{"Type": "AWS::IAM::Role", "Properties": map[string]any{
			"RoleName": "demo-test-CFNExecutionRole",
			"AssumeRolePolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
				"Effect": "Allow", "Principal": map[string]any{"Service": "cloudformation.amazonaws.com"}, "Action": "sts:AssumeRole"}}},
		}}
		t["Outputs"].(map[string]any)["CFNExecutionRoleARN"] = map[string]any{"Value": map[string]any{"Fn::GetAtt": []any{"CloudformationExecutionRole", "Arn"}}}
	})
	for _, n := range d.Nodes {
		if n.Stack != nil && n.Account == envAccount {
			n.Stack.ServiceRole = &stacks.ServiceRole{ARN: execRole, Env: addr.Env("test"), Output: "CFNExecutionRoleARN"}
		}
	}
	opts.AppTarget, _ = live.Targets(d)
	cfn := func() *cloudformation.Client {
		cl, err := opts.Provider.For(context.Background(), cloud.Target{Account: envAccount, Region: region})
		if err != nil {
			t.Fatal(err)
		}
		return cl.CFN
	}()
	roleOf := func(stack string) string {
		out, err := cfn.DescribeStacks(context.Background(), &cloudformation.DescribeStacksInput{StackName: aws.String(stack)})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.Stacks[0].RoleARN)
	}

	if res, err := Apply(context.Background(), planFor(t, opts, d), opts); err != nil {
		t.Fatalf("first apply: %v\n%+v", err, res.Outcomes)
	}
	if got := roleOf("demo-test"); got != "" {
		t.Errorf("the environment's first creation ran as %q, before its role existed", got)
	}
	if got := roleOf("demo-test-api"); got != execRole {
		t.Errorf("workload stack created with service role %q, want %q", got, execRole)
	}

	plantest.EditTemplate(d, addr.Env("test"), func(t map[string]any) {
		plantest.Props(t, "VPC")["EnableDnsHostnames"] = false
	})
	p := planFor(t, opts, d)
	for _, c := range p.Changes {
		if c.Address == "env/test" && (c.Credentials == nil || c.Credentials.ServiceRoleARN != execRole) {
			t.Fatalf("env/test update planned with %+v", c.Credentials)
		}
	}
	if res, err := Apply(context.Background(), p, opts); err != nil {
		t.Fatalf("update: %v\n%+v", err, res.Outcomes)
	}
	if got := roleOf("demo-test"); got != execRole {
		t.Errorf("the environment's update ran with service role %q, want %q", got, execRole)
	}
}
