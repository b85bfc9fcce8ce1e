package lang

import (
	"testing"
	"time"
)

// A backend with an http block has the environment's internal load
// balancer, and the compiler scales it on that load balancer's requests
// and response time: the file loads without a word about them.
func TestBackendWithHTTPScalesOnTraffic(t *testing.T) {
	src := `app "a" {
  account = "111111111111"
  region  = "us-east-1"
}
environment "e" {}
service "api" {
  type  = "backend"
  image = "nginx"
  port  = 8080
  http {}
  autoscaling {
    max           = 4
    requests      = 100
    response_time = "2s"
  }
}
`
	cfg, diags := Load(Options{File: writeConfig(t, "flightplan.hcl", src)})
	if len(diags) > 0 {
		t.Fatalf("diagnostics for a backend with http scaling on traffic:\n%s", diags.Error())
	}
	as := cfg.Workload("api").Deployments["e"].Autoscaling
	if as.Requests != 100 || as.ResponseTime != 2*time.Second {
		t.Errorf("autoscaling = %+v, want requests 100 and response_time 2s", as)
	}
}
