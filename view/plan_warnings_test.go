package view

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"flightplan/addr"
	"flightplan/planner"
)

func TestPlanWarningsShowInEveryView(t *testing.T) {
	const warning = "this update changes export demo-test-VpcId, which demo-test-api (deploy/test/api) imports"
	p := &planner.Plan{App: "demo", Changes: []*planner.Change{{
		Addr: addr.Env("test"), Address: "env/test", Action: planner.Update, Account: "2", Region: "r",
		Warnings: []string{warning},
		Stack: &planner.StackChange{Name: "demo-test", Action: planner.Update, Resources: []planner.ResourceChange{
			{LogicalID: "VPC", Type: "AWS::EC2::VPC", Action: planner.Replace}}},
	}}}
	for name, tc := range map[string]struct {
		write func(io.Writer, *planner.Plan) error
		want  []string
	}{
		"text":     {func(w io.Writer, p *planner.Plan) error { return WritePlan(w, p, false) }, []string{"# Warning: " + warning}},
		"json":     {WritePlanJSON, []string{`"warnings": [`, warning}},
		"markdown": {WritePlanMarkdown, []string{"> [!CAUTION]\n> Apply will fail as planned:\n> - `env/test`: " + warning, "# Warning: " + warning}},
	} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b, p); err != nil {
				t.Fatal(err)
			}
			for _, want := range tc.want {
				if !strings.Contains(b.String(), want) {
					t.Errorf("output lacks %q:\n%s", want, b.String())
				}
			}
		})
	}
}
