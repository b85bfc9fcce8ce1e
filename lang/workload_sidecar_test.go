package lang

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/schema"
)

// TestSidecarsPerEnvironment: sidecars and the main container's settings
// are evaluated per environment, with Copilot's defaults where the file
// sets nothing.
func TestSidecarsPerEnvironment(t *testing.T) {
	src := `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

environment "production" {}

service "web" {
  type                 = "load-balanced-web"
  image                = "public.ecr.aws/example/web:1"
  port                 = 8080
  labels               = { tier = "web" }
  container_depends_on = { nginx = "start" }
  healthcheck {}
  http {
    target_container = "nginx"
  }
  sidecar "nginx" {
    image   = env.name == "production" ? "nginx:1.27" : "nginx:latest"
    port    = 80
    secrets = { TLS_KEY = "/shop/${env.name}/tls-key" }
  }
  autoscaling {
    max = 2
  }
}
`
	file := filepath.Join(t.TempDir(), "flightplan.hcl")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := load(t, Options{File: file})
	web := cfg.Workload("web")
	prod, test := web.Deployments["production"], web.Deployments["test"]
	for name, tc := range map[string]struct{ got, want any }{
		"sidecar per environment":      {[]string{prod.Sidecars[0].Image.URI, test.Sidecars[0].Image.URI}, []string{"nginx:1.27", "nginx:latest"}},
		"sidecar essential by default": {prod.Sidecars[0].Essential, true},
		"sidecar port":                 {prod.Sidecars[0].Port, 80},
		"sidecar secret":               {prod.Sidecars[0].Secrets, map[string]string{"TLS_KEY": "/shop/production/tls-key"}},
		"sidecar without health check": {prod.Sidecars[0].Healthcheck, (*schema.ContainerHealthcheck)(nil)},
		"health check defaults": {prod.Healthcheck, &schema.ContainerHealthcheck{
			Command: []string{"CMD-SHELL", "curl -f http://localhost/ || exit 1"}, Interval: 10 * time.Second, Retries: 2, Timeout: 5 * time.Second,
		}},
		"labels":             {prod.Labels, map[string]string{"tier": "web"}},
		"container depends":  {prod.ContainerDependsOn, map[string]string{"nginx": "start"}},
		"target container":   {prod.HTTP.TargetContainer, "nginx"},
		"cooldown defaults":  {[]time.Duration{prod.Autoscaling.ScaleInCooldown, prod.Autoscaling.ScaleOutCooldown}, []time.Duration{120 * time.Second, 60 * time.Second}},
		"secrets are masked": {slices.Contains(cfg.Sensitive, "/shop/test/tls-key"), true},
	} {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
