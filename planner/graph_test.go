package planner

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/stacks"
)

func graphOf(edges ...[2]string) *Graph {
	g := NewGraph()
	for _, e := range edges {
		from, to := mustParse(e[0]), mustParse(e[1])
		if e[1] == "" {
			g.Add(from)
			continue
		}
		g.Connect(from, to)
	}
	return g
}

func mustParse(s string) addr.Address {
	if s == "" {
		return addr.Address{}
	}
	a, err := addr.Parse(s)
	if err != nil {
		panic(err)
	}
	return a
}

func strs(as []addr.Address) []string { return addrStrings(as) }

func TestTopoOrder(t *testing.T) {
	tests := map[string]struct {
		g           *Graph
		want, wantR []string
	}{
		"ties by address": {
			g: graphOf([2]string{"deploy/test/api", "env/test"}, [2]string{"deploy/test/api", "workload/api"},
				[2]string{"env/test", "app"}, [2]string{"workload/api", "app"}, [2]string{"env/prod", "app"}),
			want:  []string{"app", "env/prod", "env/test", "workload/api", "deploy/test/api"},
			wantR: []string{"env/prod", "deploy/test/api", "env/test", "workload/api", "app"},
		},
		"dependency beats address order": {
			g:     graphOf([2]string{"app", "pipeline/release"}),
			want:  []string{"pipeline/release", "app"},
			wantR: []string{"app", "pipeline/release"},
		},
		"empty": {g: NewGraph(), want: []string{}, wantR: []string{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := tc.g.TopoOrder()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, strs(got)); diff != "" {
				t.Errorf("TopoOrder (-want +got):\n%s", diff)
			}
			rev, _ := tc.g.ReverseOrder()
			if diff := cmp.Diff(tc.wantR, strs(rev)); diff != "" {
				t.Errorf("ReverseOrder (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCycles(t *testing.T) {
	tests := map[string]struct {
		g       *Graph
		want    [][]string
		wantErr string
	}{
		"none": {g: graphOf([2]string{"env/test", "app"})},
		"two cycles": {
			g: graphOf([2]string{"deploy/test/a", "deploy/test/b"}, [2]string{"deploy/test/b", "deploy/test/c"},
				[2]string{"deploy/test/c", "deploy/test/a"}, [2]string{"deploy/test/c", "env/test"},
				[2]string{"workload/x", "workload/y"}, [2]string{"workload/y", "workload/x"}),
			want:    [][]string{{"workload/x", "workload/y"}, {"deploy/test/a", "deploy/test/b", "deploy/test/c"}},
			wantErr: "dependency cycles: workload/x → workload/y → workload/x; deploy/test/a → deploy/test/b → deploy/test/c → deploy/test/a",
		},
		"self loop": {
			g:       graphOf([2]string{"env/test", "env/test"}),
			want:    [][]string{{"env/test"}},
			wantErr: "dependency cycle: env/test → env/test",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got [][]string
			for _, c := range tc.g.Cycles() {
				got = append(got, strs(c))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Cycles (-want +got):\n%s", diff)
			}
			_, err := tc.g.TopoOrder()
			var ce *CycleError
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("TopoOrder: %v", err)
				}
				return
			}
			if !errors.As(err, &ce) || err.Error() != tc.wantErr {
				t.Errorf("TopoOrder error = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestSubgraph(t *testing.T) {
	g := graphOf([2]string{"deploy/test/api", "env/test"}, [2]string{"env/test", "app"},
		[2]string{"deploy/prod/api", "env/prod"}, [2]string{"env/prod", "app"})
	sub, err := g.Subgraph([]addr.Address{addr.Deploy("test", "api")})
	if err != nil {
		t.Fatal(err)
	}
	order, _ := sub.TopoOrder()
	if diff := cmp.Diff([]string{"app", "env/test", "deploy/test/api"}, strs(order)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := g.Subgraph([]addr.Address{addr.Env("nope")}); err == nil || err.Error() != "target env/nope is not a node of this application" {
		t.Errorf("unknown target: %v", err)
	}
}

// TestBuildGraphLiveOnlyAlias: alias records in another account's zone
// that only live state has are placed before their deployment, so that a
// destroy deletes them first (and before the app).
func TestBuildGraphLiveOnlyAlias(t *testing.T) {
	live := []addr.Address{addr.App(), addr.Env("prod"), addr.Workload("web"), addr.Deploy("prod", "web"), addr.Alias("prod", "web")}
	g, err := BuildGraph(&stacks.Desired{}, live)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]addr.Address{addr.Deploy("prod", "web")}, g.DependsOn(addr.Alias("prod", "web"))); diff != "" {
		t.Errorf("alias/prod/web depends on (-want +got):\n%s", diff)
	}
}
