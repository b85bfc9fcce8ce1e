package view_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/planner/plantest"
	"flightplan/view"
)

// TestPlanMarkdownStaysUnderGitHubsLimit checks that a plan too large for
// one pull-request comment keeps its whole summary table and notes, cuts
// the details with a line saying so, and fits.
func TestPlanMarkdownStaysUnderGitHubsLimit(t *testing.T) {
	var services []string
	for i := range 120 {
		services = append(services, fmt.Sprintf("svc%03d", i))
	}
	d := plantest.Desired(plantest.Spec{Services: services})
	s := plantest.Live(d, time.Time{})
	for _, name := range services {
		plantest.EditTemplate(d, addr.Deploy("test", name), func(t map[string]any) {
			plantest.Props(t, "TargetGroup")["HealthCheckPath"] = "/" + strings.Repeat("h", 1500)
		})
	}
	p, err := planner.Diff(d, s, planner.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p.Notes = append(p.Notes, "the last note")
	var b bytes.Buffer
	if err := view.WritePlanMarkdown(&b, p); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if b.Len() > view.MarkdownLimit {
		t.Errorf("the comment has %d bytes, over %d", b.Len(), view.MarkdownLimit)
	}
	for _, name := range services {
		if !strings.Contains(out, "| `deploy/test/"+name+"` |") {
			t.Errorf("the summary table lacks deploy/test/%s", name)
		}
	}
	if !strings.Contains(out, "are left out to keep this comment under GitHub's 65,536-character limit") {
		t.Errorf("no line says that details were left out")
	}
	if !strings.HasSuffix(out, "- the last note\n") {
		t.Errorf("the notes are not whole at the end:\n%s", out[len(out)-200:])
	}
	if !strings.Contains(out, "<details><summary><code>deploy/test/svc000</code>") {
		t.Errorf("the first node's details are missing")
	}
}
