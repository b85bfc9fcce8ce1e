package live_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"flightplan/addr"
	"flightplan/awssim"
	"flightplan/awssim/awssimtest"
	"flightplan/cloud"
	"flightplan/live"
	"flightplan/planner"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

func simProvider(ts *awssimtest.TestServer) *cloud.Provider {
	return cloud.NewProvider(cloud.Options{SimEndpoint: ts.URL, MaxBackoff: 10 * time.Millisecond})
}

func readAndDiff(t *testing.T, p *cloud.Provider, d *stacks.Desired) *planner.Plan {
	t.Helper()
	appT, all := live.Targets(d)
	s, err := live.ReadState(context.Background(), p, d.App, appT, all, live.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := planner.Diff(d, s, planner.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func actions(p *planner.Plan) map[string]planner.Action {
	out := map[string]planner.Action{}
	for _, c := range p.Changes {
		out[c.Address] = c.Action
	}
	return out
}

func TestReadStateSimEmptyAccount(t *testing.T) {
	ts := awssimtest.Start(t)
	d := plantest.Desired(plantest.Spec{Jobs: []string{"batch"}})
	for a, act := range actions(readAndDiff(t, simProvider(ts), d)) {
		if act != planner.Create {
			t.Errorf("%s: %s, want create", a, act)
		}
	}
}

func TestReadStateSimNoChanges(t *testing.T) {
	ts := awssimtest.Start(t)
	p := simProvider(ts)
	d := plantest.Desired(plantest.Spec{Jobs: []string{"batch"}})
	if err := plantest.Seed(context.Background(), p, d); err != nil {
		t.Fatal(err)
	}
	ts.ResetCounters()
	plan := readAndDiff(t, p, d)
	if plan.HasChanges() {
		t.Errorf("plan has changes after seeding: %v (notes %v)", actions(plan), plan.Notes)
	}
	for _, c := range []struct {
		service, action string
		want            int
	}{
		{"cloudformation", "DescribeStacks", 3}, // two account/regions, and us-east-1 of the environment's account (cert/{env})
		{"cloudformation", "GetTemplate", 5},    // one per stack
		{"ssm", "GetParametersByPath", 1},
		{"ssm", "GetParameters", 1},
		{"sts", "GetCallerIdentity", 3},
	} {
		if got := ts.CallCount(c.service, c.action); got != c.want {
			t.Errorf("%s:%s called %d times, want %d", c.service, c.action, got, c.want)
		}
	}
}

// TestReadStateCertOfRemovedEnvironment: the stack of cert/{env}, in
// us-east-1 of the environment's account, is read though the file no
// longer has it (its environment, outside us-east-1, is only in the live
// documents), and is planned as a delete.
func TestReadStateCertOfRemovedEnvironment(t *testing.T) {
	ts := awssimtest.Start(t)
	p := simProvider(ts)
	spec := plantest.Spec{}
	d := plantest.Desired(spec)
	cert := &stacks.Node{Addr: addr.Cert("test"), Account: "222222222222", Region: "us-east-1", DependsOn: []addr.Address{addr.App()},
		Stack: &stacks.Stack{Name: "demo-test-cloudfront-cert", Tags: map[string]string{planner.TagApplication: "demo", planner.TagNode: "cert/test"},
			Template: []byte(`{"Resources":{"VPC":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":"10.1.0.0/16"}}}}`)}}
	seeded := &stacks.Desired{App: d.App, Nodes: append(append([]*stacks.Node{}, d.Nodes...), cert)}
	if err := plantest.Seed(context.Background(), p, seeded); err != nil {
		t.Fatal(err)
	}
	only := &stacks.Desired{App: d.App}
	for _, n := range d.Nodes {
		if n.Addr.Env == "" {
			only.Nodes = append(only.Nodes, n)
		}
	}
	plan := readAndDiff(t, p, only)
	if got := actions(plan)["cert/test"]; got != planner.Delete {
		t.Errorf("cert/test: %q, want delete (plan %v)", got, actions(plan))
	}
}

func TestReadStateSkipTemplates(t *testing.T) {
	ts := awssimtest.Start(t)
	p := simProvider(ts)
	d := plantest.Desired(plantest.Spec{Jobs: []string{"batch"}})
	if err := plantest.Seed(context.Background(), p, d); err != nil {
		t.Fatal(err)
	}
	ts.ResetCounters()
	appT, all := live.Targets(d)
	s, err := live.ReadState(context.Background(), p, d.App, appT, all, live.ReadOptions{SkipTemplates: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := ts.CallCount("cloudformation", "GetTemplate"); n != 0 {
		t.Errorf("GetTemplate called %d times with SkipTemplates", n)
	}
	if len(s.Stacks) != 5 {
		t.Errorf("read %d stacks, want 5", len(s.Stacks))
	}
	for _, st := range s.Stacks {
		if st.Template != nil {
			t.Errorf("stack %s has a template with SkipTemplates", st.Name)
		}
	}
}

func TestReadStateSimEdits(t *testing.T) {
	ts := awssimtest.Start(t)
	p := simProvider(ts)
	ctx := context.Background()
	seeded := plantest.Desired(plantest.Spec{Envs: []string{"old", "test"}, Jobs: []string{"batch"}})
	if err := plantest.Seed(ctx, p, seeded); err != nil {
		t.Fatal(err)
	}
	orphan := plantest.Desired(plantest.Spec{Envs: []string{"test"}, Services: []string{"gone"}}).Node(addr.Deploy("test", "gone"))
	c, _ := p.For(ctx, cloud.Target{Account: orphan.Account, Region: orphan.Region})
	if err := plantest.CreateStack(ctx, c.CFN, orphan.Stack); err != nil {
		t.Fatal(err)
	}
	d := plantest.Desired(plantest.Spec{Envs: []string{"test"}, Services: []string{"api", "web"}, Jobs: []string{"batch"}})
	plantest.EditTemplate(d, addr.Deploy("test", "api"), func(t map[string]any) {
		plantest.Props(t, "TargetGroup")["HealthCheckPath"] = "/health"
		plantest.Props(t, "LogGroup")["LogGroupName"] = "/copilot/renamed"
	})
	plantest.EditTemplate(d, addr.Deploy("test", "batch"), func(t map[string]any) {
		plantest.Props(t, "Rule")["ScheduleExpression"] = "rate(1 hour)"
	})
	want := map[string]planner.Action{
		"app": planner.NoOp, "app/region/ap-northeast-1": planner.NoOp, "env/test": planner.NoOp, "workload/api": planner.NoOp,
		"workload/batch": planner.NoOp, "workload/web": planner.Create, "deploy/test/web": planner.Create,
		"deploy/test/api": planner.Update, "deploy/test/batch": planner.Update, "deploy/test/gone": planner.Delete,
		"env/old": planner.Delete, "deploy/old/api": planner.Delete, "deploy/old/batch": planner.Delete,
	}
	got := actions(readAndDiff(t, p, d))
	for a, w := range want {
		if got[a] != w {
			t.Errorf("%s: %q, want %q", a, got[a], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d changes, want %d: %v", len(got), len(want), got)
	}
}

func TestReadStateSimRollbackComplete(t *testing.T) {
	ts := awssimtest.Start(t)
	p := simProvider(ts)
	ctx := context.Background()
	d := plantest.Desired(plantest.Spec{})
	ts.FailResource(awssim.ResourceFault{Stack: "demo-test-api", LogicalID: "Service", Operation: "create", Reason: "boom"})
	err := plantest.Seed(ctx, p, d)
	if err == nil {
		t.Fatal("seeding with a failing resource succeeded")
	}
	got := actions(readAndDiff(t, p, d))
	if got["deploy/test/api"] != planner.Recreate {
		t.Errorf("deploy/test/api: %q, want recreate (seed: %v)", got["deploy/test/api"], err)
	}
}

func TestReadStateSimTemplateEditedBehindOurBack(t *testing.T) {
	ts := awssimtest.Start(t)
	p := simProvider(ts)
	ctx := context.Background()
	d := plantest.Desired(plantest.Spec{})
	if err := plantest.Seed(ctx, p, d); err != nil {
		t.Fatal(err)
	}
	edited := plantest.Desired(plantest.Spec{})
	n := edited.Node(addr.Deploy("test", "api"))
	plantest.EditTemplate(edited, n.Addr, func(t map[string]any) { plantest.Props(t, "Service")["DesiredCount"] = 4 })
	c, _ := p.For(ctx, cloud.Target{Account: n.Account, Region: n.Region})
	in := &cloudformation.UpdateStackInput{StackName: aws.String(n.Stack.Name), TemplateBody: aws.String(string(n.Stack.Template)),
		UsePreviousTemplate: nil}
	for k := range n.Stack.Parameters {
		in.Parameters = append(in.Parameters, cfnParam(k))
	}
	for k, v := range n.Stack.Tags {
		in.Tags = append(in.Tags, cfnTag(k, v))
	}
	if _, err := c.CFN.UpdateStack(ctx, in); err != nil {
		t.Fatal(err)
	}
	if err := plantest.WaitStack(ctx, c.CFN, n.Stack.Name, "UPDATE_COMPLETE"); err != nil {
		t.Fatal(err)
	}
	plan := readAndDiff(t, p, d)
	api := actions(plan)["deploy/test/api"]
	if api != planner.Update {
		t.Fatalf("deploy/test/api: %q, want update", api)
	}
}

func TestReadStateSimWrongAccount(t *testing.T) {
	ts := awssimtest.Start(t)
	p := cloud.NewProvider(cloud.Options{SimEndpoint: ts.URL, SimKeyFor: func(account string) string {
		if account == "111111111111" {
			return cloud.SimKey("222222222222")
		}
		return cloud.SimKey(account)
	}})
	d := plantest.Desired(plantest.Spec{})
	appT, all := live.Targets(d)
	_, err := live.ReadState(context.Background(), p, d.App, appT, all, live.ReadOptions{})
	var wrong *cloud.WrongAccountError
	if !errors.As(err, &wrong) || wrong.Target.Account != "111111111111" || wrong.Actual != "222222222222" {
		t.Fatalf("err = %v, want a WrongAccountError naming 111111111111 and 222222222222", err)
	}
	for _, action := range []string{"GetParametersByPath", "GetParameters"} {
		if n := ts.CallCount("ssm", action); n != 0 {
			t.Errorf("ssm:%s called %d times before the guard", action, n)
		}
	}
	if n := ts.CallCount("cloudformation", "DescribeStacks"); n != 0 {
		t.Errorf("DescribeStacks called %d times", n)
	}
}

func cfnParam(k string) cfntypes.Parameter {
	return cfntypes.Parameter{ParameterKey: aws.String(k), UsePreviousValue: aws.Bool(true)}
}

func cfnTag(k, v string) cfntypes.Tag { return cfntypes.Tag{Key: aws.String(k), Value: aws.String(v)} }

// OnStack sees every stack read, with its tags (the sensitive digest's
// salt), before the plan is made: the planner starts deriving the digests'
// keys there, and the plan made with those keys is the same.
func TestReadStateOnStack(t *testing.T) {
	ts := awssimtest.Start(t)
	p := simProvider(ts)
	d := plantest.Desired(plantest.Spec{Envs: []string{"test", "prod"}, Services: []string{"api", "web"}})
	if err := plantest.Seed(context.Background(), p, d); err != nil {
		t.Fatal(err)
	}
	appT, all := live.Targets(d)
	var (
		mu   sync.Mutex
		seen []string
	)
	keys := planner.NewDigestKeys()
	prewarm := keys.Prewarm(d)
	s, err := live.ReadState(context.Background(), p, d.App, appT, all, live.ReadOptions{OnStack: func(st *planner.LiveStack) {
		mu.Lock()
		seen = append(seen, st.Name+" "+st.Tags[planner.TagSensitiveDigest][:min(3, len(st.Tags[planner.TagSensitiveDigest]))])
		mu.Unlock()
		prewarm(st)
	}})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, st := range s.Stacks {
		want = append(want, st.Name+" "+st.Tags[planner.TagSensitiveDigest][:min(3, len(st.Tags[planner.TagSensitiveDigest]))])
	}
	slices.Sort(seen)
	slices.Sort(want)
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("stacks handed to OnStack (-read +seen):\n%s", diff)
	}
	if !slices.Contains(seen, "demo-prod-api v2:") {
		t.Errorf("OnStack did not see demo-prod-api with its digest tag: %q", seen)
	}
	plan, err := planner.Diff(d, s, planner.DiffOptions{DigestKeys: keys})
	if err != nil || plan.HasChanges() {
		t.Fatalf("plan: %v (changes: %v)", err, plan != nil && plan.HasChanges())
	}
}
