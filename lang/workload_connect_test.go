package lang

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/schema"
)

// TestAliasesConnectAndALB: alias as names and { name, hosted_zone }
// objects, the rule's hosted_zone for the names, Service Connect as
// connect = true and as a block, and alb, load into the schema.
func TestAliasesConnectAndALB(t *testing.T) {
	path := writeConfig(t, "flightplan.hcl", `app "shop" {
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
    alias       = ["example.org", { name = "www.example.net", hosted_zone = "Z2NET" }, "www.test.shop.example.com"]
    hosted_zone = "Z1ORG"
    alb         = "shared-lb"
  }
  network {
    connect = true
  }
}
service "api" {
  type  = "backend"
  image = "nginx"
  port  = 8080
  network {
    connect {
      alias = "api-v2"
    }
  }
}
`)
	cfg := load(t, Options{File: path})
	web, api := cfg.Workload("web").Deployments["test"], cfg.Workload("api").Deployments["test"]
	h := web.HTTP
	if diff := cmp.Diff([]string{"example.org", "www.example.net", "www.test.shop.example.com"}, h.Alias); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}
	wantZones := map[string]string{"example.org": "Z1ORG", "www.example.net": "Z2NET", "www.test.shop.example.com": "Z1ORG"}
	if diff := cmp.Diff(wantZones, h.AliasZones); diff != "" {
		t.Errorf("zones (-want +got):\n%s", diff)
	}
	if h.ALB != "shared-lb" {
		t.Errorf("alb = %q", h.ALB)
	}
	if diff := cmp.Diff([]*schema.ServiceConnect{{}, {Alias: "api-v2"}}, []*schema.ServiceConnect{web.Network.Connect, api.Network.Connect}); diff != "" {
		t.Errorf("connect (-want +got):\n%s", diff)
	}
}

// TestJSONAliasesAndConnect: JSON writes alias objects as objects and
// Service Connect as a block ("connect": {}), since it cannot tell
// connect = true from the block.
func TestJSONAliasesAndConnect(t *testing.T) {
	path := writeConfig(t, "flightplan.hcl.json", `{
  "app": {"a": {"account": "111111111111", "region": "us-east-1"}},
  "environment": {"test": {}},
  "service": {"web": {"type": "load-balanced-web", "image": "nginx", "port": 80,
                       "http": {"alias": [{"name": "example.org", "hosted_zone": "Z1ORG"}]},
                       "network": {"connect": {}}}}
}`)
	cfg := load(t, Options{File: path})
	d := cfg.Workload("web").Deployments["test"]
	if d.HTTP.AliasZones["example.org"] != "Z1ORG" || d.Network.Connect == nil || d.Network.Connect.Alias != "" {
		t.Errorf("alias zones %v, connect %+v", d.HTTP.AliasZones, d.Network.Connect)
	}
}
