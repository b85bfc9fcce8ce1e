package adopt

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flightplan/lang"
)

// TestCopilotParityFields: Copilot's count.spot, count.range.spot_from,
// secrets by secretsmanager name and from_cfn, variables from_cfn,
// FireLens logging and a Windows platform map onto flightplan's fields,
// and the file loads.
func TestCopilotParityFields(t *testing.T) {
	const manifest = `
name: api
type: Backend Service
image:
  location: public.ecr.aws/example/api:1
count:
  spot: 2
variables:
  VPC_ID:
    from_cfn: shared-VpcId
secrets:
  API_KEY:
    secretsmanager: 'shop/api:key::'
  TOKEN:
    from_cfn: shared-TokenArn
logging:
  destination:
    Name: cloudwatch
    region: us-east-1
  enableMetadata: false
  secretOptions:
    LOG_TOKEN:
      secretsmanager: shop/log-token
  configFilePath: /fluent-bit/extra.conf
`
	const worker = `
name: jobs
type: Backend Service
image:
  location: public.ecr.aws/example/jobs:1
count:
  range:
    min: 1
    max: 4
    spot_from: 2
  cpu_percentage: 70
`
	const legacy = `
name: legacy
type: Backend Service
image:
  location: public.ecr.aws/example/legacy:1
platform: windows/x86_64
cpu: 1024
memory: 2048
`
	app := Application{Name: "shop", Account: "111111111111", Region: "us-east-1",
		Envs: []Env{{Name: "test", Account: "111111111111", Region: "us-east-1"}},
		Workloads: []Workload{
			{Name: "api", Type: "Backend Service", Manifest: []byte(manifest)},
			{Name: "jobs", Type: "Backend Service", Manifest: []byte(worker)},
			{Name: "legacy", Type: "Backend Service", Manifest: []byte(legacy)},
		}}
	res, err := Translate(app)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Unsupported) != 0 {
		t.Errorf("unsupported: %v", res.Unsupported)
	}
	src := string(res.Source)
	for _, want := range []string{
		`platform = "windows_server_2019_core"`,
		`count = { spot = 2 }`,
		`VPC_ID = import_value("shared-VpcId")`,
		`API_KEY = { secretsmanager = "shop/api:key::" }`,
		`TOKEN = import_value("shared-TokenArn")`,
		`destination = { Name = "cloudwatch", region = "us-east-1" }`,
		`enable_metadata = false`,
		`secret_options = { LOG_TOKEN = { secretsmanager = "shop/log-token" } }`,
		`config_file = "/fluent-bit/extra.conf"`,
		`spot_from = 2`,
	} {
		if !strings.Contains(strings.Join(strings.Fields(src), " "), want) {
			t.Errorf("the adopted file lacks %s:\n%s", want, src)
		}
	}
	file := filepath.Join(t.TempDir(), "flightplan.hcl")
	if err := os.WriteFile(file, res.Source, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, diags := lang.Load(lang.Options{File: file}); diags.HasErrors() {
		for _, d := range diags {
			t.Errorf("%s: %s: %s", d.Subject, d.Summary, d.Detail)
		}
		t.Fatalf("the adopted file does not load:\n%s", src)
	}
}
