package awssim_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"flightplan/awssim"
)

// largeTemplate is a template of n log groups, each with a long name, in
// JSON: over the 51,200-byte inline limit for n of a few hundred.
func largeTemplate(n int) string {
	var b strings.Builder
	b.WriteString(`{"Description":"large","Parameters":{"Env":{"Type":"String","Default":"dev"}},"Resources":{`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"Group%d":{"Type":"AWS::Logs::LogGroup","Properties":{"LogGroupName":"/large/%s/%d","RetentionInDays":30}}`, i, strings.Repeat("g", 100), i)
	}
	b.WriteString(`}}`)
	return b.String()
}

// TestTemplateURL checks that CreateStack, UpdateStack, CreateChangeSet,
// GetTemplateSummary and ValidateTemplate read a TemplateURL from the
// simulated S3, virtual-hosted and path style, and that a TemplateBody over
// 51,200 bytes is refused as AWS refuses it.
func TestTemplateURL(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	sc := s3Client(ts, testAccount, "us-east-1")
	if _, err := sc.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("templates")}); err != nil {
		t.Fatal(err)
	}
	body := largeTemplate(400)
	if len(body) <= 51200 {
		t.Fatalf("test template is %d bytes, want over the inline limit", len(body))
	}
	putTemplate(t, sc, "big.json", body)
	virtual := "https://templates.s3.us-east-1.amazonaws.com/big.json"
	path := "https://s3.us-east-1.amazonaws.com/templates/big.json"

	_, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("inline"), TemplateBody: aws.String(body)})
	apiError(t, err, "ValidationError", "Member must have length less than or equal to 51200")

	if _, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("big"), TemplateURL: aws.String(virtual)}); err != nil {
		t.Fatal(err)
	}
	if st := waitStack(t, c, "big"); st.StackStatus != types.StackStatusCreateComplete {
		t.Fatalf("big = %s %s", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	got, err := c.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: aws.String("big")})
	if err != nil || aws.ToString(got.TemplateBody) != body {
		t.Fatalf("GetTemplate: %v (same body: %v)", err, err == nil && aws.ToString(got.TemplateBody) == body)
	}

	bigger := largeTemplate(401)
	putTemplate(t, sc, "big.json", bigger)
	if _, err := c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("big"), TemplateURL: aws.String(path)}); err != nil {
		t.Fatal(err)
	}
	if st := waitStack(t, c, "big"); st.StackStatus != types.StackStatusUpdateComplete {
		t.Fatalf("big = %s %s", st.StackStatus, aws.ToString(st.StackStatusReason))
	}

	_, err = c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String("viacs"), ChangeSetName: aws.String("cs"),
		ChangeSetType: types.ChangeSetTypeCreate, TemplateURL: aws.String(virtual)})
	if err != nil {
		t.Fatal(err)
	}
	if d := waitChangeSet(t, c, "viacs", "cs"); len(d.Changes) != 401 {
		t.Errorf("change set from TemplateURL has %d changes, want 401", len(d.Changes))
	}

	sum, err := c.GetTemplateSummary(ctx, &cloudformation.GetTemplateSummaryInput{TemplateURL: aws.String(virtual)})
	if err != nil || aws.ToString(sum.Description) != "large" || len(sum.Parameters) != 1 {
		t.Errorf("GetTemplateSummary by URL: %v %+v", err, sum)
	}
	val, err := c.ValidateTemplate(ctx, &cloudformation.ValidateTemplateInput{TemplateURL: aws.String(path)})
	if err != nil || aws.ToString(val.Description) != "large" {
		t.Errorf("ValidateTemplate by URL: %v", err)
	}
	_, err = c.ValidateTemplate(ctx, &cloudformation.ValidateTemplateInput{TemplateURL: aws.String("https://templates.s3.us-east-1.amazonaws.com/none.json")})
	apiError(t, err, "ValidationError", "S3 error: The specified key does not exist.")

	// Another account reads the bucket only as a stack's bucket policy allows.
	other := cloudformation.NewFromConfig(ts.Config("333333333333", "us-east-1"))
	_, err = other.ValidateTemplate(ctx, &cloudformation.ValidateTemplateInput{TemplateURL: aws.String(virtual)})
	apiError(t, err, "ValidationError", "S3 error: Access Denied")
	createStack(t, c, "policy", fmt.Sprintf(readerPolicy, "templates", "333333333333"))
	if _, err := other.ValidateTemplate(ctx, &cloudformation.ValidateTemplateInput{TemplateURL: aws.String(virtual)}); err != nil {
		t.Fatalf("a reader the bucket policy allows: %v", err)
	}
}

// readerPolicy is a stack holding a bucket policy that lets an account's
// root get the objects of a bucket.
const readerPolicy = `Resources:
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: %s
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: {AWS: "arn:aws:iam::%s:root"}, Action: ["s3:GetObject"], Resource: "arn:aws:s3:::templates/*"}
`

const slowTemplate = `Resources:
  Cluster: {Type: AWS::ECS::Cluster}
  Topic: {Type: AWS::SNS::Topic}
  Queue: {Type: AWS::SQS::Queue, DependsOn: Topic}
`

// TestExpressMode checks that a change set made with DeploymentConfig Mode
// EXPRESS says so and that its resources complete once their
// configuration is applied: the stack is created in an eighth of the
// standard time (each resource at least a second).
func TestExpressMode(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	took := map[string]time.Duration{}
	for _, mode := range []types.DeploymentConfigMode{types.DeploymentConfigModeStandard, types.DeploymentConfigModeExpress} {
		name := "app-" + strings.ToLower(string(mode))
		cs, err := c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String(name), ChangeSetName: aws.String("cs"),
			ChangeSetType: types.ChangeSetTypeCreate, TemplateBody: aws.String(slowTemplate),
			DeploymentConfig: &types.DeploymentConfig{Mode: mode}})
		if err != nil {
			t.Fatal(err)
		}
		d := waitChangeSet(t, c, name, "cs")
		if d.DeploymentConfig == nil || d.DeploymentConfig.Mode != mode {
			t.Errorf("%s: DescribeChangeSet DeploymentConfig = %+v", mode, d.DeploymentConfig)
		}
		if _, err := c.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{ChangeSetName: cs.Id}); err != nil {
			t.Fatal(err)
		}
		st := waitStack(t, c, name)
		if st.StackStatus != types.StackStatusCreateComplete {
			t.Fatalf("%s = %s", name, st.StackStatus)
		}
		evs := events(t, c, name)
		took[string(mode)] = eventTime(evs, name, "CREATE_COMPLETE").Sub(eventTime(evs, name, "CREATE_IN_PROGRESS"))
	}
	// Standard: Topic 10s then Queue 60s (the cluster's 10s beside them);
	// express: 1.25s then 7.5s; each after the stack's own 2s.
	if want := 72 * time.Second; took["STANDARD"] != want {
		t.Errorf("standard took %s, want %s", took["STANDARD"], want)
	}
	if want := 10750 * time.Millisecond; took["EXPRESS"] != want {
		t.Errorf("express took %s, want %s", took["EXPRESS"], want)
	}
	_, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("bad"), TemplateBody: aws.String(slowTemplate),
		DeploymentConfig: &types.DeploymentConfig{Mode: "FAST"}})
	apiError(t, err, "ValidationError", "Value 'FAST' at 'deploymentConfig.mode' failed to satisfy constraint")
}

const driftTemplate = `Resources:
  Topic: {Type: AWS::SNS::Topic, Properties: {DisplayName: shop}}
  Logs: {Type: AWS::Logs::LogGroup, Properties: {RetentionInDays: 30}}
`

// TestRevertDriftChangeSet checks drift-aware change sets: with
// DeploymentMode REVERT_DRIFT and an unchanged template, the drifted
// resource is a Modify of its drifted property, and executing it puts the
// property back (drift detection finds the stack in sync); without it the
// change set is empty.
func TestRevertDriftChangeSet(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	createStack(t, c, "drifty", driftTemplate)
	if err := ts.DriftResource(testAccount, "us-east-1", "drifty", "Logs", map[string]any{"RetentionInDays": 7}); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []types.DeploymentMode{"", types.DeploymentModeRevertDrift} {
		name := "cs" + strings.ReplaceAll(string(mode), "_", "")
		if _, err := c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String("drifty"), ChangeSetName: aws.String(name),
			TemplateBody: aws.String(driftTemplate), DeploymentMode: mode}); err != nil {
			t.Fatal(err)
		}
		d := waitChangeSet(t, c, "drifty", name)
		if mode == "" {
			if d.Status != types.ChangeSetStatusFailed {
				t.Fatalf("a standard change set of an unchanged template is %s, want FAILED (empty)", d.Status)
			}
			continue
		}
		if d.DeploymentMode != mode || len(d.Changes) != 1 {
			t.Fatalf("drift-aware change set: mode %q, %d changes", d.DeploymentMode, len(d.Changes))
		}
		rc := d.Changes[0].ResourceChange
		if aws.ToString(rc.LogicalResourceId) != "Logs" || rc.Action != types.ChangeActionModify || len(rc.Details) != 1 ||
			aws.ToString(rc.Details[0].Target.Name) != "RetentionInDays" {
			t.Fatalf("change = %+v", rc)
		}
		if _, err := c.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{StackName: aws.String("drifty"), ChangeSetName: aws.String(name)}); err != nil {
			t.Fatal(err)
		}
	}
	if st := waitStack(t, c, "drifty"); st.StackStatus != types.StackStatusUpdateComplete {
		t.Fatalf("drifty = %s", st.StackStatus)
	}
	det, err := c.DetectStackDrift(ctx, &cloudformation.DetectStackDriftInput{StackName: aws.String("drifty")})
	if err != nil {
		t.Fatal(err)
	}
	for range 100 {
		out, err := c.DescribeStackDriftDetectionStatus(ctx, &cloudformation.DescribeStackDriftDetectionStatusInput{StackDriftDetectionId: det.StackDriftDetectionId})
		if err != nil {
			t.Fatal(err)
		}
		if out.DetectionStatus != types.StackDriftDetectionStatusDetectionInProgress {
			if out.StackDriftStatus != types.StackDriftStatusInSync {
				t.Fatalf("after the revert the stack is %s", out.StackDriftStatus)
			}
			return
		}
	}
	t.Fatal("drift detection never ended")
}

// TestExpressModeRollbackOffByDefault checks that an express stack
// operation that fails is left failed, keeping what it made, unless the
// request asks for rollback (DeploymentConfig.DisableRollback false): in
// express mode rollback is off by default.
func TestExpressModeRollbackOffByDefault(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	ts.FailResource(awssim.ResourceFault{LogicalID: "Queue", Reason: "injected"})
	for name, want := range map[string]types.StackStatus{
		"default": types.StackStatusCreateFailed, "rollback": types.StackStatusRollbackComplete, "standard": types.StackStatusRollbackComplete,
	} {
		cfg := &types.DeploymentConfig{Mode: types.DeploymentConfigModeExpress}
		switch name {
		case "rollback":
			cfg.DisableRollback = aws.Bool(false)
		case "standard":
			cfg.Mode = types.DeploymentConfigModeStandard
		}
		cs, err := c.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String(name), ChangeSetName: aws.String("cs"),
			ChangeSetType: types.ChangeSetTypeCreate, TemplateBody: aws.String(slowTemplate), DeploymentConfig: cfg})
		if err != nil {
			t.Fatal(err)
		}
		d := waitChangeSet(t, c, name, "cs")
		if got := aws.ToBool(d.DeploymentConfig.DisableRollback); got != (want == types.StackStatusCreateFailed) {
			t.Errorf("%s: DescribeChangeSet DisableRollback = %v", name, got)
		}
		if _, err := c.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{ChangeSetName: cs.Id}); err != nil {
			t.Fatal(err)
		}
		if st := waitStack(t, c, name); st.StackStatus != want {
			t.Errorf("%s: stack %s, want %s", name, st.StackStatus, want)
		}
	}
}
