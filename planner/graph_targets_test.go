package planner_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

func TestTargeted(t *testing.T) {
	d := plantest.Desired(plantest.Spec{Envs: []string{"test", "prod"}, Services: []string{"api", "web"}})
	g, err := planner.BuildGraph(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		targets []addr.Address
		want    []string
		wantErr string
	}{
		"no targets: everything": {want: nodeNames(d.Nodes)},
		"a deployment and what it needs": {
			targets: []addr.Address{addr.Deploy("test", "api")},
			want:    []string{"app", "app/region/ap-northeast-1", "env/test", "workload/api", "deploy/test/api"},
		},
		"two targets share their dependencies": {
			targets: []addr.Address{addr.Deploy("test", "api"), addr.Env("prod")},
			want:    []string{"app", "app/region/ap-northeast-1", "env/prod", "env/test", "workload/api", "deploy/test/api"},
		},
		"an unknown target": {
			targets: []addr.Address{addr.Env("stage")},
			wantErr: "target env/stage is not a node of this application",
		},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := planner.Targeted(d, g, tc.targets)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.App != d.App {
				t.Errorf("app %q, want %q", got.App, d.App)
			}
			if diff := cmp.Diff(tc.want, nodeNames(got.Nodes)); diff != "" {
				t.Errorf("nodes (-want +got):\n%s", diff)
			}
		})
	}
}

func nodeNames(nodes []*stacks.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.Addr.String()
	}
	return out
}
