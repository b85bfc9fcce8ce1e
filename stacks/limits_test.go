package stacks

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"

	"flightplan/addr"
	"flightplan/schema"
)

// summaries are the summaries of diags, in order.
func summaries(diags hcl.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Summary)
	}
	return out
}

// compileErrors compiles cfg and returns its error diagnostics, failing
// the test when Compile succeeds or fails otherwise.
func compileErrors(t *testing.T, cfg *schema.Config) hcl.Diagnostics {
	t.Helper()
	_, err := Compile(cfg, Options{})
	var compileErr *CompileError
	if !errors.As(err, &compileErr) {
		t.Fatalf("Compile: %v, want a *CompileError", err)
	}
	return compileErr.Diagnostics
}

// TestLimitsTemplateBody: a 10 MB variable is refused by Compile, naming the
// node and located at its block, instead of failing mid-apply; a service's
// template goes through S3, so the limit is TemplateURL's 1 MB.
func TestLimitsTemplateBody(t *testing.T) {
	cfg := referenceConfig()
	w := cfg.Workload("api")
	w.DeclRange = hcl.Range{Filename: "flightplan.hcl", Start: hcl.Pos{Line: 7, Column: 1}, End: hcl.Pos{Line: 7, Column: 14}}
	w.Deployments["test"].Variables = map[string]string{"BIG": strings.Repeat("x", 10<<20)}
	diags := compileErrors(t, cfg)
	if len(diags) != 1 {
		t.Fatalf("diagnostics %v, want one", diags)
	}
	d := diags[0]
	if d.Summary != "Template too large" || d.Subject == nil || d.Subject.Start.Line != 7 {
		t.Errorf("diagnostic %q at %v, want Template too large at line 7", d.Summary, d.Subject)
	}
	for _, want := range []string{"deploy/test/api", "copilot-test-test-api", "1048576 bytes from S3 (TemplateURL)"} {
		if !strings.Contains(d.Detail, want) {
			t.Errorf("detail %q lacks %q", d.Detail, want)
		}
	}
	// The same service in production is small enough: only test is named.
	if strings.Contains(d.Detail, "production") {
		t.Errorf("detail names another environment: %q", d.Detail)
	}
}

// TestLimitsTemplateOverInline: a service's template over the 51,200-byte
// inline limit but under 1 MB compiles (the executor uploads it), and is
// marked express when its environment's deploy_mode is express.
func TestLimitsTemplateOverInline(t *testing.T) {
	cfg := referenceConfig()
	cfg.Workload("api").Deployments["test"].Variables = map[string]string{"BIG": strings.Repeat("x", 100<<10)}
	for _, env := range cfg.Environments {
		if env.Name == "test" {
			env.DeployMode = schema.DeployExpress
		}
	}
	d, err := Compile(cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := d.Node(addr.Deploy("test", "api")).Stack
	if size := compactSize(st.Template); size <= MaxTemplateBody {
		t.Fatalf("template is %d bytes, want over %d", size, MaxTemplateBody)
	}
	if st.DeployMode != DeployExpress || d.Node(addr.Env("test")).Stack.DeployMode != DeployExpress {
		t.Errorf("the stacks of an express environment are not marked express")
	}
	for _, n := range d.Nodes {
		if n.Stack != nil && n.Addr.Env != "test" && n.Stack.DeployMode != "" {
			t.Errorf("%s is marked %q", n.Addr, n.Stack.DeployMode)
		}
	}
}

// TestLimitsTemplateBodyCompact: the limit applies to the template as it is
// sent (compact JSON), not to its indented form.
func TestLimitsTemplateBodyCompact(t *testing.T) {
	small := compactSize([]byte("{\n  \"a\": [\n    1,\n    2\n  ]\n}"))
	if small != len(`{"a":[1,2]}`) {
		t.Errorf("compactSize = %d, want %d", small, len(`{"a":[1,2]}`))
	}
}

func TestLimitsValues(t *testing.T) {
	c := &compiler{cfg: referenceConfig()}
	node := func(params map[string]string, ssm ...Parameter) *Node {
		return &Node{Addr: addr.Env("test"), Account: "222222222222", Region: "us-east-1",
			Stack: &Stack{Name: "copilot-test-test", Template: []byte(`{"Resources":{}}`), Parameters: params}, Parameters: ssm}
	}
	big, fits := strings.Repeat("v", MaxStackParameterValue+1), strings.Repeat("v", MaxStackParameterValue)
	for name, tc := range map[string]struct {
		node  *Node
		want  []string
		limit string
	}{
		"values that fit":         {node(map[string]string{"P": fits}, Parameter{Name: "/copilot/x", Value: fits}), nil, ""},
		"a stack parameter value": {node(map[string]string{"P": big}), []string{"Stack parameter value too large"}, "4096"},
		"an SSM value":            {node(nil, Parameter{Name: "/copilot/x", Value: big}), []string{"SSM parameter value too large"}, "4096"},
		"an SSM name": {node(nil, Parameter{Name: "/" + strings.Repeat("n", MaxSSMName), Value: "{}"}),
			[]string{"SSM parameter name too long"}, "2048"},
	} {
		t.Run(name, func(t *testing.T) {
			diags := c.checkLimits(&Desired{Nodes: []*Node{tc.node}})
			if diff := cmp.Diff(tc.want, summaries(diags)); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			for _, d := range diags {
				if !strings.Contains(d.Detail, "env/test") || !strings.Contains(d.Detail, tc.limit) {
					t.Errorf("detail %q names neither the node nor the limit", d.Detail)
				}
			}
		})
	}
}

// TestLimitsNamesCutCollide: state machine names are cut to 80
// characters; two jobs that share their first 80 would fail in AWS.
func TestLimitsNamesCutCollide(t *testing.T) {
	cfg := referenceConfig()
	prefix := strings.Repeat("j", 70) // copilot-test-test- (18) + 70 > 80
	for _, name := range []string{prefix + "-first", prefix + "-second"} {
		w := workload(name, schema.KindJob, schema.TypeScheduledJob, []string{"test"}, manualJobDeployment)
		w.DeclRange = hcl.Range{Filename: "flightplan.hcl", Start: hcl.Pos{Line: len(cfg.Workloads) + 1, Column: 1}}
		cfg.Workloads = append(cfg.Workloads, w)
	}
	diags := compileErrors(t, cfg)
	if diff := cmp.Diff([]string{"Names collide in AWS"}, summaries(diags)); diff != "" {
		t.Fatalf("diagnostics (-want +got):\n%s", diff)
	}
	d := diags[0]
	if d.Subject == nil || d.Subject.Filename != "flightplan.hcl" {
		t.Errorf("subject %v, want the second job's block", d.Subject)
	}
	for _, want := range []string{"AWS::StepFunctions::StateMachine", "deploy/test/" + prefix + "-first", "deploy/test/" + prefix + "-second", "rename one"} {
		if !strings.Contains(d.Detail, want) {
			t.Errorf("detail %q lacks %q", d.Detail, want)
		}
	}

	// In different environments (another region or account) the same cut
	// name is no collision.
	cfg = referenceConfig()
	for i, name := range []string{prefix + "-first", prefix + "-second"} {
		env := []string{"test", "production"}[i]
		cfg.Workloads = append(cfg.Workloads, workload(name, schema.KindJob, schema.TypeScheduledJob, []string{env}, manualJobDeployment))
	}
	if _, err := Compile(cfg, Options{}); err != nil {
		t.Errorf("jobs in two accounts: %v", err)
	}
}

func TestLimitsNameTooLong(t *testing.T) {
	c := &compiler{cfg: referenceConfig()}
	role := strings.Repeat("r", 65)
	n := &Node{Addr: addr.Env("test"), Account: "222222222222", Region: "us-east-1", Stack: &Stack{
		Name: "s", Template: []byte(`{"Resources":{"Role":{"Type":"AWS::IAM::Role","Properties":{"RoleName":"` + role + `"}},` +
			`"Named":{"Type":"AWS::IAM::Role","Properties":{"RoleName":{"Fn::Sub":"${AWS::StackName}-x"}}}}}`),
	}}
	diags := c.checkLimits(&Desired{Nodes: []*Node{n}})
	if diff := cmp.Diff([]string{"Name too long"}, summaries(diags)); diff != "" {
		t.Fatalf("diagnostics (-want +got):\n%s", diff)
	}
	if !strings.Contains(diags[0].Detail, "65 characters; AWS allows 64") {
		t.Errorf("detail %q", diags[0].Detail)
	}
}

// TestCompileWarningsLocated: what a pipeline cannot reach is a warning
// located at the pipeline's block.
func TestCompileWarningsLocated(t *testing.T) {
	cfg := referenceConfig()
	for _, p := range cfg.Pipelines {
		p.DeclRange = hcl.Range{Filename: "flightplan.hcl", Start: hcl.Pos{Line: 40, Column: 1}}
	}
	d := compile(t, cfg)
	if len(d.Warnings) == 0 {
		t.Fatal("no warnings")
	}
	for _, w := range d.Warnings {
		if w.Severity != hcl.DiagWarning || w.Subject == nil || w.Subject.Start.Line != 40 {
			t.Errorf("warning %q: severity %v at %v, want a warning at the pipeline's block", w.Summary, w.Severity, w.Subject)
		}
	}
}
