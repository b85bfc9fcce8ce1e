package executor

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"flightplan/addr"
	"flightplan/awssim"
	"flightplan/awssim/awssimtest"
	"flightplan/cloud"
	"flightplan/lang"
	"flightplan/live"
	"flightplan/planner"
	"flightplan/schema"
	"flightplan/stacks"
)

// domainAccount holds the user's parent zone in the DNS tests.
const domainAccount = "999999999999"

// dnsSim starts a simulator whose ACM requires delegation from a zone made
// through the Route 53 API, and Options for the reference example.
func dnsSim(t *testing.T) (*awssimtest.TestServer, Options) {
	t.Helper()
	ts := awssimtest.Start(t, awssim.Options{StrictDNS: true})
	return ts, Options{
		Provider:       cloud.NewProvider(cloud.Options{SimEndpoint: ts.URL}),
		PollInterval:   1,
		CallsPerSecond: 10000,
		StackTimeout:   1 << 40,
		Who:            "tester@ci",
	}
}

// referenceApp loads the reference example with its parent zone moved to
// domainAccount under the given domain name.
func referenceApp(t *testing.T, domain string) *schema.Config {
	t.Helper()
	cfg, diags := lang.Load(lang.Options{File: filepath.Join("..", "testdata", "examples", "reference", "flightplan.hcl")})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	cfg.App.Domain.Name, cfg.App.Domain.Account = domain, domainAccount
	cfg.Pipelines = nil // pipelines are not what these tests are about
	return cfg
}

func compileCfg(t *testing.T, cfg *schema.Config) *stacks.Desired {
	t.Helper()
	d, err := stacks.Compile(cfg, stacks.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// parentZone creates the user's parent zone through the Route 53 API.
func parentZone(t *testing.T, ts *awssimtest.TestServer, name string) {
	t.Helper()
	_, err := route53Client(ts, domainAccount).CreateHostedZone(context.Background(), &route53.CreateHostedZoneInput{
		Name: aws.String(name), CallerReference: aws.String("test-" + name),
	})
	if err != nil {
		t.Fatal(err)
	}
}

func route53Client(ts *awssimtest.TestServer, account string) *route53.Client {
	return route53.NewFromConfig(aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider(cloud.SimKey(account), "sim", ""),
		BaseEndpoint: aws.String(ts.URL),
	})
}

func applyDesired(t *testing.T, opts Options, d *stacks.Desired) *Result {
	t.Helper()
	opts.AppTarget, _ = live.Targets(d)
	res, err := Apply(context.Background(), planFor(t, opts, d), opts)
	if err != nil {
		t.Fatalf("%v\n%+v", err, res.Outcomes)
	}
	return res
}

func assertNoChanges(t *testing.T, opts Options, d *stacks.Desired) {
	t.Helper()
	opts.AppTarget, _ = live.Targets(d)
	for _, c := range planFor(t, opts, d).Changes {
		if c.Action != planner.NoOp {
			t.Errorf("re-plan: %s: %s %v", c.Address, c.Action, c.Reasons)
		}
	}
}

// TestDomainAppliesInOneGo applies the reference example with its parent
// zone in a fourth account: the app zone, the environment zones delegated
// across accounts and the certificates validated by DNS all come from one
// apply, and a re-plan has no changes.
func TestDomainAppliesInOneGo(t *testing.T) {
	ts, opts := dnsSim(t)
	parentZone(t, ts, "example.com")
	d := compileCfg(t, referenceApp(t, "example.com"))
	applyDesired(t, opts, d)
	assertNoChanges(t, opts, d)
	for _, env := range []string{"test", "stage", "production"} {
		if got := resourceStatus(t, opts, d, addr.Env(env), "HTTPSCertificate"); got != "CREATE_COMPLETE" {
			t.Errorf("env/%s certificate: %s, want CREATE_COMPLETE", env, got)
		}
	}
	recs, err := route53Client(ts, domainAccount).ListHostedZonesByName(context.Background(), &route53.ListHostedZonesByNameInput{})
	if err != nil || len(recs.HostedZones) != 1 {
		t.Fatalf("the domain account's zones: %v, %v", recs, err)
	}
	if !hasNS(t, ts, aws.ToString(recs.HostedZones[0].Id), "copilot-test.example.com.") {
		t.Error("the parent zone has no delegation of copilot-test.example.com")
	}
}

// TestCertificateFailsWithoutDelegation applies a plan whose environment
// does not wait for its delegation: the certificate cannot validate and
// the environment fails with ACM's reason.
func TestCertificateFailsWithoutDelegation(t *testing.T) {
	ts, opts := dnsSim(t)
	parentZone(t, ts, "example.com")
	d := compileCfg(t, referenceApp(t, "example.com"))
	var kept []*stacks.Node
	for _, n := range d.Nodes {
		if n.Addr != addr.DNS("test") {
			kept = append(kept, n)
		}
		if n.Addr == addr.Env("test") {
			n.DependsOn = []addr.Address{addr.App(), addr.Region(n.Region), addr.Zone("test")}
		}
	}
	d.Nodes = kept
	opts.AppTarget, _ = live.Targets(d)
	res, err := Apply(context.Background(), planFor(t, opts, d), opts)
	if err == nil {
		t.Fatal("apply succeeded without the delegations")
	}
	o := res.Outcomes[addr.Env("test")]
	if o.Status != Failed || !strings.Contains(o.RootCause, "Certificate validation timed out") ||
		!strings.Contains(o.RootCause, "no delegation of test.copilot-test.example.com from its parent zone copilot-test.example.com") {
		t.Errorf("env/test: %s %q", o.Status, o.RootCause)
	}
}

// TestDomainChangeConverges moves an applied application from example.com
// to example.org: the plan replaces the zones and moves the delegations,
// the apply converges, and removing the domain deletes them.
func TestDomainChangeConverges(t *testing.T) {
	ts, opts := dnsSim(t)
	parentZone(t, ts, "example.com")
	parentZone(t, ts, "example.org")
	applyDesired(t, opts, compileCfg(t, referenceApp(t, "example.com")))

	moved := compileCfg(t, referenceApp(t, "example.org"))
	opts.AppTarget, _ = live.Targets(moved)
	p := planFor(t, opts, moved)
	for _, a := range []addr.Address{addr.Zone("test"), addr.App()} {
		if c := changeOf(p, a); c == nil || !replaces(c, "HostedZone") {
			t.Errorf("%s: want its hosted zone replaced, got %+v", a, c)
		}
	}
	if c := changeOf(p, addr.DNS("test")); c == nil || c.Action != planner.Update {
		t.Errorf("dns/test: want an update, got %+v", c)
	}
	if _, err := Apply(context.Background(), p, opts); err != nil {
		t.Fatal(err)
	}
	assertNoChanges(t, opts, moved)

	cfg := referenceApp(t, "example.org")
	cfg.App.Domain = nil
	gone := compileCfg(t, cfg)
	opts.AppTarget, _ = live.Targets(gone)
	// The domain account is no longer in the file: the app stack's
	// domain-account tag leads the reader to app/dns, so the delegation is
	// deleted rather than left pointing at a deleted zone.
	p = planFor(t, opts, gone)
	for _, a := range []addr.Address{addr.AppDNS(), addr.Zone("test"), addr.DNS("production")} {
		if c := changeOf(p, a); c == nil || c.Action != planner.Delete {
			t.Errorf("%s: want a delete, got %+v", a, c)
		}
	}
	if res, err := Apply(context.Background(), p, opts); err != nil {
		for a, o := range res.Outcomes {
			if o.Err != nil {
				t.Logf("%s: %v (%s)", a, o.Err, o.RootCause)
			}
		}
		t.Fatal(err)
	}
	assertNoChanges(t, opts, gone)
	if again := planWith(t, opts, gone, cloud.Target{Account: domainAccount, Region: opts.AppTarget.Region}); again.HasChanges() {
		t.Errorf("something is left in the domain's account: %+v", again.Changes)
	}
}

// planWith is planFor reading more targets than the file's.
func planWith(t *testing.T, opts Options, d *stacks.Desired, more ...cloud.Target) *planner.Plan {
	t.Helper()
	_, targets := live.Targets(d)
	st, err := live.ReadState(context.Background(), opts.Provider, d.App, opts.AppTarget, append(targets, more...), live.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := planner.Diff(d, st, planner.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func changeOf(p *planner.Plan, a addr.Address) *planner.Change {
	for _, c := range p.Changes {
		if c.Addr == a {
			return c
		}
	}
	return nil
}

// replaces reports whether a change replaces a resource whose logical ID
// ends with suffix.
func replaces(c *planner.Change, suffix string) bool {
	if c.Stack == nil {
		return false
	}
	for _, r := range c.Stack.Resources {
		if strings.HasSuffix(r.LogicalID, suffix) && r.Action == planner.Replace {
			return true
		}
	}
	return false
}

func resourceStatus(t *testing.T, opts Options, d *stacks.Desired, a addr.Address, logical string) string {
	t.Helper()
	n := d.Node(a)
	cl, err := opts.Provider.For(context.Background(), cloud.Target{Account: n.Account, Region: n.Region})
	if err != nil {
		t.Fatal(err)
	}
	out, err := cl.CFN.DescribeStackResources(context.Background(), &cloudformation.DescribeStackResourcesInput{
		StackName: aws.String(n.Stack.Name), LogicalResourceId: aws.String(logical)})
	if err != nil || len(out.StackResources) == 0 {
		t.Fatalf("%s %s: %v", a, logical, err)
	}
	return string(out.StackResources[0].ResourceStatus)
}

func hasNS(t *testing.T, ts *awssimtest.TestServer, zoneID, name string) bool {
	t.Helper()
	out, err := route53Client(ts, domainAccount).ListResourceRecordSets(context.Background(), &route53.ListResourceRecordSetsInput{HostedZoneId: aws.String(zoneID)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range out.ResourceRecordSets {
		if aws.ToString(r.Name) == name && r.Type == r53types.RRTypeNs {
			return len(r.ResourceRecords) == 4
		}
	}
	return false
}

// TestEnvironmentsWaitForAppDelegation checks the order that makes a
// certificate validate: with the app zone's parent in another account,
// every environment reaches app/dns through its dependencies, so that its
// certificate's records resolve when the stack requests it (without this
// an environment raced app/dns and its validation sometimes timed out).
func TestEnvironmentsWaitForAppDelegation(t *testing.T) {
	d := compileCfg(t, referenceApp(t, "example.com"))
	deps := map[addr.Address][]addr.Address{}
	for _, n := range d.Nodes {
		deps[n.Addr] = n.DependsOn
	}
	if _, ok := deps[addr.AppDNS()]; !ok {
		t.Fatal("no app/dns node for a parent zone in another account")
	}
	reaches := func(from addr.Address) bool {
		seen := map[addr.Address]bool{}
		stack := []addr.Address{from}
		for len(stack) > 0 {
			a := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if a == addr.AppDNS() {
				return true
			}
			if !seen[a] {
				seen[a] = true
				stack = append(stack, deps[a]...)
			}
		}
		return false
	}
	envs := 0
	for a := range deps {
		if a.Kind == addr.KindEnv {
			envs++
			if !reaches(a) {
				t.Errorf("%s does not wait for app/dns", a)
			}
		}
	}
	if envs == 0 {
		t.Fatal("no environments compiled")
	}
}
