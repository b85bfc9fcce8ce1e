package planner_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/stacks"
)

const imgAccount = "111111111111"

var (
	imgEU = imgAccount + ".dkr.ecr.eu-west-1.amazonaws.com/shop/app"
	imgUS = imgAccount + ".dkr.ecr.us-east-1.amazonaws.com/shop/app"
)

// imageDesired is an image node pushed to shop/app in two regions.
func imageDesired() *stacks.Desired {
	b := &stacks.ImageBuild{Name: "app", Context: ".", Dockerfile: "Dockerfile", Platform: "linux/arm64", Tag: "abc123"}
	for _, r := range []string{"eu-west-1", "us-east-1"} {
		b.Repositories = append(b.Repositories, stacks.ImageRepository{Account: imgAccount, Region: r, URI: imgAccount + ".dkr.ecr." + r + ".amazonaws.com/shop/app"})
	}
	return &stacks.Desired{App: "shop", Nodes: []*stacks.Node{{Addr: addr.Image("app"), Account: imgAccount, Region: "eu-west-1", Image: b}}}
}

// TestImagePlanFromState checks how an image node is planned from the
// presence of its tag recorded in State.Images.
func TestImagePlanFromState(t *testing.T) {
	tests := map[string]struct {
		images  map[string]bool
		action  planner.Action
		missing []string
		reasons []string
	}{
		"missing in one region": {images: map[string]bool{imgEU + ":abc123": true, imgUS + ":abc123": false},
			action: planner.Create, missing: []string{imgUS}, reasons: []string{"tag abc123 is not in " + imgUS}},
		"present everywhere": {images: map[string]bool{imgEU + ":abc123": true, imgUS + ":abc123": true}, action: planner.NoOp},
		"missing everywhere": {images: map[string]bool{imgEU + ":abc123": false, imgUS + ":abc123": false}, action: planner.Create,
			missing: []string{imgEU, imgUS}, reasons: []string{"tag abc123 is not in " + imgEU, "tag abc123 is not in " + imgUS}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p, err := planner.Diff(imageDesired(), &planner.State{App: "shop", Images: tc.images}, planner.DiffOptions{})
			if err != nil {
				t.Fatal(err)
			}
			c := p.Changes[0]
			if c.Action != tc.action || !cmp.Equal(c.Reasons, tc.reasons) {
				t.Errorf("image/app: %s %q, want %s %q", c.Action, c.Reasons, tc.action, tc.reasons)
			}
			if c.Image == nil || !c.Image.Checked || !cmp.Equal(c.Image.Missing, tc.missing) {
				t.Errorf("image change %+v, want checked, missing %q", c.Image, tc.missing)
			}
		})
	}
}

// TestImageNotReadIsNoOp checks that a state read without images plans no
// build.
func TestImageNotReadIsNoOp(t *testing.T) {
	p, err := planner.Diff(imageDesired(), &planner.State{App: "shop"}, planner.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c := p.Changes[0]; c.Action != planner.NoOp || c.Image.Checked {
		t.Errorf("image/app: %s, %+v", c.Action, c.Image)
	}
}

// TestImageMovedMakesSavedPlanStale checks the fingerprint's image entries:
// a tag pushed or deleted after the plan names the image.
func TestImageMovedMakesSavedPlanStale(t *testing.T) {
	d := imageDesired()
	before := planner.NewFingerprint(d, &planner.State{App: "shop", Images: map[string]bool{imgEU + ":abc123": true}}, "", "")
	after := planner.NewFingerprint(d, &planner.State{App: "shop", Images: map[string]bool{imgUS + ":abc123": true}}, "", "")
	want := []string{
		"image " + imgEU + ":abc123 was deleted since the plan was made",
		"image " + imgUS + ":abc123 was pushed since the plan was made",
	}
	if diff := cmp.Diff(want, planner.CheckFingerprint(&planner.Plan{Fingerprint: before}, after)); diff != "" {
		t.Errorf("stale because (-want +got):\n%s", diff)
	}
}
