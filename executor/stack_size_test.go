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

// A template of an app-level stack too large even compact is refused before
// any write, saying so: only environments' and services' stacks have a
// regional bucket to upload to.
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
	if got == nil || !strings.Contains(got.Error(), "CloudFormation takes at most 51200 inline; only the stacks of environments and their services are uploaded") {
		t.Fatalf("error %v, want the inline-limit message", got)
	}
	if n := ts.CallCount("cloudformation", "CreateChangeSet"); n != 0 {
		t.Fatalf("%d change sets created for a template that cannot be sent", n)
	}
}

// bucketTemplate is a region stack with an artifact bucket it names in its
// PipelineBucket output, whose objects the test environment's account may
// read.
const bucketTemplate = `{"Resources":{"ArtifactBucket":{"Type":"AWS::S3::Bucket"},
"Policy":{"Type":"AWS::S3::BucketPolicy","Properties":{"Bucket":{"Ref":"ArtifactBucket"},"PolicyDocument":{"Version":"2012-10-17",
"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::` + testAccount + `:root"]},"Action":"s3:GetObject",
"Resource":{"Fn::Join":["",[{"Fn::GetAtt":["ArtifactBucket","Arn"]},"/*"]]}}]}}}},
"Outputs":{"PipelineBucket":{"Value":{"Ref":"ArtifactBucket"}}}}`

// An environment's template over the inline limit is uploaded to the
// artifact bucket of its region's stack (in the app's account) and passed
// by TemplateURL, which CloudFormation reads as the environment's account,
// as the bucket's policy allows: the stack is created with that template.
func TestLargeTemplateUploaded(t *testing.T) {
	ts, opts := simOptions(t)
	nodes := testApp()[:3]
	p := applyPlan(nodes, planner.Create, "v1")
	p.Changes[1].Desired.Stack.Template = []byte(bucketTemplate)
	body := indented(1200)
	p.Changes[2].Desired.Stack.Template = body
	if _, err := Apply(context.Background(), p, opts); err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	_ = json.Compact(&compact, body)
	if compact.Len() <= maxTemplateBody {
		t.Fatalf("test template is %d bytes compact, want over %d", compact.Len(), maxTemplateBody)
	}
	out, err := cfnOf(t, opts, testAccount).GetTemplate(context.Background(), &cloudformation.GetTemplateInput{StackName: aws.String("demo-test")})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(out.TemplateBody); got != compact.String() {
		t.Fatalf("deployed template has %d bytes, want the %d uploaded", len(got), compact.Len())
	}
	if n := ts.CallCount("s3", "PutObject"); n != 1 {
		t.Fatalf("%d templates uploaded, want 1", n)
	}
}

// A large template whose region stack names no artifact bucket fails its
// node before any change set, saying where it looked.
func TestLargeTemplateWithoutBucket(t *testing.T) {
	ts, opts := simOptions(t)
	nodes := testApp()[:3]
	nodes[2].account = appAccount
	p := applyPlan(nodes, planner.Create, "v1")
	p.Changes[2].Desired.Stack.Template = indented(1200)
	res, err := Apply(context.Background(), p, opts)
	if err == nil {
		t.Fatal("Apply succeeded without a bucket to upload to")
	}
	got := res.Outcomes[addr.Env("test")].Err
	if got == nil || !strings.Contains(got.Error(), "stack demo-test: uploading its template of") ||
		!strings.Contains(got.Error(), "has no output PipelineBucket") {
		t.Fatalf("error %v, want the upload failure naming the missing output", got)
	}
	if n := ts.CallCount("cloudformation", "CreateChangeSet"); n != 2 {
		t.Fatalf("%d change sets created, want 2 (app and region, not the environment)", n)
	}
}
