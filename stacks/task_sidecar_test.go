package stacks

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/lang"
	"flightplan/schema"
)

// loadHCL loads a configuration from source with the real front end.
func loadHCL(t *testing.T, src string) *schema.Config {
	t.Helper()
	file := filepath.Join(t.TempDir(), "flightplan.hcl")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, diags := lang.Load(lang.Options{File: file})
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	return cfg
}

// asJSON decodes the JSON form of want, so that it compares with a
// decoded template.
func asJSON(t *testing.T, want string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(want), &v); err != nil {
		t.Fatalf("bad JSON in the test: %v", err)
	}
	return v
}

const sidecarHCL = `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "web" {
  type                 = "load-balanced-web"
  image                = "public.ecr.aws/example/web:1"
  port                 = 8080
  labels               = { "com.example.team" = "web" }
  container_depends_on = { agent = "start" }
  secrets              = { DB_URL = "db-url" }
  healthcheck {
    command = ["CMD", "/bin/check"]
  }
  http {
    target_container = "nginx"
  }
  sidecar "nginx" {
    image      = "public.ecr.aws/nginx/nginx:1.27"
    port       = 80
    depends_on = { web = "healthy" }
    variables  = { UPSTREAM = "localhost:8080" }
    healthcheck {
      command      = ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]
      interval     = "30s"
      retries      = 3
      timeout      = "10s"
      start_period = "1m"
    }
  }
  sidecar "agent" {
    image                 = "registry.example.com/agent:7"
    essential             = false
    memory_reservation    = 128
    credentials_parameter = "arn:aws:secretsmanager:us-east-1:111111111111:secret:registry"
    secrets               = { API_KEY = "arn:aws:secretsmanager:us-east-1:111111111111:secret:agent-key-AbCdEf" }
    command               = ["agent", "run"]
  }
  autoscaling {
    max                = 4
    cpu_percentage     = 70
    scale_in_cooldown  = "5m"
    scale_out_cooldown = "30s"
  }
}
`

func TestSidecarsCompile(t *testing.T) {
	d := compile(t, loadHCL(t, sidecarHCL))
	doc := tmpl(t, d, addr.Deploy("test", "web"))
	cds := at(t, resources(t, doc), "TaskDefinition", "Properties", "ContainerDefinitions").([]any)
	if len(cds) != 3 {
		t.Fatalf("want the main container and two sidecars, got %d containers", len(cds))
	}
	main, nginx, agent := cds[0].(map[string]any), cds[1].(map[string]any), cds[2].(map[string]any)
	checks := map[string]struct {
		got  any
		want string
	}{
		"main health check, Copilot's defaults": {main["HealthCheck"], `{"Command":["CMD","/bin/check"],"Interval":10,"Retries":2,"Timeout":5,"StartPeriod":0}`},
		"main labels":                           {main["DockerLabels"], `{"com.example.team":"web"}`},
		"main depends on":                       {main["DependsOn"], `[{"ContainerName":"agent","Condition":"START"}]`},
		"main port":                             {main["PortMappings"], `[{"ContainerPort":8080,"Protocol":"tcp"}]`},
		"sidecar health check":                  {nginx["HealthCheck"], `{"Command":["CMD-SHELL","curl -f http://localhost/ || exit 1"],"Interval":30,"Retries":3,"Timeout":10,"StartPeriod":60}`},
		"sidecar depends on":                    {nginx["DependsOn"], `[{"ContainerName":"web","Condition":"HEALTHY"}]`},
		"sidecar port":                          {nginx["PortMappings"], `[{"ContainerPort":80,"Protocol":"tcp"}]`},
		"sidecar essential by default":          {nginx["Essential"], `true`},
		"sidecar logs like the main container":  {nginx["LogConfiguration"], mustJSON(t, main["LogConfiguration"])},
		"non-essential sidecar":                 {agent["Essential"], `false`},
		"memory reservation":                    {agent["MemoryReservation"], `128`},
		"registry credentials":                  {agent["RepositoryCredentials"], `{"CredentialsParameter":"arn:aws:secretsmanager:us-east-1:111111111111:secret:registry"}`},
		"sidecar secrets":                       {agent["Secrets"], `[{"Name":"API_KEY","ValueFrom":"arn:aws:secretsmanager:us-east-1:111111111111:secret:agent-key-AbCdEf"}]`},
		"sidecar command":                       {agent["Command"], `["agent","run"]`},
		"target group port":                     {at(t, resources(t, doc), "TargetGroup", "Properties", "Port"), `80`},
		"load balancer target":                  {at(t, resources(t, doc), "Service", "Properties", "LoadBalancers"), `[{"ContainerName":"nginx","ContainerPort":80,"TargetGroupArn":{"Ref":"TargetGroup"}}]`},
		"scale-in cooldown":                     {at(t, resources(t, doc), "AutoScalingPolicyCPU", "Properties", "TargetTrackingScalingPolicyConfiguration", "ScaleInCooldown"), `300`},
		"scale-out cooldown":                    {at(t, resources(t, doc), "AutoScalingPolicyCPU", "Properties", "TargetTrackingScalingPolicyConfiguration", "ScaleOutCooldown"), `30`},
	}
	for name, c := range checks {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(asJSON(t, c.want), c.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	vars := map[string]any{}
	for _, v := range nginx["Environment"].([]any) {
		vars[v.(map[string]any)["Name"].(string)] = v.(map[string]any)["Value"]
	}
	if vars["UPSTREAM"] != "localhost:8080" || vars["COPILOT_SERVICE_NAME"] != "web" {
		t.Errorf("sidecar environment = %v, want its variables and Copilot's names", vars)
	}
	validateAll(t, d)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSidecarSecretsGranted: the execution role reads the sidecars'
// secrets and the registry credentials, besides the main container's.
func TestSidecarSecretsGranted(t *testing.T) {
	doc := tmpl(t, compile(t, loadHCL(t, sidecarHCL)), addr.Deploy("test", "web"))
	stmts := at(t, resources(t, doc), "ExecutionRole", "Properties", "Policies", "0", "PolicyDocument", "Statement")
	want := `[
	  {"Effect":"Allow","Action":["ssm:GetParameters"],"Resource":["arn:aws:ssm:us-east-1:111111111111:parameter/db-url"]},
	  {"Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":[
	    "arn:aws:secretsmanager:us-east-1:111111111111:secret:agent-key-AbCdEf",
	    "arn:aws:secretsmanager:us-east-1:111111111111:secret:registry-??????"]}]`
	if diff := cmp.Diff(asJSON(t, want), stmts); diff != "" {
		t.Errorf("execution role statements (-want +got):\n%s", diff)
	}
}

// TestTargetPortOnMainContainer: a target port other than the main
// container's port is exposed on it too, and the target group uses it.
func TestTargetPortOnMainContainer(t *testing.T) {
	src := `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "web" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/web:1"
  port  = 8080
  http {
    target_port = 9090
  }
}
`
	doc := tmpl(t, compile(t, loadHCL(t, src)), addr.Deploy("test", "web"))
	res := resources(t, doc)
	got := at(t, res, "TaskDefinition", "Properties", "ContainerDefinitions", "0", "PortMappings")
	if diff := cmp.Diff(asJSON(t, `[{"ContainerPort":8080,"Protocol":"tcp"},{"ContainerPort":9090,"Protocol":"tcp"}]`), got); diff != "" {
		t.Errorf("port mappings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(asJSON(t, `9090`), at(t, res, "TargetGroup", "Properties", "Port")); diff != "" {
		t.Errorf("target group port (-want +got):\n%s", diff)
	}
}

// TestSidecarWaitsForItsImage: a deployment whose sidecar runs a built
// image depends on that image's node, as it does on its main image's.
// The compiler sorts a node's dependencies.
func TestSidecarWaitsForItsImage(t *testing.T) {
	src := `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

image "web" {
  build {}
}

image "proxy" {
  build {
    context = "proxy"
  }
}

service "web" {
  type  = "backend"
  image = image.web
  sidecar "proxy" {
    image = image.proxy
  }
  sidecar "again" {
    image = image.web
  }
}
`
	n := compile(t, loadHCL(t, src)).Node(addr.Deploy("test", "web"))
	var images []addr.Address
	for _, a := range n.DependsOn {
		if a.Kind == addr.KindImage {
			images = append(images, a)
		}
	}
	if diff := cmp.Diff([]addr.Address{addr.Image("proxy"), addr.Image("web")}, images); diff != "" {
		t.Errorf("image dependencies (-want +got):\n%s", diff)
	}
}
