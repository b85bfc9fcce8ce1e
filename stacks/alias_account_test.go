package stacks

import (
	"strings"
	"testing"

	"flightplan/addr"
)

// TestAliasOtherAccount: an alias in another account's zone has its record
// in the stack alias/{env}/{svc} of that account, with the app's
// credentials and its target as Inputs from the environment stack, and
// neither in the service's stack nor among the environment certificate's
// names; an alias in the environment's own account (the object form naming
// it) stays in the service's stack.
func TestAliasOtherAccount(t *testing.T) {
	d, err := compileSource(t, `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
  profile = "dns"
  domain {
    name = "example.net"
  }
}
environment "production" {
  account = "222222222222"
  region  = "eu-west-1"
  http {
    certificates = ["arn:aws:acm:eu-west-1:222222222222:certificate/abc"]
  }
}
service "web" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/web:1"
  port  = 8080
  http {
    alias = ["example.com", { name = "shop.example.org", hosted_zone = { id = "Z0ORG", account = "222222222222" } }]
    hosted_zone = { id = "Z0COM", account = "111111111111" }
  }
}
`)
	if err != nil {
		t.Fatal(err)
	}
	n := d.Node(addr.Alias("production", "web"))
	if n == nil {
		t.Fatal("no node alias/production/web")
	}
	if n.Account != "111111111111" || n.Region != "us-east-1" || n.Profile != "dns" || n.Stack.Name != "shop-production-web-alias" {
		t.Errorf("node in %s/%s profile %q stack %s", n.Account, n.Region, n.Profile, n.Stack.Name)
	}
	if n.Stack.Tags[tagNode] != "alias/production/web" {
		t.Errorf("tags %v", n.Stack.Tags)
	}
	tmpl := string(n.Stack.Template)
	for _, want := range []string{`"AliasRecord0"`, `"HostedZoneId": "Z0COM"`, `"Name": "example.com."`, `"Ref": "TargetDNSName"`} {
		if !strings.Contains(tmpl, want) {
			t.Errorf("alias stack lacks %s:\n%s", want, tmpl)
		}
	}
	if strings.Contains(tmpl, "shop.example.org") {
		t.Errorf("alias stack has the environment account's alias:\n%s", tmpl)
	}
	if len(n.Stack.Inputs) != 2 || n.Stack.Inputs[0] != (Input{Parameter: "TargetDNSName", From: addr.Env("production"), Output: "PublicLoadBalancerDNSName"}) ||
		n.Stack.Inputs[1].Output != "PublicLoadBalancerCanonicalHostedZoneID" {
		t.Errorf("inputs %+v", n.Stack.Inputs)
	}
	if got := n.DependsOn; len(got) != 2 || got[0] != addr.Env("production") || got[1] != addr.Deploy("production", "web") {
		t.Errorf("depends on %v", got)
	}
	svc := string(d.Node(addr.Deploy("production", "web")).Stack.Template)
	if strings.Contains(svc, `"example.com."`) || !strings.Contains(svc, `"shop.example.org."`) {
		t.Errorf("service stack's records are wrong:\n%s", svc)
	}
	env := string(d.Node(addr.Env("production")).Stack.Template)
	if strings.Contains(env, `"example.com"`) || !strings.Contains(env, `"shop.example.org"`) {
		t.Errorf("environment certificate's names are wrong")
	}
}

// TestAliasOtherAccountCDN: behind the environment's CDN, whose
// distribution answers to the aliases, the record in the other account
// aliases the distribution: its domain an Input, CloudFront's zone given.
func TestAliasOtherAccountCDN(t *testing.T) {
	d, err := compileSource(t, `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}
environment "production" {
  account = "222222222222"
  cdn {
    certificate = "arn:aws:acm:us-east-1:222222222222:certificate/cdn"
  }
}
service "web" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/web:1"
  port  = 8080
  http {
    alias       = ["example.com"]
    hosted_zone = { id = "Z0COM", account = "111111111111" }
  }
}
`)
	if err != nil {
		t.Fatal(err)
	}
	n := d.Node(addr.Alias("production", "web"))
	if n == nil {
		t.Fatal("no node alias/production/web")
	}
	if len(n.Stack.Inputs) != 1 || n.Stack.Inputs[0].Output != outCDNDomain {
		t.Errorf("inputs %+v", n.Stack.Inputs)
	}
	tmpl := string(n.Stack.Template)
	if !strings.Contains(tmpl, `"HostedZoneId": "`+cloudFrontZoneID+`"`) || strings.Contains(tmpl, "TargetHostedZoneId") {
		t.Errorf("record does not alias the distribution:\n%s", tmpl)
	}
}
