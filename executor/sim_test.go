package executor

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"flightplan/addr"
	"flightplan/awssim/awssimtest"
	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// The accounts and region of the test application.
const (
	appAccount  = "111111111111"
	testAccount = "222222222222"
	prodAccount = "333333333333"
	region      = "eu-west-1"
)

// simOptions starts a simulator and returns Options pointing at it, with a
// poll interval and a call budget for the fake clock (every call moves it
// five simulated seconds, so nothing needs to wait in real time).
func simOptions(t *testing.T) (*awssimtest.TestServer, Options) {
	t.Helper()
	ts := awssimtest.Start(t)
	return ts, Options{
		Provider:       cloud.NewProvider(cloud.Options{SimEndpoint: ts.URL}),
		AppTarget:      cloud.Target{Account: appAccount, Region: region},
		PollInterval:   time.Millisecond,
		CallsPerSecond: 10000,
		StackTimeout:   time.Minute,
		Who:            "tester@ci",
	}
}

// topicTemplate is a tiny valid template; marker changes it.
func topicTemplate(marker string) []byte {
	return fmt.Appendf(nil, `{"Resources":{"Topic":{"Type":"AWS::SNS::Topic","Properties":{"DisplayName":%q}},"Logs":{"Type":"AWS::Logs::LogGroup"}}}`, marker)
}

// node is one node of a test plan: a stack (when stack is not empty) and a
// document, in account.
type node struct {
	a       addr.Address
	account string
	stack   string
	doc     bool
	deps    []addr.Address
}

// testApp is an app with two environments in two accounts, a workload
// document, and one deployment per environment.
func testApp() []node {
	return []node{
		{a: addr.App(), account: appAccount, stack: "demo-infrastructure-roles", doc: true},
		{a: addr.Region(region), account: appAccount, stack: "demo-infrastructure-" + region, deps: []addr.Address{addr.App()}},
		{a: addr.Env("test"), account: testAccount, stack: "demo-test", doc: true, deps: []addr.Address{addr.App(), addr.Region(region)}},
		{a: addr.Env("prod"), account: prodAccount, stack: "demo-prod", doc: true, deps: []addr.Address{addr.App(), addr.Region(region)}},
		{a: addr.Workload("api"), account: appAccount, doc: true, deps: []addr.Address{addr.App()}},
		{a: addr.Deploy("test", "api"), account: testAccount, stack: "demo-test-api", deps: []addr.Address{addr.Env("test"), addr.Workload("api")}},
		{a: addr.Deploy("prod", "api"), account: prodAccount, stack: "demo-prod-api", deps: []addr.Address{addr.Env("prod"), addr.Workload("api")}},
	}
}

func docName(a addr.Address) string { return "/copilot/applications/demo/" + a.String() }

// applyPlan is the plan that applies nodes with action (create, update…).
func applyPlan(nodes []node, action planner.Action, marker string) *planner.Plan {
	p := &planner.Plan{App: "demo"}
	for _, n := range nodes {
		desired := &stacks.Node{Addr: n.a, Account: n.account, Region: region, DependsOn: n.deps}
		c := &planner.Change{Addr: n.a, Address: n.a.String(), Action: action, Account: n.account, Region: region, Desired: desired}
		if n.stack != "" {
			desired.Stack = &stacks.Stack{Name: n.stack, Template: topicTemplate(marker), Tags: map[string]string{"copilot-application": "demo"}}
			c.Stack = &planner.StackChange{Name: n.stack, Action: action}
		}
		if n.doc {
			desired.Parameters = []stacks.Parameter{{Name: docName(n.a), Value: fmt.Sprintf(`{"marker":%q}`, marker), Tags: map[string]string{"copilot-application": "demo"}}}
		}
		for _, d := range n.deps {
			c.DependsOn = append(c.DependsOn, d.String())
		}
		p.Changes = append(p.Changes, c)
	}
	return p
}

// destroyPlan is the plan that deletes nodes.
func destroyPlan(nodes []node) *planner.Plan {
	p := &planner.Plan{App: "demo"}
	for _, n := range nodes {
		c := &planner.Change{Address: n.a.String(), Action: planner.Delete, Account: n.account, Region: region}
		if n.stack != "" {
			c.Stack = &planner.StackChange{Name: n.stack, Action: planner.Delete}
		}
		if n.doc {
			c.Parameters = []*planner.ParameterChange{{Name: docName(n.a), Action: planner.Delete}}
		}
		for _, d := range n.deps {
			c.DependsOn = append(c.DependsOn, d.String())
		}
		p.Changes = append(p.Changes, c)
	}
	return p
}

// ssmOf is an SSM client of the app's account.
func ssmOf(t *testing.T, opts Options) *ssm.Client {
	t.Helper()
	cl, err := opts.Provider.For(context.Background(), opts.AppTarget)
	if err != nil {
		t.Fatal(err)
	}
	return cl.SSM
}

// docValue reads a document; "" when it does not exist.
func docValue(t *testing.T, opts Options, name string) string {
	t.Helper()
	out, err := ssmOf(t, opts).GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String(name)})
	if cloud.IsCode(err, "ParameterNotFound") {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.Parameter.Value)
}

func assertUnlocked(t *testing.T, opts Options) {
	t.Helper()
	if v := docValue(t, opts, LockPath("demo")); v != "" {
		t.Fatalf("the lock was not released: %s", v)
	}
}

// outcomes renders a result as address → "status action", and the error
// text of failures.
func outcomes(r *Result) map[string]string {
	out := map[string]string{}
	for a, o := range r.Outcomes {
		out[a.String()] = string(o.Status) + " " + string(o.Action)
	}
	return out
}
