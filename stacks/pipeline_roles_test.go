package stacks

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"

	"flightplan/addr"
)

// TestEnvironmentRoles checks the two roles of Copilot's environments, by
// name and trust: CloudFormation runs as the CFNExecutionRole, the app's
// account assumes the EnvManagerRole, which may pass the former.
func TestEnvironmentRoles(t *testing.T) {
	doc := tmpl(t, compile(t, referenceConfig()), addr.Env("production"))
	exec := "arn:aws:iam::333333333333:role/copilot-test-production-CFNExecutionRole"
	checks := map[string]struct {
		path []string
		want any
	}{
		"execution role name":   {[]string{"CloudformationExecutionRole", "Properties", "RoleName"}, "copilot-test-production-CFNExecutionRole"},
		"execution role trust":  {[]string{"CloudformationExecutionRole", "Properties", "AssumeRolePolicyDocument", "Statement", "0", "Principal", "Service"}, "cloudformation.amazonaws.com"},
		"manager role name":     {[]string{"EnvironmentManagerRole", "Properties", "RoleName"}, "copilot-test-production-EnvManagerRole"},
		"manager role trust":    {[]string{"EnvironmentManagerRole", "Properties", "AssumeRolePolicyDocument", "Statement", "0", "Principal", "AWS"}, "arn:aws:iam::111111111111:root"},
		"manager passes exec":   {[]string{"EnvironmentManagerRole", "Properties", "Policies", "0", "PolicyDocument", "Statement", "1", "Resource"}, exec},
		"manager may pass role": {[]string{"EnvironmentManagerRole", "Properties", "Policies", "0", "PolicyDocument", "Statement", "1", "Action", "0"}, "iam:PassRole"},
	}
	for name, c := range checks {
		t.Run(name, func(t *testing.T) {
			if got := at(t, doc, append([]string{"Resources"}, c.path...)...); got != c.want {
				t.Errorf("%s = %v, want %v", strings.Join(c.path, "."), got, c.want)
			}
		})
	}
	if got := at(t, doc, "Outputs", "CFNExecutionRoleARN", "Value", "Fn::GetAtt", "0"); got != "CloudformationExecutionRole" {
		t.Errorf("output CFNExecutionRoleARN = %v", got)
	}
}

// TestEnvironmentServiceRole checks that every stack in an environment
// names the environment's CFNExecutionRole as its service role, made by
// the environment's stack; app-account stacks have none.
func TestEnvironmentServiceRole(t *testing.T) {
	d := compile(t, referenceConfig())
	want := &ServiceRole{ARN: "arn:aws:iam::222222222222:role/copilot-test-stage-CFNExecutionRole", Env: addr.Env("stage"), Output: "CFNExecutionRoleARN"}
	for _, a := range []addr.Address{addr.Env("stage"), addr.Deploy("stage", "api"), addr.Deploy("stage", "daily-batch"), addr.Zone("stage")} {
		if diff := cmp.Diff(want, d.Node(a).Stack.ServiceRole); diff != "" {
			t.Errorf("%s service role (-want +got):\n%s", a, diff)
		}
	}
	for _, a := range []addr.Address{addr.App(), addr.Region("ap-northeast-1"), addr.Pipeline("release"), addr.DNS("stage")} {
		if r := d.Node(a).Stack.ServiceRole; r != nil {
			t.Errorf("%s has service role %v", a, r)
		}
	}
}

// TestViaEnvManagerRole checks the credentials of a pipeline's deploy
// action: every environment node assumes its EnvManagerRole, a profile
// (which a build does not have) gives way, a role_arn stays.
func TestViaEnvManagerRole(t *testing.T) {
	cfg := referenceConfig()
	cfg.Environment("test").Profile = "dev"
	cfg.Environment("production").RoleARN = "arn:aws:iam::333333333333:role/deployer"
	d, err := Compile(cfg, Options{ViaEnvManagerRole: true})
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		node          addr.Address
		profile, role string
	}{
		"env with a profile":    {addr.Env("test"), "", "arn:aws:iam::222222222222:role/copilot-test-test-EnvManagerRole"},
		"deploy with a profile": {addr.Deploy("test", "api"), "", "arn:aws:iam::222222222222:role/copilot-test-test-EnvManagerRole"},
		"env with neither":      {addr.Env("stage"), "", "arn:aws:iam::222222222222:role/copilot-test-stage-EnvManagerRole"},
		"zone with neither":     {addr.Zone("stage"), "", "arn:aws:iam::222222222222:role/copilot-test-stage-EnvManagerRole"},
		"env with a role_arn":   {addr.Env("production"), "", "arn:aws:iam::333333333333:role/deployer"},
		"app account":           {addr.App(), "", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			n := d.Node(tc.node)
			if n.Profile != tc.profile || n.RoleARN != tc.role {
				t.Errorf("profile %q role %q, want %q %q", n.Profile, n.RoleARN, tc.profile, tc.role)
			}
		})
	}
	// Without the option, the file's credentials.
	plain := compile(t, cfg)
	if n := plain.Node(addr.Env("test")); n.Profile != "dev" || n.RoleARN != "" {
		t.Errorf("without ViaEnvManagerRole: profile %q role %q", n.Profile, n.RoleARN)
	}
}

// TestPipelineDeployReachesEnvironments checks that the deploy action runs
// flightplan through each stage's EnvManagerRole with nothing set in the
// file: it may assume the roles, it tells flightplan to, and no stage is
// noted as out of reach.
func TestPipelineDeployReachesEnvironments(t *testing.T) {
	d, err := Compile(referenceConfig(), Options{ToolURL: "https://example.com/flightplan_linux_{arch}"})
	if err != nil {
		t.Fatal(err)
	}
	doc := tmpl(t, d, addr.Pipeline("release"))
	vars := at(t, doc, "Resources", "DeployProject", "Properties", "Environment", "EnvironmentVariables").([]any)
	got := map[string]any{}
	for _, v := range vars {
		got[v.(map[string]any)["Name"].(string)] = v.(map[string]any)["Value"]
	}
	if got[EnvManagerRoleVariable] != "true" || got["FLIGHTPLAN_DOWNLOAD_URL"] != "https://example.com/flightplan_linux_amd64" {
		t.Errorf("deploy project variables %v", got)
	}
	statements := at(t, doc, "Resources", "DeployRole", "Properties", "Policies", "0", "PolicyDocument", "Statement").([]any)
	var assumed any
	for _, s := range statements {
		if at(t, s, "Action", "0") == "sts:AssumeRole" {
			assumed = s.(map[string]any)["Resource"]
		}
	}
	wantRoles := []any{"arn:aws:iam::222222222222:role/copilot-test-stage-EnvManagerRole", "arn:aws:iam::333333333333:role/copilot-test-production-EnvManagerRole"}
	if diff := cmp.Diff(wantRoles, assumed); diff != "" {
		t.Errorf("roles the deploy role may assume (-want +got):\n%s", diff)
	}
	if len(d.Warnings) > 0 {
		t.Errorf("warnings on the reference example: %v", d.Warnings)
	}
	spec := at(t, doc, "Resources", "DeployProject", "Properties", "Source", "BuildSpec").(string)
	if strings.Contains(spec, "~/.aws/config") {
		t.Errorf("the deploy buildspec writes profiles:\n%s", spec)
	}
}

// TestPipelineWithoutToolURL checks that a pipeline without a flightplan
// download says exactly what to set: a warning located at the pipeline's
// block, which validate, render and plan all show.
func TestPipelineWithoutToolURL(t *testing.T) {
	cfg := referenceConfig()
	cfg.Pipelines[0].DeclRange = hcl.Range{Filename: "flightplan.hcl", Start: hcl.Pos{Line: 56, Column: 1}, End: hcl.Pos{Line: 56, Column: 20}}
	d := compile(t, cfg)
	want := "pipeline/develop: " + toolCautionDetail
	var found *hcl.Diagnostic
	for _, w := range d.Warnings {
		if w.Summary == toolCautionSummary && w.Detail == want+"." {
			found = w
		}
	}
	if found == nil || found.Severity != hcl.DiagWarning || found.Subject == nil || found.Subject.Start.Line != 56 ||
		!strings.Contains(found.Detail, `set FLIGHTPLAN_TOOL_URL to the URL of flightplan's Linux binary, "{arch}" standing for amd64 or arm64`) {
		t.Errorf("no located warning %q in %v", want, d.Warnings)
	}
	if len(d.Warnings) != len(cfg.Pipelines) {
		t.Errorf("%d warnings, want one per pipeline: %v", len(d.Warnings), d.Warnings)
	}
	withURL, err := Compile(cfg, Options{ToolURL: "https://x/{arch}"})
	if err != nil {
		t.Fatal(err)
	}
	if len(withURL.Warnings) != 0 {
		t.Errorf("warnings with a tool URL: %v", withURL.Warnings)
	}
}
