package stacks

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/lang"
	"flightplan/schema"
)

const envFileHCL = `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "api" {
  type     = "backend"
  image    = "public.ecr.aws/example/api:1"
  env_file = "api.env"
  logging {
    destination = { Name = "cloudwatch" }
    env_file    = "api.env"
  }
  sidecar "agent" {
    image    = "public.ecr.aws/example/agent:1"
    env_file = "agent.env"
  }
}

job "report" {
  schedule = "@daily"
  image    = "public.ecr.aws/example/report:1"
  env_file = "arn:aws:s3:::shop-config/report.env"
}
`

// TestEnvFileGolden compiles env files, validates them against awsspec and
// compares them with testdata/envfile.
func TestEnvFileGolden(t *testing.T) {
	compileGolden(t, loadEnvFileHCL(t), "envfile")
}

// TestEnvFileUpload: a file of the configuration is uploaded under a key
// named after its content, read from the region stack's bucket output; an
// S3 ARN is used as it is and uploads nothing.
func TestEnvFileUpload(t *testing.T) {
	d := compile(t, loadEnvFileHCL(t))
	api := d.Node(addr.Deploy("test", "api")).Stack
	want := []Upload{{From: addr.Region("us-east-1"), Output: "PipelineBucket",
		Key:  "manual/env-files/api.env/7a967e71a9a53a5a4bea5d4fd6d38bb91f64e2148b9f5a56fa03f83dab220ab6.env",
		Body: "LOG_LEVEL=info\n"}, {From: addr.Region("us-east-1"), Output: "PipelineBucket",
		Key:  "manual/env-files/agent.env/580d9db65702a3e3eb72d35fff220d9789b3b418a3f02268126bc4e4a9844424.env",
		Body: "AGENT=1\n"}}
	if diff := cmp.Diff(want, api.Uploads); diff != "" {
		t.Errorf("uploads (-want +got):\n%s", diff)
	}
	wantIn := []Input{
		{Parameter: "ArtifactBucketName", From: addr.Region("us-east-1"), Output: "PipelineBucket"},
		{Parameter: "ArtifactKeyARN", From: addr.Region("us-east-1"), Output: "KMSKeyARN"},
	}
	if diff := cmp.Diff(wantIn, api.Inputs); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	cds := at(t, resources(t, tmpl(t, d, addr.Deploy("test", "api"))), "TaskDefinition", "Properties", "ContainerDefinitions").([]any)
	for i, name := range []string{"api", "firelens_log_router", "agent"} {
		if at(t, cds[i], "Name") != name {
			t.Fatalf("container %d is %v, want %s", i, at(t, cds[i], "Name"), name)
		}
		if _, ok := cds[i].(map[string]any)["EnvironmentFiles"]; !ok {
			t.Errorf("container %s has no env file", name)
		}
	}
	job := d.Node(addr.Deploy("test", "report")).Stack
	if len(job.Uploads) != 0 || len(job.Inputs) != 0 {
		t.Errorf("an S3 ARN uploads %v and reads %v", job.Uploads, job.Inputs)
	}
	res := resources(t, tmpl(t, d, addr.Deploy("test", "report")))
	got := at(t, res, "TaskDefinition", "Properties", "ContainerDefinitions", "0", "EnvironmentFiles")
	if diff := cmp.Diff(asJSON(t, `[{"Type": "s3", "Value": "arn:aws:s3:::shop-config/report.env"}]`), got); diff != "" {
		t.Errorf("job's env files (-want +got):\n%s", diff)
	}
}

func loadEnvFileHCL(t *testing.T) *schema.Config {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"api.env": "LOG_LEVEL=info\n", "agent.env": "AGENT=1\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, "flightplan.hcl")
	if err := os.WriteFile(file, []byte(envFileHCL), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, diags := lang.Load(lang.Options{File: file})
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	return cfg
}
