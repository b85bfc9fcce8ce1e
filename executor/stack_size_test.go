package executor

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"

	"flightplan/addr"
	"flightplan/planner"
)

// indented is a template of n log groups in the canonical, indented form.
func indented(n int) []byte {
	res := map[string]any{}
	for i := range n {
		res[strings.Repeat("L", 20)+string(rune('a'+i%26))+strings.Repeat("x", i/26)] = map[string]any{
			"Type": "AWS::Logs::LogGroup", "Properties": map[string]any{"RetentionInDays": 30},
		}
	}
	b, _ := json.MarshalIndent(map[string]any{"Resources": res}, "", "  ")
	return b
}

// A template over the inline limit only because of its indentation is
// sent compact, and CloudFormation keeps the same template.
func TestTemplateSentCompact(t *testing.T) {
	_, opts := simOptions(t)
	body := indented(450)
	var compact bytes.Buffer
	_ = json.Compact(&compact, body)
	if len(body) <= maxTemplateBody || compact.Len() > maxTemplateBody {
		t.Fatalf("test template: %d bytes indented, %d compact; want over and under %d", len(body), compact.Len(), maxTemplateBody)
	}
	nodes := testApp()[:1]
	p := applyPlan(nodes, planner.Create, "v1")
	p.Changes[0].Desired.Stack.Template = body
	if _, err := Apply(context.Background(), p, opts); err != nil {
		t.Fatal(err)
	}
	out, err := cfnOf(t, opts, appAccount).GetTemplate(context.Background(), &cloudformation.GetTemplateInput{StackName: aws.String(nodes[0].stack)})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(out.TemplateBody); got != compact.String() {
		t.Fatalf("deployed template is not the compact form (%d bytes, want %d)", len(got), compact.Len())
	}
}

// A template too large even compact is refused before any write, saying so.
func TestTemplateTooLarge(t *testing.T) {
	ts, opts := simOptions(t)
	nodes := testApp()[:1]
	p := applyPlan(nodes, planner.Create, "v1")
	p.Changes[0].Desired.Stack.Template = indented(1200)
	res, err := Apply(context.Background(), p, opts)
	if err == nil {
		t.Fatal("Apply succeeded with a template over the inline limit")
	}
	got := res.Outcomes[addr.App()].Err
	if got == nil || !strings.Contains(got.Error(), "CloudFormation takes at most 51200 inline; uploading larger templates to S3 is not implemented yet") {
		t.Fatalf("error %v, want the inline-limit message", got)
	}
	if n := ts.CallCount("cloudformation", "CreateChangeSet"); n != 0 {
		t.Fatalf("%d change sets created for a template that cannot be sent", n)
	}
}
