package planner_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

func TestPlanFileRoundTrip(t *testing.T) {
	d, s := fixture()
	plantest.EditTemplate(d, addr.Deploy("test", "api"), func(t map[string]any) {
		plantest.Props(t, "TargetGroup")["HealthCheckPath"] = "/health"
	})
	d.Node(addr.Deploy("test", "api")).Stack.Inputs = []stacks.Input{{Parameter: "Vpc", From: addr.Env("test"), Output: "VpcId"}}
	p, err := planner.Diff(d, s, planner.DiffOptions{Now: t0, ToolVersion: "0.1.0", ConfigHash: "sha256:abc"})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "plan.json")
	if err := planner.WritePlanFile(file, p); err != nil {
		t.Fatal(err)
	}
	got, err := planner.ReadPlanFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, got.Desired(), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("desired state (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(p.Fingerprint, got.Fingerprint); diff != "" {
		t.Errorf("fingerprint (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(p.Sensitive, got.Sensitive); diff != "" {
		t.Errorf("sensitive (-want +got):\n%s", diff)
	}
	if got.Changes[len(got.Changes)-2].Stack.Resources[0].Properties[0].Path != "Properties.HealthCheckPath" {
		t.Errorf("changes did not survive: %+v", got.Changes)
	}
	info, _ := os.Stat(file)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
}

func TestReadPlanFileErrors(t *testing.T) {
	tests := map[string]struct {
		body, want string
	}{
		"truncated":  {body: `{"format_version": "2", "chan`, want: "is not a flightplan plan file (corrupt or truncated?)"},
		"not a plan": {body: `{"hello": "world"}`, want: "is not a flightplan plan file: it has no format_version"},
		"older version": {body: `{"format_version": "1"}`,
			want: `has plan format_version "1", but this flightplan reads format_version "2": make the plan again with this version`},
		"future version": {body: `{"format_version": "3"}`, want: `has plan format_version "3", but this flightplan reads format_version "2"`},
		"bad address":    {body: `{"format_version": "2", "changes": [{"address": "nope/x/y/z"}]}`, want: "is a corrupt plan file"},
		"bad desired address": {body: `{"format_version": "2", "changes": [{"address": "app", "desired": {"address": "app/x"}}]}`,
			want: "is a corrupt plan file"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "plan.json")
			if err := os.WriteFile(file, []byte(tc.body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := planner.ReadPlanFile(file)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestCheckFingerprint(t *testing.T) {
	d, s := fixture()
	saved, err := planner.Diff(d, s, planner.DiffOptions{ToolVersion: "0.1.0", ConfigHash: "h1"})
	if err != nil {
		t.Fatal(err)
	}
	later := t0.Add(3 * time.Minute)
	api := s.Stack("222222222222", "ap-northeast-1", "demo-test-api")
	api.Status, api.LastUpdated = "UPDATE_COMPLETE", later
	s.Parameter("/copilot/applications/demo/components/api").Version = 3
	s.Stacks = append(s.Stacks, &planner.LiveStack{Account: "222222222222", Region: "ap-northeast-1", Name: "demo-test-x",
		ID: "id-x", Status: "CREATE_COMPLETE", LastUpdated: later})
	s.CustomDomains = map[string][]planner.LiveCustomDomain{"deploy/test/api": {{Name: "api.example.com", Status: "active"}}}
	now := planner.NewFingerprint(saved.Desired(), s, "h2", "0.1.0")
	want := []string{
		"the file changed since the plan was made",
		"stack demo-test-api (222222222222/ap-northeast-1) changed since the plan was made: " +
			"CREATE_COMPLETE at 2026-01-01 10:02:00 UTC → UPDATE_COMPLETE at 2026-01-01 10:05:00 UTC",
		"stack demo-test-x (222222222222/ap-northeast-1) was created since the plan was made (now CREATE_COMPLETE at 2026-01-01 10:05:00 UTC)",
		"parameter /copilot/applications/demo/components/api is at version 3, the plan saw 1",
		"the custom domains of deploy/test/api changed since the plan was made (none, now api.example.com)",
	}
	if diff := cmp.Diff(want, planner.CheckFingerprint(saved, now)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := planner.CheckFingerprint(saved, saved.Fingerprint); len(got) != 0 {
		t.Errorf("unchanged fingerprint: %v", got)
	}
}
