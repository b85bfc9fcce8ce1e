package awssim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim"
	"flightplan/awssim/awssimtest"
)

// stateTemplate makes a resource of every type another service keeps in
// step with stacks, and a certificate that cannot validate, so that the
// state file holds a running operation with a failure scheduled.
const stateTemplate = `{"Resources": {
  "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "state-bucket", "VersioningConfiguration": {"Status": "Enabled"}}},
  "Repo": {"Type": "AWS::ECR::Repository", "Properties": {"RepositoryName": "state/app", "EmptyOnDelete": true}},
  "Zone": {"Type": "AWS::Route53::HostedZone", "Properties": {"Name": "app.example.com"}},
  "Www": {"Type": "AWS::Route53::RecordSet", "Properties": {"HostedZoneId": {"Ref": "Zone"}, "Name": "www.app.example.com", "Type": "CNAME", "TTL": "60", "ResourceRecords": ["app.example.net"]}}
}, "Outputs": {"NS": {"Value": {"Fn::Join": [",", {"Fn::GetAtt": ["Zone", "NameServers"]}]}, "Export": {"Name": "zone-ns"}}}}`

const certTemplate = `{"Resources": {
  "Cert": {"Type": "AWS::CertificateManager::Certificate", "Properties": {"DomainName": "nowhere.example.org", "ValidationMethod": "DNS",
    "DomainValidationOptions": [{"DomainName": "nowhere.example.org", "HostedZoneId": "Z0000"}]}}
}}`

// writeStateScenario drives every service of a simulator persisted in dir,
// so that each section of the state file holds something.
func writeStateScenario(t *testing.T, dir string) {
	ctx := context.Background()
	ts := awssimtest.Start(t, awssim.Options{StateDir: dir})
	ssmc := ssmClient(ts, acctA, region)
	put(t, ssmc, "/state/a", "1")
	put(t, ssmc, "/state/h", "1")
	put(t, ssmc, "/state/h", "2")
	label(t, ssmc, "/state/h", 1, "first")
	if _, err := stsClient(ts, acctA).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + acctB + ":role/deploy"), RoleSessionName: aws.String("s1")}); err != nil {
		t.Fatal(err)
	}
	cfn := cloudformation.NewFromConfig(ts.Config(acctA, region))
	createStack(t, cfn, "state", stateTemplate)
	createChangeSet(t, cfn, "state", "cs1", "UPDATE", stateTemplate+" ")
	if _, err := cfn.DetectStackDrift(ctx, &cloudformation.DetectStackDriftInput{StackName: aws.String("state")}); err != nil {
		t.Fatal(err)
	}
	if _, err := cfn.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("cert"), TemplateBody: aws.String(certTemplate)}); err != nil {
		t.Fatal(err)
	}
	r53 := r53Client(ts, acctA)
	z, err := r53.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: aws.String("example.com"), CallerReference: aws.String("r1")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: z.HostedZone.Id,
		ChangeBatch: &r53types.ChangeBatch{Changes: []r53types.Change{{Action: r53types.ChangeActionCreate, ResourceRecordSet: &r53types.ResourceRecordSet{
			Name: aws.String("api.example.com"), Type: r53types.RRTypeA, TTL: aws.Int64(300),
			ResourceRecords: []r53types.ResourceRecord{{Value: aws.String("192.0.2.1")}}}}}}}); err != nil {
		t.Fatal(err)
	}
	s3c := s3Client(ts, acctA, region)
	putObject(t, s3c, "state-bucket", "k", "v1")
	makeBucket(t, s3c, "state-plain", false)
	putObject(t, s3c, "state-plain", "k", "v")
	putImage(t, ecr.NewFromConfig(ts.Config(acctA, region)), "state/app", "v1", `{"schemaVersion":2}`)
	ts.Clock.Advance(time.Second)
	if err := ts.StateError(); err != nil {
		t.Fatal(err)
	}
	if err := ts.Sim.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestStateRoundTrip checks that a state folder holding every service's
// state reads back into the same state: written again, its snapshot does
// not change.
func TestStateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	writeStateScenario(t, dir)
	want, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	checkWrittenBack(t, want)
}

// TestStateFileFormat restarts a simulator on a state file written before
// the simulator was split into packages (version 1, before the journal)
// and makes it write the file again: each service's state must not change,
// so that a folder kept by flightplan sim keeps working across versions.
// testdata/state-v1.json is that claim; it is never rewritten.
func TestStateFileFormat(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("testdata", "state-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	checkWrittenBack(t, want)
}

// checkWrittenBack starts a simulator on the state file want, makes it
// write the file again and compares each member, in compact JSON.
func checkWrittenBack(t *testing.T, want []byte) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "state.json"), want, 0o644); err != nil {
		t.Fatal(err)
	}
	sim, err := awssim.New(awssim.Options{StateDir: dir, Clock: awssim.NewFakeClock()})
	if err != nil {
		t.Fatal(err)
	}
	sim.ClearResourceFaults() // a change: the state is written again
	if err := sim.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	wantMembers, gotMembers := compactMembers(t, want), compactMembers(t, got)
	if gotMembers["Version"] != "2" {
		t.Errorf("written back as version %s, want 2", gotMembers["Version"])
	}
	for _, m := range []string{"Version", "Journal"} {
		delete(wantMembers, m)
		delete(gotMembers, m)
	}
	if diff := cmp.Diff(wantMembers, gotMembers); diff != "" {
		t.Errorf("the state changed when written back (-want +got):\n%s", diff)
	}
}

// compactMembers reads a state file's members, each in compact JSON.
func compactMembers(t *testing.T, data []byte) map[string]string {
	t.Helper()
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range members {
		var b bytes.Buffer
		if err := json.Compact(&b, v); err != nil {
			t.Fatal(err)
		}
		out[k] = b.String()
	}
	return out
}
