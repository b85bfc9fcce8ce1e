package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/awssim/awssimtest"
	"flightplan/planner"
)

const editedApp = `app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

variable "count" {
  type    = number
  default = 1
}

environment "dev" {}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/nginx/nginx:latest"
  count = var.count
}
`

// TestApplyRefusesAnEditedPlan edits a saved plan as someone with write
// access to the file could, and checks that apply refuses each edit,
// naming it, with nothing changed in AWS (read back through the SDK from
// the simulator); the unedited plan then applies.
func TestApplyRefusesAnEditedPlan(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	t.Setenv("FLIGHTPLAN_SIM_SPEED", "20000")
	ts := awssimtest.Start(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "flightplan.hcl")
	if err := os.WriteFile(cfg, []byte(editedApp), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string) {
		var out, errOut bytes.Buffer
		code := Main(context.Background(), append([]string{"-f", cfg, "--sim", ts.URL}, args...), Stdio{In: strings.NewReader(""), Out: &out, Err: &errOut}, Signals{})
		return code, errOut.String()
	}
	if code, stderr := run("apply", "--auto-approve"); code != 0 {
		t.Fatalf("first apply: exit %d: %s", code, stderr)
	}
	cfn := cloudformation.NewFromConfig(ts.Config("111111111111", "us-east-1"))
	victim := &cloudformation.CreateStackInput{StackName: aws.String("victim-prod-db"),
		TemplateBody: aws.String(`{"Resources":{"Db":{"Type":"AWS::SNS::Topic"}}}`)}
	if _, err := cfn.CreateStack(context.Background(), victim); err != nil {
		t.Fatal(err)
	}
	plan := filepath.Join(dir, "p.plan")
	if code, stderr := run("--var", "count=2", "plan", "--out", plan); code != 0 {
		t.Fatalf("plan: exit %d: %s", code, stderr)
	}
	deploy := addr.Deploy("dev", "api")
	tests := map[string]struct {
		edit func(p *planner.Plan)
		want string
	}{
		"an administrator role added": {
			edit: func(p *planner.Plan) {
				editTemplate(t, changeOf(t, p, deploy), func(tmpl map[string]any) {
					tmpl["Resources"].(map[string]any)["Backdoor"] = map[string]any{"Type": "AWS::IAM::Role", "Properties": map[string]any{
						"AssumeRolePolicyDocument": map[string]any{"Statement": []any{map[string]any{
							"Effect": "Allow", "Principal": map[string]any{"AWS": "*"}, "Action": "sts:AssumeRole"}}},
						"ManagedPolicyArns": []any{"arn:aws:iam::aws:policy/AdministratorAccess"}}}
				})
			},
			want: "deploy/dev/api: the desired state differs at stack.template.Resources.Backdoor (in the plan file only)",
		},
		"DesiredCount changed": {
			edit: func(p *planner.Plan) {
				editTemplate(t, changeOf(t, p, deploy), func(tmpl map[string]any) {
					tmpl["Resources"].(map[string]any)["Service"].(map[string]any)["Properties"].(map[string]any)["DesiredCount"] = 40
				})
			},
			want: "deploy/dev/api: the desired state differs at stack.template.Resources.Service.Properties.DesiredCount",
		},
		"a delete aimed at an untagged stack": {
			edit: func(p *planner.Plan) {
				c := changeOf(t, p, addr.Env("dev"))
				c.Action, c.Desired = planner.Delete, nil
				c.Stack = &planner.StackChange{Name: "victim-prod-db", Action: planner.Delete}
			},
			want: "env/dev: the plan says delete, flightplan plans no-op",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p, err := planner.ReadPlanFile(plan)
			if err != nil {
				t.Fatal(err)
			}
			tc.edit(p)
			edited := filepath.Join(t.TempDir(), "edited.plan")
			if err := planner.WritePlanFile(edited, p); err != nil {
				t.Fatal(err)
			}
			before := simSnapshot(t, ts)
			code, stderr := run("--var", "count=2", "apply", edited)
			if code != exitError {
				t.Fatalf("apply of an edited plan: exit %d, want %d", code, exitError)
			}
			for _, want := range []string{
				"the saved plan " + edited + " is not the plan flightplan makes from the configuration and the live state",
				"so nothing was applied:", tc.want, "Make a new plan with: flightplan plan --out " + edited,
			} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if diff := cmp.Diff(before, simSnapshot(t, ts)); diff != "" {
				t.Errorf("the refused apply changed AWS (-before +after):\n%s", diff)
			}
		})
	}
	t.Run("targets that do not parse", func(t *testing.T) {
		p, err := planner.ReadPlanFile(plan)
		if err != nil {
			t.Fatal(err)
		}
		p.Targets = []string{"nope/x/y/z"}
		edited := filepath.Join(t.TempDir(), "edited.plan")
		if err := planner.WritePlanFile(edited, p); err != nil {
			t.Fatal(err)
		}
		code, stderr := run("--var", "count=2", "apply", edited)
		if want := "making the plan again to check " + edited + `: --target: invalid address "nope/x/y/z"`; code != exitError || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, exitError, want)
		}
	})
	if code, stderr := run("--var", "count=2", "apply", plan); code != 0 {
		t.Fatalf("apply of the unedited plan: exit %d: %s", code, stderr)
	}
}

// simSnapshot is every stack (name, status, last update) and document
// (name, version) of the app's account and region.
func simSnapshot(t *testing.T, ts *awssimtest.TestServer) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	stacks, err := cloudformation.NewFromConfig(ts.Config("111111111111", "us-east-1")).DescribeStacks(ctx, &cloudformation.DescribeStacksInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range stacks.Stacks {
		out = append(out, "stack "+aws.ToString(st.StackName)+" "+string(st.StackStatus)+" "+aws.ToTime(st.LastUpdatedTime).String())
	}
	params, err := ssm.NewFromConfig(ts.Config("111111111111", "us-east-1")).GetParametersByPath(ctx,
		&ssm.GetParametersByPathInput{Path: aws.String("/"), Recursive: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range params.Parameters {
		out = append(out, "document "+aws.ToString(p.Name)+" "+aws.ToString(p.Value))
	}
	return out
}

func changeOf(t *testing.T, p *planner.Plan, a addr.Address) *planner.Change {
	t.Helper()
	for _, c := range p.Changes {
		if c.Addr == a {
			return c
		}
	}
	t.Fatalf("the plan has no change for %s", a)
	return nil
}

// editTemplate edits the desired template of a change's stack.
func editTemplate(t *testing.T, c *planner.Change, edit func(map[string]any)) {
	t.Helper()
	var tmpl map[string]any
	if err := json.Unmarshal(c.Desired.Stack.Template, &tmpl); err != nil {
		t.Fatal(err)
	}
	edit(tmpl)
	b, err := json.MarshalIndent(tmpl, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	c.Desired.Stack.Template = b
}
