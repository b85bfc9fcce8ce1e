package stacks

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
)

func TestEndpoints(t *testing.T) {
	tests := map[string]struct {
		app  string // the app's domain block; default: none
		env  string // the environment block; default: environment "test" {}
		src  string
		want []Endpoint
	}{
		"load-balanced web without a certificate: http on the load balancer's name": {
			src: `service "web" {
  type  = "load-balanced-web"
  image = "nginx"
  port  = 80
  http { path = "/shop" }
}`,
			want: []Endpoint{{Deploy: addr.Deploy("test", "web"), From: addr.Env("test"), Output: "PublicLoadBalancerDNSName", Scheme: "http", Path: "/shop"}},
		},
		"aliases with imported certificates: https on each alias only": {
			env: `environment "test" {
  http { certificates = ["arn:aws:acm:us-east-1:111111111111:certificate/0b3c2e1a-1111-2222-3333-444455556666"] }
}`,
			src: `service "web" {
  type  = "load-balanced-web"
  image = "nginx"
  port  = 80
  http { alias = ["www.example.com", "example.com"] }
}`,
			want: []Endpoint{{Deploy: addr.Deploy("test", "web"), From: addr.Env("test"), Hosts: []string{"www.example.com", "example.com"}, Scheme: "https", Path: "/"}},
		},
		"request-driven with an alias: App Runner's URL and https on the custom domain": {
			app: `domain { name = "example.com" }`,
			src: `service "api" {
  type  = "request-driven-web"
  image = "public.ecr.aws/example/api:1"
  port  = 8080
  http { alias = "api.example.com" }
}`,
			want: []Endpoint{{Deploy: addr.Deploy("test", "api"), From: addr.Deploy("test", "api"), Output: "ServiceURL"},
				{Deploy: addr.Deploy("test", "api"), Hosts: []string{"api.example.com"}, Scheme: "https"}},
		},
		"with a domain and no alias: https on the default record {svc}.{env}.{app}.{domain}": {
			app: `domain { name = "example.com" }`,
			src: `service "web" {
  type  = "load-balanced-web"
  image = "nginx"
  port  = 80
  http { path = "/shop" }
}`,
			want: []Endpoint{{Deploy: addr.Deploy("test", "web"), From: addr.Env("test"), Hosts: []string{"web.test.shop.example.com"}, Scheme: "https", Path: "/shop"}},
		},
		"with a domain and an alias in another zone: https on the alias": {
			app: `domain { name = "example.com" }`,
			src: `service "web" {
  type  = "load-balanced-web"
  image = "nginx"
  port  = 80
  http {
    alias = [{ name = "example.org", hosted_zone = "Z0EXAMPLEORG" }]
  }
}`,
			want: []Endpoint{{Deploy: addr.Deploy("test", "web"), From: addr.Env("test"), Hosts: []string{"example.org"}, Scheme: "https", Path: "/"}},
		},
		"request-driven: App Runner's URL output": {
			src: `service "web" {
  type  = "request-driven-web"
  image = "nginx"
  port  = 80
}`,
			want: []Endpoint{{Deploy: addr.Deploy("test", "web"), From: addr.Deploy("test", "web"), Output: "ServiceURL"}},
		},
		"an NLB-only service: host:port per listener": {
			src: `service "dns" {
  type  = "load-balanced-web"
  image = "nginx"
  port  = 53
  http  = false
  nlb {
    port = "53/tcp"
  }
}`,
			want: []Endpoint{{Deploy: addr.Deploy("test", "dns"), From: addr.Deploy("test", "dns"), Output: "PublicNetworkLoadBalancerDNSName", Path: ":53"}},
		},
		"backends and workers have none": {
			src: `service "api" {
  type  = "backend"
  image = "nginx"
  port  = 80
}`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			env := tc.env
			if env == "" {
				env = `environment "test" {}`
			}
			cfg := loadHCL(t, "app \"shop\" {\n  account = \"111111111111\"\n  region  = \"us-east-1\"\n"+tc.app+"\n}\n"+env+"\n"+tc.src+"\n")
			if diff := cmp.Diff(tc.want, Endpoints(cfg, nil)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
