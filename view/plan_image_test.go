package view

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
)

// imageCreatePlan is a plan that builds image/app and pushes it to two
// regions, one of which lacks the tag.
func imageCreatePlan() *planner.Plan {
	eu, us := "111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/app", "111111111111.dkr.ecr.us-east-1.amazonaws.com/shop/app"
	return &planner.Plan{App: "shop", Changes: []*planner.Change{{
		Addr: addr.Image("app"), Address: "image/app", Action: planner.Create, Account: "111111111111", Region: "eu-west-1",
		Reasons: []string{"tag abc123 is not in " + us},
		Image:   &planner.ImageChange{Name: "app", Platform: "linux/arm64", Tag: "abc123", Repositories: []string{eu, us}, Missing: []string{us}, Checked: true},
	}}}
}

// TestPlanImage checks how the text and markdown views show an image build.
func TestPlanImage(t *testing.T) {
	var text, md bytes.Buffer
	if err := WritePlan(&text, imageCreatePlan(), false); err != nil {
		t.Fatal(err)
	}
	if err := WritePlanMarkdown(&md, imageCreatePlan()); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"  + image/app  build linux/arm64 → …/shop/app:abc123",
		"        # tag abc123 is not in 111111111111.dkr.ecr.us-east-1.amazonaws.com/shop/app",
		"      + build app for linux/arm64",
		"      + push 111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/app:abc123",
		"      + push 111111111111.dkr.ecr.us-east-1.amazonaws.com/shop/app:abc123",
	}
	var got []string
	for _, l := range strings.Split(text.String(), "\n") {
		if strings.Contains(l, "image/app") || strings.Contains(l, "shop/app") || strings.Contains(l, "build app") {
			got = append(got, l)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("text plan (-want +got):\n%s\n%s", diff, text.String())
	}
	if !strings.Contains(md.String(), "+     push 111111111111.dkr.ecr.us-east-1.amazonaws.com/shop/app:abc123") {
		t.Errorf("markdown plan:\n%s", md.String())
	}
}
