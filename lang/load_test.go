package lang

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/schema"
)

// load loads a file and fails the test on any error.
func load(t *testing.T, opts Options) *schema.Config {
	t.Helper()
	cfg, diags := Load(opts)
	if diags.HasErrors() {
		t.Fatalf("Load(%s): %s", opts.File, diags.Error())
	}
	return cfg
}

func TestReferenceExample(t *testing.T) {
	cfg := load(t, Options{File: "../testdata/examples/reference/flightplan.hcl"})
	api := cfg.Workload("api")
	for name, tc := range map[string]struct {
		got, want any
	}{
		"app domain":           {cfg.App.Domain.Name, "example.com"},
		"env order":            {envNames(cfg), []string{"test", "stage", "production"}},
		"platform normalised":  {cfg.Image("app").Platform, schema.PlatformAMD64},
		"build context":        {cfg.Image("app").Build.Context, "."},
		"api count production": {api.Deployments["production"].Count, 3},
		"api count test":       {api.Deployments["test"].Count, 1},
		"placement production": {api.Deployments["production"].Network.Placement, schema.PlacementPrivate},
		"placement test":       {api.Deployments["test"].Network.Placement, schema.PlacementPublic},
		"api image":            {api.Deployments["test"].Image, schema.ImageRef{Name: "app", Platform: schema.PlatformAMD64}},
		"api cpu default":      {api.Deployments["test"].CPU, 256},
		"api memory default":   {api.Deployments["test"].Memory, 512},
		"healthcheck":          {api.Deployments["stage"].HTTP.Healthcheck, schema.Healthcheck{Path: "/health", SuccessCodes: "200", HealthyThreshold: 3, UnhealthyThreshold: 2, Interval: 10 * time.Second, Timeout: 5 * time.Second, GracePeriod: 300 * time.Second}},
		"deregistration":       {api.Deployments["stage"].HTTP.DeregistrationDelay, 10 * time.Second},
		"strategy default":     {api.Deployments["stage"].Strategy.Strategy, schema.StrategyRolling},
		"log retention":        {api.Deployments["stage"].Logging.Retention, 30},
		"job schedule":         {cfg.Workload("daily-batch").Deployments["test"].Schedule.Expression, "cron(0 0 * * ? *)"},
		"job timeout":          {cfg.Workload("daily-batch").Deployments["test"].Timeout, time.Hour},
		"job everywhere":       {cfg.Workload("daily-batch").Environments, []string{"test", "stage", "production"}},
		"pipeline branch":      {cfg.Pipelines[0].Source.Branch, "develop"},
		"release stages":       {cfg.Pipelines[1].Stages, []schema.Stage{{Env: "stage", TestCommands: []string{"make e2e"}}, {Env: "production", RequiresApproval: true}}},
		"default network":      {cfg.Environment("test").Network, schema.DefaultNetwork()},
	} {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMinimalExample(t *testing.T) {
	cfg := load(t, Options{File: "../testdata/examples/minimal/flightplan.hcl"})
	d := cfg.Workload("hello").Deployments["dev"]
	want := &schema.Deployment{
		Workload: "hello", Env: "dev", Type: schema.TypeBackend,
		Image: schema.ImageRef{Name: "hello", Platform: schema.PlatformAMD64},
		Port:  8080, CPU: 256, Memory: 512, Count: 1,
		Network:  schema.WorkloadNetwork{Placement: schema.PlacementPublic},
		Strategy: schema.DeploymentStrategy{Strategy: schema.StrategyRolling},
		Logging:  schema.Logging{Retention: 30},
	}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("deployment (-want +got):\n%s", diff)
	}
	if got := cfg.Image("hello").Build.Dockerfile; got != "Dockerfile" {
		t.Errorf("dockerfile = %q, want Dockerfile", got)
	}
}

func TestLargeExample(t *testing.T) {
	cfg := load(t, Options{File: "../testdata/examples/large/flightplan.hcl"})
	worker := cfg.Workload("order-worker").Deployments["staging"]
	for name, tc := range map[string]struct {
		got, want any
	}{
		"accounts":          {distinct(cfg, func(e *schema.Environment) string { return e.Account }), 2},
		"regions":           {distinct(cfg, func(e *schema.Environment) string { return e.Region }), 3},
		"arm64 shared":      {cfg.Workload("nightly-report").Deployments["production"].Image.Platform, schema.PlatformARM64},
		"admin envs":        {cfg.Workload("admin").Environments, []string{"staging", "production"}},
		"admin variables":   {cfg.Workload("admin").Deployments["staging"].Variables, map[string]string{"REGION": "us-west-2"}},
		"filter policy":     {worker.Subscribe.Topics[0].FilterPolicy, `{"event":["order_placed","order_cancelled"]}`},
		"queue":             {worker.Subscribe.Queue, schema.Queue{Retention: 48 * time.Hour, Timeout: 5 * time.Minute, DeadLetterTries: 5}},
		"msg processing":    {worker.Autoscaling.MessageProcessingTime, 500 * time.Millisecond},
		"autoscaling prod":  {cfg.Workload("storefront").Deployments["production"].Autoscaling.Min, 3},
		"autoscaling dev":   {cfg.Workload("storefront").Deployments["dev"].Autoscaling.Min, 1},
		"schedule weekdays": {cfg.Workload("nightly-report").Deployments["production"].Schedule.Expression, "cron(30 2 ? * 2-6 *)"},
		"schedule every":    {cfg.Workload("cache-warmer").Deployments["dev"].Schedule.Expression, "rate(90 minutes)"},
		"sensitive": {cfg.Sensitive, []string{
			"/shop/dev/datadog-api-key", "/shop/dev/db-url", "/shop/production-eu/datadog-api-key", "/shop/production-eu/db-url",
			"/shop/production/datadog-api-key", "/shop/production/db-url", "/shop/staging/datadog-api-key", "/shop/staging/db-url", "/shop/stripe/key",
		}},
		"sidecar variables": {cfg.Workload("api").Deployments["staging"].Sidecars[0].Variables, map[string]string{"DD_ENV": "staging", "ECS_FARGATE": "true"}},
		"target container":  {cfg.Workload("storefront").Deployments["dev"].HTTP.TargetContainer, "nginx"},
		"templatefile":      {cfg.Workload("storefront").Deployments["dev"].Variables["BANNER"], "Welcome to shop (all)\n"},
		"alias production":  {cfg.Workload("storefront").Deployments["production"].HTTP.Alias, []string{"www.production.shop.shop.example.com"}},
		"domain account":    {cfg.App.Domain.Account, "999999999999"},
		"env addon":         {cfg.Environment("production").Addons[0].Name, "orders-table"},
		"private api":       {cfg.Workload("api").Deployments["dev"].Network.Placement, schema.PlacementPrivate},
		"env defaults":      {cfg.Environment("production-eu").Network.CIDR, "10.0.0.0/16"},
	} {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func envNames(cfg *schema.Config) []string {
	var out []string
	for _, e := range cfg.Environments {
		out = append(out, e.Name)
	}
	return out
}

func distinct(cfg *schema.Config, f func(*schema.Environment) string) int {
	seen := map[string]bool{}
	for _, e := range cfg.Environments {
		seen[f(e)] = true
	}
	return len(seen)
}

// writeConfig writes src as flightplan.hcl (or name) in a temporary folder.
func writeConfig(t *testing.T, name, src string) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const varsFile = `
variable "region" {
  type    = string
  default = "us-east-1"
}
variable "tasks" {
  type    = number
  default = 1
}
variable "tags" {
  type    = map(string)
  default = {}
}
app "a" {
  account = "111111111111"
  region  = var.region
  tags    = var.tags
}
environment "e" {}
image "i" {
  location = "nginx"
}
service "s" {
  type  = "backend"
  image = image.i
  count = var.tasks
}
`

func TestVariablePrecedence(t *testing.T) {
	path := writeConfig(t, "flightplan.hcl", varsFile)
	varFile := filepath.Join(filepath.Dir(path), "prod.tfvars")
	os.WriteFile(varFile, []byte("region = \"eu-west-1\"\ntasks = 4\n"), 0o644)
	for name, tc := range map[string]struct {
		opts       Options
		region     string
		tasks      int
		tags       map[string]string
		errorMatch string
		warning    string
	}{
		"defaults":       {opts: Options{}, region: "us-east-1", tasks: 1},
		"environ":        {opts: Options{Environ: []string{"FLIGHTPLAN_VAR_region=us-west-2", "HOME=/x"}}, region: "us-west-2", tasks: 1},
		"file over env":  {opts: Options{Environ: []string{"FLIGHTPLAN_VAR_region=us-west-2"}, VarFiles: []string{varFile}}, region: "eu-west-1", tasks: 4},
		"flag over file": {opts: Options{VarFiles: []string{varFile}, Vars: []string{"tasks=2", "region=ap-south-1"}}, region: "ap-south-1", tasks: 2},
		"map from flag":  {opts: Options{Vars: []string{`tags={ team = "x" }`}}, region: "us-east-1", tasks: 1, tags: map[string]string{"team": "x"}},
		"unknown flag":   {opts: Options{Vars: []string{"regoin=x"}}, errorMatch: `Did you mean "region"?`},
		"bad number":     {opts: Options{Vars: []string{"tasks=many"}}, errorMatch: "must be number"},
		"no equals":      {opts: Options{Vars: []string{"tasks"}}, errorMatch: "NAME=VALUE"},
		"environ case": {opts: Options{Environ: []string{"FLIGHTPLAN_VAR_REGION=us-west-2"}}, region: "us-east-1", tasks: 1,
			warning: `FLIGHTPLAN_VAR_REGION sets nothing: variable names are case-sensitive, and the file declares "region". Set FLIGHTPLAN_VAR_region instead.`},
	} {
		t.Run(name, func(t *testing.T) {
			tc.opts.File = path
			cfg, diags := Load(tc.opts)
			if tc.errorMatch != "" {
				if !strings.Contains(diags.Error(), tc.errorMatch) {
					t.Fatalf("diagnostics %q do not mention %q", diags.Error(), tc.errorMatch)
				}
				return
			}
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			if tc.warning != "" && !strings.Contains(diags.Error(), tc.warning) {
				t.Errorf("warnings %q do not say %q", diags.Error(), tc.warning)
			}
			got := []any{cfg.App.Region, cfg.Workload("s").Deployments["e"].Count, cfg.App.Tags}
			want := []any{tc.region, tc.tasks, tc.tags}
			if tc.tags == nil {
				want[2] = map[string]string{}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestJSONSyntax(t *testing.T) {
	path := writeConfig(t, "flightplan.hcl.json", `{
  "app": {"a": {"account": "111111111111", "region": "us-east-1"}},
  "environment": {"test": {}, "prod": {"account": "222222222222"}},
  "image": {"web": {"location": "nginx:1"}},
  "service": {"web": {"type": "load-balanced-web", "image": "${image.web}", "port": 80,
                       "count": "${env.name == \"prod\" ? 2 : 1}"}}
}`)
	cfg := load(t, Options{File: path})
	if got := cfg.Workload("web").Deployments["prod"].Count; got != 2 {
		t.Errorf("prod count = %d, want 2", got)
	}
	if got := cfg.Workload("web").Deployments["test"].Image.Name; got != "web" {
		t.Errorf("image = %q, want web", got)
	}
}

func TestMissingFile(t *testing.T) {
	_, diags := Load(Options{File: filepath.Join(t.TempDir(), "nope.hcl")})
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "Cannot read") {
		t.Fatalf("got %v, want a read error", diags)
	}
}

// TestOnePassUnknownEnvironments: a workload whose environments are all
// unknown still has its body checked, so that fixing the list does not
// reveal more errors.
func TestOnePassUnknownEnvironments(t *testing.T) {
	path := writeConfig(t, "flightplan.hcl", `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

job "nightly" {
  image        = "nginx"
  schedule     = "daily"
  environments = ["tset"]
}
`)
	_, diags := Load(Options{File: path})
	var got []string
	for _, d := range diags {
		got = append(got, d.Summary)
	}
	for _, want := range []string{"Unknown environment", "Invalid schedule"} {
		if !slices.Contains(got, want) {
			t.Errorf("diagnostics %q lack %q", got, want)
		}
	}
}
