package lang

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/schema"
)

// TestRoutingRulesAndNLB: rule blocks, protocol versions (with gRPC's
// health check defaults), redirect_to_https, the nlb block with its
// listeners, http = false, and the blue-green settings load into the
// schema with their defaults.
func TestRoutingRulesAndNLB(t *testing.T) {
	src := `app "shop" {
  account = "111111111111"
  region  = "us-east-1"
  domain {
    name = "example.com"
  }
}
environment "test" {}
service "web" {
  type  = "load-balanced-web"
  image = "nginx"
  port  = 8080
  http {
    redirect_to_https = false
    rule {
      path    = "/rpc"
      version = "grpc"
    }
  }
  nlb {
    port = "443/tls"
    additional_listener {
      port        = "53/udp"
      target_port = 5353
    }
  }
}
service "dns" {
  type  = "load-balanced-web"
  image = "nginx"
  port  = 5353
  http  = false
  nlb {
    port = "53"
  }
}
service "shop" {
  type  = "load-balanced-web"
  image = "nginx"
  port  = 8080
  deployment {
    strategy        = "blue-green"
    bake_time       = "5m"
    rollback_alarms = { cpu_utilization = 75 }
    test_listener {
      port = 8443
    }
  }
}
`
	cfg, diags := Load(Options{File: writeConfig(t, "flightplan.hcl", src)})
	if diags.HasErrors() {
		t.Fatalf("diagnostics:\n%s", diags.Error())
	}
	web, dns, shop := cfg.Workload("web").Deployments["test"], cfg.Workload("dns").Deployments["test"], cfg.Workload("shop").Deployments["test"]
	rpc := web.HTTP.Rules[0]
	for name, tc := range map[string]struct{ got, want any }{
		"forward on HTTP":        {web.HTTP.ForwardHTTP, true},
		"one additional rule":    {len(web.HTTP.Rules), 1},
		"rule path":              {rpc.Path, "/rpc"},
		"rule version":           {rpc.Version, schema.VersionGRPC},
		"gRPC health check path": {rpc.Healthcheck.Path, schema.DefaultGRPCHealthcheckPath},
		"gRPC success codes":     {rpc.Healthcheck.SuccessCodes, schema.DefaultGRPCSuccessCodes},
		"rule deregistration":    {rpc.DeregistrationDelay, schema.DefaultDeregistrationDelay},
		"main rule version":      {web.HTTP.Version, ""},
		"nlb listeners": {web.NLB.Listeners, []*schema.NLBListener{
			{Port: 443, Protocol: schema.NLBTLS, DeregistrationDelay: 60 * time.Second},
			{Port: 53, Protocol: schema.NLBUDP, TargetPort: 5353, DeregistrationDelay: 60 * time.Second},
		}},
		"http = false":         {[]any{dns.HTTPDisabled, dns.HTTP == nil}, []any{true, true}},
		"tcp by default":       {dns.NLB.Listeners[0].Protocol, schema.NLBTCP},
		"blue-green":           {shop.Strategy.BlueGreen, schema.BlueGreen{BakeTime: 5 * time.Minute, TestListenerPort: 8443}},
		"rollback threshold":   {shop.Strategy.Rollback, schema.RollbackThresholds{CPUUtilization: 75}},
		"redirects by default": {shop.HTTP.ForwardHTTP, false},
	} {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseNLBPort: a port alone is tcp; protocols are lower case.
func TestParseNLBPort(t *testing.T) {
	for in, want := range map[string]struct {
		port  int
		proto string
		ok    bool
	}{
		"80":       {80, schema.NLBTCP, true},
		"443/tls":  {443, schema.NLBTLS, true},
		"53/udp":   {53, schema.NLBUDP, true},
		"443/http": {0, "", false},
		"0/tcp":    {0, "", false},
		"x":        {0, "", false},
	} {
		p, proto, err := parseNLBPort(in)
		if p != want.port || proto != want.proto || (err == nil) != want.ok {
			t.Errorf("parseNLBPort(%q) = %d, %q, %v; want %d, %q, ok %t", in, p, proto, err, want.port, want.proto, want.ok)
		}
	}
}

// TestJSONHTTPBlock: in JSON syntax "http" is the block (JSON cannot tell
// http = false from it), with its rules.
func TestJSONHTTPBlock(t *testing.T) {
	path := writeConfig(t, "flightplan.hcl.json", `{
  "app": {"a": {"account": "111111111111", "region": "us-east-1"}},
  "environment": {"test": {}},
  "service": {"web": {"type": "load-balanced-web", "image": "nginx", "port": 80,
                       "http": {"path": "/web", "rule": [{"path": "/a"}, {"path": "/b"}]}}}
}`)
	cfg := load(t, Options{File: path})
	h := cfg.Workload("web").Deployments["test"].HTTP
	if diff := cmp.Diff([]string{"/web", "/a", "/b"}, []string{h.Path, h.Rules[0].Path, h.Rules[1].Path}); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
}
