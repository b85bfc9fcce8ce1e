package planner_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/planner"
)

func TestStale(t *testing.T) {
	for name, tc := range map[string]struct {
		change              func(s *planner.State)
		configHash, version string
		want                []string
	}{
		"nothing moved": {configHash: "h1", version: "0.1.0"},
		"the file changed": {configHash: "h2", version: "0.1.0",
			want: []string{"the file changed since the plan was made"}},
		"another flightplan": {configHash: "h1", version: "0.2.0",
			want: []string{"the plan was made by flightplan 0.1.0; this is flightplan 0.2.0"}},
		"a stack was updated": {configHash: "h1", version: "0.1.0",
			change: func(s *planner.State) {
				api := s.Stack("222222222222", "ap-northeast-1", "demo-test-api")
				api.Status, api.LastUpdated = "UPDATE_COMPLETE", t0.Add(3*time.Minute)
			},
			want: []string{"stack demo-test-api (222222222222/ap-northeast-1) changed since the plan was made: " +
				"CREATE_COMPLETE at 2026-01-01 10:02:00 UTC → UPDATE_COMPLETE at 2026-01-01 10:05:00 UTC"}},
	} {
		t.Run(name, func(t *testing.T) {
			d, s := fixture()
			saved, err := planner.Diff(d, s, planner.DiffOptions{ToolVersion: "0.1.0", ConfigHash: "h1"})
			if err != nil {
				t.Fatal(err)
			}
			if tc.change != nil {
				tc.change(s)
			}
			if diff := cmp.Diff(tc.want, planner.Stale(saved, s, tc.configHash, tc.version)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestStaleAfterPlanFileWithPresentImage: a plan that found its image tag
// already pushed, saved and read back, is not stale against the same state.
// The stale check fingerprints the plan's decoded desired state, so an
// image the file did not carry read as "deleted since the plan was made".
func TestStaleAfterPlanFileWithPresentImage(t *testing.T) {
	s := &planner.State{App: "shop", Images: map[string]bool{imgEU + ":abc123": true, imgUS + ":abc123": true}}
	p, err := planner.Diff(imageDesired(), s, planner.DiffOptions{ToolVersion: "0.1.0", ConfigHash: "h1"})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "p.plan")
	if err := planner.WritePlanFile(file, p); err != nil {
		t.Fatal(err)
	}
	saved, err := planner.ReadPlanFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got := planner.Stale(saved, s, "h1", "0.1.0"); len(got) != 0 {
		t.Errorf("an unchanged plan is stale: %q", got)
	}
}
