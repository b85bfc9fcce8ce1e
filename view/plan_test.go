package view

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

// The -update flag rewrites the goldens. It is registered only if another
// test file of the package has not registered it already.
var _ = func() bool {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata")
	}
	return true
}()

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if updating() {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", file, diff)
	}
}

// mixedPlan is a plan with every kind of change: an updated property with a
// long value, a replacement, a new service, a removed environment, a
// sensitive parameter, a parameter known only after apply, a document
// field and a note.
func mixedPlan(t *testing.T) *planner.Plan {
	t.Helper()
	at := time.Date(2026, 1, 1, 10, 2, 0, 0, time.UTC)
	d := plantest.Desired(plantest.Spec{Envs: []string{"old", "test"}, Jobs: []string{"batch"}})
	s := plantest.Live(d, at)
	plantest.Remove(d, func(a addr.Address) bool { return a.Env == "old" })
	more := plantest.Desired(plantest.Spec{Services: []string{"api", "web"}})
	d.Nodes = append(d.Nodes, more.Node(addr.Workload("web")), more.Node(addr.Deploy("test", "web")))
	plantest.EditTemplate(d, addr.Deploy("test", "api"), func(t map[string]any) {
		plantest.Props(t, "TargetGroup")["HealthCheckPath"] = "/health"
		plantest.Props(t, "LogGroup")["LogGroupName"] = "/copilot/renamed"
		plantest.Props(t, "Service")["NetworkConfiguration"] = map[string]any{"AwsvpcConfiguration": map[string]any{
			"AssignPublicIp": "ENABLED", "Subnets": []any{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210"}}}
	})
	n := d.Node(addr.Deploy("test", "api"))
	n.RoleARN = "arn:aws:iam::222222222222:role/demo-test-EnvManagerRole"
	n.Stack.ServiceRole = &stacks.ServiceRole{ARN: "arn:aws:iam::222222222222:role/demo-test-CFNExecutionRole", Env: addr.Env("test"), Output: "CFNExecutionRoleARN"}
	n.Stack.Parameters["DbPassword"] = "s3cret-value"
	s.Stack(n.Account, n.Region, n.Stack.Name).Parameters["DbPassword"] = "old-s3cret"
	n.Stack.Parameters["ContainerImage"] = "repo/app:s3cret-value"
	n.Stack.Inputs = []stacks.Input{{Parameter: "EnvHostedZoneId", From: addr.Env("test"), Output: "EnvironmentHostedZone"}}
	s.Parameter("/copilot/applications/demo/components/batch").Value = `{"app":"demo","name":"batch","type":"Backend Service"}`
	s.Stack(n.Account, n.Region, "demo-test-batch").Status = "UPDATE_IN_PROGRESS"
	p, err := planner.Diff(d, s, planner.DiffOptions{Now: at, ToolVersion: "0.1.0", ConfigHash: "sha256:abc"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func noChangePlan(t *testing.T) *planner.Plan {
	d := plantest.Desired(plantest.Spec{})
	p, err := planner.Diff(d, plantest.Live(d, time.Time{}), planner.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWritePlan(t *testing.T) {
	tests := map[string]struct {
		plan  func(*testing.T) *planner.Plan
		color bool
	}{
		"plan_mixed.txt":       {plan: mixedPlan},
		"plan_mixed_color.txt": {plan: mixedPlan, color: true},
		"plan_nochange.txt":    {plan: noChangePlan},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WritePlan(&b, tc.plan(t), tc.color); err != nil {
				t.Fatal(err)
			}
			golden(t, name, b.Bytes())
			if strings.Contains(b.String(), "s3cret") {
				t.Error("a sensitive value was printed")
			}
		})
	}
}

func TestWritePlanFormats(t *testing.T) {
	tests := map[string]struct {
		plan  func(*testing.T) *planner.Plan
		write func(*bytes.Buffer, *planner.Plan) error
	}{
		"plan_mixed.json":    {plan: mixedPlan, write: func(b *bytes.Buffer, p *planner.Plan) error { return WritePlanJSON(b, p) }},
		"plan_mixed.md":      {plan: mixedPlan, write: func(b *bytes.Buffer, p *planner.Plan) error { return WritePlanMarkdown(b, p) }},
		"plan_nochange.md":   {plan: noChangePlan, write: func(b *bytes.Buffer, p *planner.Plan) error { return WritePlanMarkdown(b, p) }},
		"plan_nochange.json": {plan: noChangePlan, write: func(b *bytes.Buffer, p *planner.Plan) error { return WritePlanJSON(b, p) }},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			p := tc.plan(t)
			p.CreatedAt = time.Date(2026, 1, 1, 10, 2, 0, 0, time.UTC)
			if err := tc.write(&b, p); err != nil {
				t.Fatal(err)
			}
			golden(t, name, b.Bytes())
			if strings.Contains(b.String(), "s3cret") || strings.Contains(b.String(), "hunter2") {
				t.Error("a sensitive value was printed")
			}
		})
	}
}

// TestPlanCredentials checks that every view says who applies a change:
// the caller's role and CloudFormation's service role.
func TestPlanCredentials(t *testing.T) {
	p := mixedPlan(t)
	want := map[string]string{
		"text":     "    # as role demo-test-EnvManagerRole, CloudFormation as demo-test-CFNExecutionRole\n",
		"markdown": "| `deploy/test/api` | ~ update | 222222222222/ap-northeast-1 | role demo-test-EnvManagerRole, CloudFormation as demo-test-CFNExecutionRole |",
		"json":     `"credentials":{"role_arn":"arn:aws:iam::222222222222:role/demo-test-EnvManagerRole","service_role_arn":"arn:aws:iam::222222222222:role/demo-test-CFNExecutionRole"}`,
	}
	writers := map[string]func(*bytes.Buffer) error{
		"text":     func(b *bytes.Buffer) error { return WritePlan(b, p, false) },
		"markdown": func(b *bytes.Buffer) error { return WritePlanMarkdown(b, p) },
		"json": func(b *bytes.Buffer) error {
			var indented bytes.Buffer
			if err := WritePlanJSON(&indented, p); err != nil {
				return err
			}
			return json.Compact(b, indented.Bytes())
		},
	}
	for name, write := range writers {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := write(&b); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), want[name]) {
				t.Errorf("%s view lacks %q:\n%s", name, want[name], b.String())
			}
		})
	}
}
