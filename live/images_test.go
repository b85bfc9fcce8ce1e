package live_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/awssim/awssimtest"
	"flightplan/live"
	"flightplan/planner"
	"flightplan/stacks"
)

const imgAccount = "111111111111"

// imageDesired is an image node pushed to shop/app in two regions.
func imageDesired() *stacks.Desired {
	b := &stacks.ImageBuild{Name: "app", Context: ".", Dockerfile: "Dockerfile", Platform: "linux/arm64", Tag: "abc123"}
	for _, r := range []string{"eu-west-1", "us-east-1"} {
		b.Repositories = append(b.Repositories, stacks.ImageRepository{Account: imgAccount, Region: r, URI: imgAccount + ".dkr.ecr." + r + ".amazonaws.com/shop/app"})
	}
	return &stacks.Desired{App: "shop", Nodes: []*stacks.Node{{Addr: addr.Image("app"), Account: imgAccount, Region: "eu-west-1", Image: b}}}
}

// withRepos creates shop/app in both regions, and pushes abc123 to those
// listed.
func withRepos(t *testing.T, ts *awssimtest.TestServer, pushed ...string) {
	t.Helper()
	ctx := context.Background()
	for _, r := range []string{"eu-west-1", "us-east-1"} {
		cfn := cloudformation.NewFromConfig(ts.Config(imgAccount, r))
		_, err := cfn.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("shop-infrastructure-" + r),
			TemplateBody: aws.String(`{"Resources":{"Repo":{"Type":"AWS::ECR::Repository","Properties":{"RepositoryName":"shop/app","EmptyOnDelete":true}}}}`)})
		if err != nil {
			t.Fatal(err)
		}
		ts.Clock.Advance(time.Minute)
	}
	for _, r := range pushed {
		_, err := ecr.NewFromConfig(ts.Config(imgAccount, r)).PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String("shop/app"),
			ImageTag: aws.String("abc123"), ImageManifest: aws.String("m")})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// imageChange plans d after reading its images, and counts DescribeImages.
func imageChange(t *testing.T, ts *awssimtest.TestServer, d *stacks.Desired) (*planner.Change, *planner.Plan, int) {
	t.Helper()
	s := &planner.State{App: d.App}
	ts.ResetCounters()
	if err := live.ReadImages(context.Background(), simProvider(ts), d, s, live.ReadOptions{}); err != nil {
		t.Fatal(err)
	}
	p, err := planner.Diff(d, s, planner.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p.Changes[0], p, ts.CallCount("ecr", "DescribeImages")
}

func TestImagePlan(t *testing.T) {
	us := imgAccount + ".dkr.ecr.us-east-1.amazonaws.com/shop/app"
	eu := imgAccount + ".dkr.ecr.eu-west-1.amazonaws.com/shop/app"
	tests := map[string]struct {
		pushed  []string
		repos   bool
		action  planner.Action
		reasons []string
	}{
		"missing in one region": {pushed: []string{"eu-west-1"}, repos: true, action: planner.Create, reasons: []string{"tag abc123 is not in " + us}},
		"present everywhere":    {pushed: []string{"eu-west-1", "us-east-1"}, repos: true, action: planner.NoOp},
		"no repositories yet":   {action: planner.Create, reasons: []string{"tag abc123 is not in " + eu, "tag abc123 is not in " + us}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ts := awssimtest.Start(t)
			if tc.repos {
				withRepos(t, ts, tc.pushed...)
			}
			c, _, calls := imageChange(t, ts, imageDesired())
			if c.Action != tc.action || !cmp.Equal(c.Reasons, tc.reasons) {
				t.Errorf("image/app: %s %q, want %s %q", c.Action, c.Reasons, tc.action, tc.reasons)
			}
			if calls != 2 {
				t.Errorf("DescribeImages calls = %d, want 2 (one per repository)", calls)
			}
			if c.Image == nil || !c.Image.Checked || c.Image.Platform != "linux/arm64" || len(c.Image.Repositories) != 2 {
				t.Errorf("image change %+v", c.Image)
			}
		})
	}
}

// TestImagePushedMakesSavedPlanStale checks the fingerprint's images.
func TestImagePushedMakesSavedPlanStale(t *testing.T) {
	ts := awssimtest.Start(t)
	withRepos(t, ts, "eu-west-1")
	d := imageDesired()
	_, saved, _ := imageChange(t, ts, d)
	{
		_, err := ecr.NewFromConfig(ts.Config(imgAccount, "us-east-1")).PutImage(context.Background(), &ecr.PutImageInput{
			RepositoryName: aws.String("shop/app"), ImageTag: aws.String("abc123"), ImageManifest: aws.String("m")})
		if err != nil {
			t.Fatal(err)
		}
	}
	s := &planner.State{App: "shop"}
	if err := live.ReadImages(context.Background(), simProvider(ts), d, s, live.ReadOptions{}); err != nil {
		t.Fatal(err)
	}
	moved := planner.CheckFingerprint(saved, planner.NewFingerprint(d, s, "", ""))
	want := []string{"image " + imgAccount + ".dkr.ecr.us-east-1.amazonaws.com/shop/app:abc123 was pushed since the plan was made"}
	if diff := cmp.Diff(want, moved); diff != "" {
		t.Errorf("stale because (-want +got):\n%s", diff)
	}
}

// ReadMore reads the images with the other reads, under one bound, and
// says which read failed.
func TestReadMore(t *testing.T) {
	ts := awssimtest.Start(t)
	withRepos(t, ts, "eu-west-1")
	d := imageDesired()
	s := &planner.State{App: d.App}
	if err := live.ReadMore(context.Background(), simProvider(ts), d, s, live.ReadOptions{Parallelism: 1}); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		planner.ImageKey(imgAccount+".dkr.ecr.eu-west-1.amazonaws.com/shop/app", "abc123"): true,
		planner.ImageKey(imgAccount+".dkr.ecr.us-east-1.amazonaws.com/shop/app", "abc123"): false,
	}
	if diff := cmp.Diff(want, s.Images); diff != "" {
		t.Errorf("images (-want +got):\n%s", diff)
	}
	d.Nodes = append(d.Nodes, &stacks.Node{Addr: addr.Env("dev"), Account: imgAccount, Region: "eu-west-1",
		Stack: &stacks.Stack{Name: "shop-dev", Inputs: []stacks.Input{{Parameter: "P", Lookup: "no-such-lookup"}}}})
	err := live.ReadMore(context.Background(), simProvider(ts), d, &planner.State{App: d.App}, live.ReadOptions{})
	if err == nil || err.Error() != `reading the stacks' lookups: unknown lookup "no-such-lookup"` {
		t.Errorf("error %v, want the lookups' error in its context", err)
	}
}
