package executor

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
)

// stackExists reports whether a stack of that name is live in account.
func stackExists(t *testing.T, opts Options, account, name string) bool {
	t.Helper()
	out, err := cfnOf(t, opts, account).DescribeStacks(context.Background(), &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	return err == nil && len(out.Stacks) == 1 && out.Stacks[0].StackStatus != "DELETE_COMPLETE"
}

// protectProd applies testApp with env/prod's stack (only) tagged
// protected, as a deployment made before its workloads were tagged too.
func protectProd(t *testing.T, opts Options) {
	t.Helper()
	p := applyPlan(testApp(), planner.Create, "v1")
	for _, c := range p.Changes {
		if c.Addr == addr.Env("prod") {
			c.Desired.Stack.Tags[planner.TagDeletionProtection] = "true"
		}
	}
	if _, err := Apply(context.Background(), p, opts); err != nil {
		t.Fatal(err)
	}
}

func TestDestroyRefusesAProtectedEnvironmentReadLive(t *testing.T) {
	_, opts := simOptions(t)
	protectProd(t, opts)
	// A plan made before the protection (a saved one, say) deletes it all.
	res, err := Destroy(context.Background(), destroyPlan(testApp()), opts)
	if err == nil {
		t.Fatal("Destroy succeeded")
	}
	var pe *planner.ProtectedError
	if o := res.Outcomes[addr.Deploy("prod", "api")]; o.Status != Failed || !errors.As(o.Err, &pe) {
		t.Errorf("deploy/prod/api: outcome %+v, want refused by the protection", o)
	}
	if o := res.Outcomes[addr.Env("prod")]; o.Status != Skipped {
		t.Errorf("env/prod: outcome %+v, want skipped", o)
	}
	want := `deploy/prod/api would be deleted with env/prod, but environment "prod" has deletion protection ` +
		`(tag flightplan:deletion-protection=true on stack demo-prod, read just before the delete). To delete it: set deletion_protection = false`
	if got := res.Outcomes[addr.Deploy("prod", "api")].Err.Error(); !strings.HasPrefix(got, want) {
		t.Errorf("error %q\nwant prefix %q", got, want)
	}
	for _, name := range []string{"demo-prod", "demo-prod-api"} {
		if !stackExists(t, opts, prodAccount, name) {
			t.Errorf("protected stack %s was deleted", name)
		}
	}
	if docValue(t, opts, docName(addr.Env("prod"))) == "" {
		t.Error("the protected environment's document was removed")
	}
	if stackExists(t, opts, testAccount, "demo-test-api") || stackExists(t, opts, testAccount, "demo-test") {
		t.Error("the unprotected environment was not destroyed")
	}
	assertUnlocked(t, opts)

	// The environment's own delete is refused too.
	var envOnly []node
	for _, n := range testApp() {
		if n.a == addr.Env("prod") {
			envOnly = append(envOnly, n)
		}
	}
	res, _ = Destroy(context.Background(), destroyPlan(envOnly), opts)
	want = `env/prod would be deleted, but environment "prod" has deletion protection (tag flightplan:deletion-protection=true on stack demo-prod, read just before the delete)`
	if o := res.Outcomes[addr.Env("prod")]; o.Status != Failed || !strings.HasPrefix(o.Err.Error(), want) {
		t.Errorf("env/prod: outcome %+v\nwant error prefix %q", o, want)
	}
	if !stackExists(t, opts, prodAccount, "demo-prod") {
		t.Error("the protected environment's stack was deleted")
	}
}

func TestWorkloadRemovedFromAProtectedEnvironmentThatStays(t *testing.T) {
	_, opts := simOptions(t)
	protectProd(t, opts)
	p := applyPlan(testApp(), planner.NoOp, "v1")
	p.Changes = p.Changes[:len(p.Changes)-1] // deploy/prod/api goes
	gone := destroyPlan(testApp()[len(testApp())-1:]).Changes[0]
	p.Changes = append(p.Changes, gone)
	res, err := Apply(context.Background(), p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff("succeeded delete", outcomes(res)["deploy/prod/api"]); d != "" {
		t.Errorf("deploy/prod/api (-want +got):\n%s", d)
	}
	if stackExists(t, opts, prodAccount, "demo-prod-api") {
		t.Error("the removed workload's stack is still there")
	}
}
