package adopt

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/lang"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// shop is the application of testdata/shop as Copilot's SSM documents
// would describe it, with the workspace's manifests.
func shop(t *testing.T) Application {
	t.Helper()
	ws, err := ReadWorkspace("testdata/shop")
	if err != nil {
		t.Fatal(err)
	}
	app := Application{Name: ws.App, Account: "111111111111", Region: "us-east-1"}
	app.Envs = []Env{
		{Name: "test", Account: "111111111111", Region: "us-east-1", Manifest: ws.Environments["test"]},
		{Name: "production", Account: "333333333333", Region: "eu-west-1", Manifest: ws.Environments["production"]},
	}
	for _, name := range []string{"api", "worker", "report"} {
		app.Workloads = append(app.Workloads, Workload{Name: name, Type: ws.Types[name], Manifest: ws.Workloads[name]})
	}
	app.Workloads[2].Deployed = []string{"production"}
	return app
}

// The adopted file is formatted, loads without errors, and is the golden
// file: per-environment overrides as conditionals, what cannot be
// expressed as comments and in the list.
func TestTranslateShop(t *testing.T) {
	res, err := Translate(shop(t))
	if err != nil {
		t.Fatal(err)
	}
	src, diags := lang.Format(res.Source, "flightplan.hcl")
	if diags.HasErrors() {
		t.Fatalf("the adopted file does not format: %s", diags.Error())
	}
	res.Source = src
	golden := filepath.Join("testdata", "shop.hcl")
	if *update {
		if err := os.WriteFile(golden, res.Source, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), string(res.Source)); d != "" {
		t.Errorf("adopted file (-want +got):\n%s", d)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "flightplan.hcl")
	if err := os.WriteFile(file, res.Source, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"api", "worker"} {
		_ = os.MkdirAll(filepath.Join(dir, d), 0o755)
		_ = os.WriteFile(filepath.Join(dir, d, "Dockerfile"), []byte("FROM scratch\n"), 0o644)
	}
	if _, diags := lang.Load(lang.Options{File: file}); diags.HasErrors() {
		t.Fatalf("the adopted file does not load:\n%s", diags.Error())
	}
	var where []string
	for _, u := range res.Unsupported {
		where = append(where, u.Where)
	}
	wantWhere := []string{"service api: platform"}
	slices.Sort(where)
	if d := cmp.Diff(wantWhere, where); d != "" {
		t.Errorf("unsupported (-want +got):\n%s", d)
	}
}

func TestConditional(t *testing.T) {
	envs := []string{"test", "stage", "production"}
	tests := map[string]struct {
		values []string
		want   string
	}{
		"the same everywhere":    {[]string{"1", "1", "1"}, "1"},
		"one differs":            {[]string{"1", "1", "3"}, `env.name == "production" ? 3 : 1`},
		"unset in one":           {[]string{"null", "2", "2"}, `env.name == "test" ? null : 2`},
		"all differ: first wins": {[]string{"1", "2", "3"}, `env.name == "stage" ? 2 : env.name == "production" ? 3 : 1`},
		"two share a value":      {[]string{"5", "5", "9"}, `env.name == "production" ? 9 : 5`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := conditional(envs, tc.values); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	if got := conditional([]string{"a", "b", "c"}, []string{"1", "2", "2"}); !strings.Contains(got, `env.name == "a" ? 1 : 2`) {
		t.Errorf("got %s", got)
	}
}

func TestTranslateErrors(t *testing.T) {
	tests := map[string]struct {
		app  Application
		want string
	}{
		"no environment": {Application{Name: "shop"}, "application shop has no environment: there is nothing to adopt yet"},
		"unknown type": {Application{Name: "shop", Envs: []Env{{Name: "test"}}, Workloads: []Workload{{Name: "x", Type: "Mystery Service", Manifest: []byte("name: x\n")}}},
			`x is a "Mystery Service", which flightplan adopt does not know`},
		"bad yaml": {Application{Name: "shop", Envs: []Env{{Name: "test"}}, Workloads: []Workload{{Name: "x", Type: "Backend Service", Manifest: []byte("a: [\n")}}},
			"the manifest of x: yaml:"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Translate(tc.app)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestReadWorkspaceMissing(t *testing.T) {
	_, err := ReadWorkspace(t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "is not a Copilot workspace (no copilot/.workspace)") {
		t.Errorf("err = %v", err)
	}
}

// TestTranslateStaticSite maps a Static Site's files and alias, each
// files entry its own block, and the result loads.
func TestTranslateStaticSite(t *testing.T) {
	manifest := []byte(`name: www
type: Static Site
http:
  alias: www.test.shop.example.com
files:
  - source: public
    recursive: true
    exclude: "*.map"
  - source: robots.txt
    destination: robots.txt
`)
	app := Application{Name: "shop", Account: "111111111111", Region: "us-east-1", Domain: "example.com",
		Envs:      []Env{{Name: "test", Account: "111111111111", Region: "us-east-1"}},
		Workloads: []Workload{{Name: "www", Type: "Static Site", Manifest: manifest}}}
	res, err := Translate(app)
	if err != nil {
		t.Fatal(err)
	}
	formatted, diags := lang.Format(res.Source, "flightplan.hcl")
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	src := string(formatted)
	for _, want := range []string{`type = "static-site"`, `alias = "www.test.shop.example.com"`, `exclude   = ["*.map"]`, `destination = "robots.txt"`} {
		if !strings.Contains(src, want) {
			t.Errorf("the adopted file lacks %s:\n%s", want, src)
		}
	}
	if strings.Count(src, "files {") != 2 || len(res.Unsupported) != 0 {
		t.Errorf("want two files blocks and nothing unsupported, got %v:\n%s", res.Unsupported, src)
	}
	dir := t.TempDir()
	_ = os.MkdirAll(filepath.Join(dir, "public"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, "robots.txt"), []byte("User-agent: *\n"), 0o644)
	file := filepath.Join(dir, "flightplan.hcl")
	_ = os.WriteFile(file, formatted, 0o644)
	if _, diags := lang.Load(lang.Options{File: file}); diags.HasErrors() {
		t.Fatalf("the adopted file does not load:\n%s\n%s", diags.Error(), formatted)
	}
}
