package planner_test

import (
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
