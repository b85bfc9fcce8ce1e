package stacks

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
)

const secretsHCL = `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

locals {
  vpc = import_value("shop-shared-VpcId")
}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  variables = {
    VPC     = local.vpc
    DB_HOST = "db.${import_value("shop-shared-DbDomain")}"
  }
  secrets = {
    DB_URL   = "/shop/test/db-url"
    API_KEY  = { secretsmanager = "shop/api-key" }
    DB_PASS  = { secretsmanager = "shop/db:password::" }
    TOKEN    = import_value("shop-shared-TokenArn")
  }
  network {
    security_groups = ["sg-0123456789abcdef0", import_value("shop-shared-DbClientSG")]
  }
  sidecar "agent" {
    image   = "public.ecr.aws/example/agent:1"
    secrets = { AGENT_KEY = { secretsmanager = "agent-key" } }
  }
}

job "report" {
  schedule = "@daily"
  image    = "public.ecr.aws/example/report:1"
  network {
    security_groups = [import_value("shop-shared-DbClientSG")]
  }
}
`

// TestSecretsGolden compiles secrets by name and imported values,
// validates them against awsspec and compares them with testdata/secrets.
func TestSecretsGolden(t *testing.T) {
	compileGolden(t, loadHCL(t, secretsHCL), "secrets")
}

// TestSecretsByName: a secret given by name becomes its ARN in the
// environment's account and region, keeping the JSON key, and the
// execution role may read the secret whatever suffix Secrets Manager gave
// it; an imported secret is granted as imported.
func TestSecretsByName(t *testing.T) {
	d := compile(t, loadHCL(t, secretsHCL))
	res := resources(t, tmpl(t, d, addr.Deploy("test", "api")))
	sm := "arn:aws:secretsmanager:us-east-1:111111111111:secret:"
	wantSecrets := asJSON(t, `[
		{"Name": "API_KEY", "ValueFrom": "`+sm+`shop/api-key"},
		{"Name": "DB_PASS", "ValueFrom": "`+sm+`shop/db:password::"},
		{"Name": "DB_URL", "ValueFrom": "arn:aws:ssm:us-east-1:111111111111:parameter/shop/test/db-url"},
		{"Name": "TOKEN", "ValueFrom": {"Fn::ImportValue": "shop-shared-TokenArn"}}]`)
	if diff := cmp.Diff(wantSecrets, at(t, res, "TaskDefinition", "Properties", "ContainerDefinitions", "0", "Secrets")); diff != "" {
		t.Errorf("main container's secrets (-want +got):\n%s", diff)
	}
	wantPolicy := asJSON(t, `[
		{"Effect": "Allow", "Action": ["ssm:GetParameters"], "Resource": ["arn:aws:ssm:us-east-1:111111111111:parameter/shop/test/db-url"]},
		{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": ["`+sm+`agent-key-??????", "`+sm+`shop/api-key-??????", "`+sm+`shop/db-??????"]},
		{"Effect": "Allow", "Action": ["ssm:GetParameters", "secretsmanager:GetSecretValue"], "Resource": [{"Fn::ImportValue": "shop-shared-TokenArn"}]}]`)
	if diff := cmp.Diff(wantPolicy, at(t, res, "ExecutionRole", "Properties", "Policies", "0", "PolicyDocument", "Statement")); diff != "" {
		t.Errorf("execution role's secrets policy (-want +got):\n%s", diff)
	}
}

// TestImportValues: import_value becomes Fn::ImportValue, alone or joined
// with the text around it.
func TestImportValues(t *testing.T) {
	d := compile(t, loadHCL(t, secretsHCL))
	res := resources(t, tmpl(t, d, addr.Deploy("test", "api")))
	env := map[string]any{}
	for _, v := range at(t, res, "TaskDefinition", "Properties", "ContainerDefinitions", "0", "Environment").([]any) {
		env[v.(map[string]any)["Name"].(string)] = v.(map[string]any)["Value"]
	}
	if diff := cmp.Diff(asJSON(t, `{"Fn::ImportValue": "shop-shared-VpcId"}`), env["VPC"]); diff != "" {
		t.Errorf("VPC (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(asJSON(t, `{"Fn::Join": ["", ["db.", {"Fn::ImportValue": "shop-shared-DbDomain"}]]}`), env["DB_HOST"]); diff != "" {
		t.Errorf("DB_HOST (-want +got):\n%s", diff)
	}
	sgs := at(t, res, "Service", "Properties", "NetworkConfiguration", "AwsvpcConfiguration", "SecurityGroups")
	want := asJSON(t, `[{"Fn::ImportValue": "shop-test-EnvironmentSecurityGroup"}, "sg-0123456789abcdef0", {"Fn::ImportValue": "shop-shared-DbClientSG"}]`)
	if diff := cmp.Diff(want, sgs); diff != "" {
		t.Errorf("security groups (-want +got):\n%s", diff)
	}
}
