package stacks

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
)

const loggingHCL = `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  logging {
    retention = 7
    destination = {
      Name            = "firehose"
      region          = "us-east-1"
      delivery_stream = "shop-logs"
    }
    secret_options = { apikey = { secretsmanager = "shop/log-key" } }
    enable_metadata = false
    config_file     = "/fluent-bit/configs/parse-json.conf"
    variables       = { LOG_LEVEL = "info" }
  }
}

job "report" {
  schedule = "@daily"
  image    = "public.ecr.aws/example/report:1"
  logging {
    retention = 14
  }
}
`

// TestLoggingGolden compiles FireLens logging, validates it against
// awsspec and compares it with testdata/logging.
func TestLoggingGolden(t *testing.T) {
	compileGolden(t, loadHCL(t, loggingHCL), "logging")
}

// TestFireLens: the main container logs through the router with the
// destination's options and secret options; the router is Copilot's
// container with its Fluent Bit settings; retention alone keeps awslogs.
func TestFireLens(t *testing.T) {
	d := compile(t, loadHCL(t, loggingHCL))
	res := resources(t, tmpl(t, d, addr.Deploy("test", "api")))
	cds := at(t, res, "TaskDefinition", "Properties", "ContainerDefinitions").([]any)
	if len(cds) != 2 {
		t.Fatalf("%d containers, want the main one and the router", len(cds))
	}
	want := asJSON(t, `{"LogDriver": "awsfirelens",
		"Options": {"Name": "firehose", "region": "us-east-1", "delivery_stream": "shop-logs"},
		"SecretOptions": [{"Name": "apikey", "ValueFrom": "arn:aws:secretsmanager:us-east-1:111111111111:secret:shop/log-key"}]}`)
	if diff := cmp.Diff(want, at(t, cds[0], "LogConfiguration")); diff != "" {
		t.Errorf("main container's log configuration (-want +got):\n%s", diff)
	}
	router := cds[1].(map[string]any)
	if router["Name"] != "firelens_log_router" || router["Image"] != "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable" {
		t.Errorf("router is %v %v", router["Name"], router["Image"])
	}
	wantFL := asJSON(t, `{"Type": "fluentbit", "Options": {"enable-ecs-log-metadata": "false",
		"config-file-type": "file", "config-file-value": "/fluent-bit/configs/parse-json.conf"}}`)
	if diff := cmp.Diff(wantFL, router["FirelensConfiguration"]); diff != "" {
		t.Errorf("router's FireLens configuration (-want +got):\n%s", diff)
	}
	if got := at(t, router, "LogConfiguration", "LogDriver"); got != "awslogs" {
		t.Errorf("router logs with %v, want awslogs", got)
	}
	if got := at(t, res, "LogGroup", "Properties", "RetentionInDays"); got != 7.0 {
		t.Errorf("retention %v, want 7", got)
	}
	job := resources(t, tmpl(t, d, addr.Deploy("test", "report")))
	if got := at(t, job, "TaskDefinition", "Properties", "ContainerDefinitions", "0", "LogConfiguration", "LogDriver"); got != "awslogs" {
		t.Errorf("retention alone logs with %v, want awslogs", got)
	}
	if n := len(at(t, job, "TaskDefinition", "Properties", "ContainerDefinitions").([]any)); n != 1 {
		t.Errorf("retention alone gives %d containers, want 1", n)
	}
}
