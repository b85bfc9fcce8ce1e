package stacks

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
)

// TestImportedALB compiles a service on an imported load balancer with
// the facts plan read: its rule goes on the HTTPS listener (the HTTP
// listener redirects its requests), its alias
// aliases that load balancer, the environment lets its security groups
// reach the tasks and makes no load balancer of its own, and the closing
// list names the alias over HTTPS.
func TestImportedALB(t *testing.T) {
	const lbARN = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/shared/0123456789abcdef"
	cfg := loadHCL(t, `app "shop" {
  account = "111111111111"
  region  = "us-east-1"
  domain { name = "example.com" }
}
environment "test" {}
service "web" {
  type  = "load-balanced-web"
  image = "nginx"
  port  = 80
  http {
    alb   = "shared"
    alias = ["www.test.shop.example.com"]
  }
}
`)
	albs := map[string]ImportedALB{"shared": {ARN: lbARN, DNSName: "shared-1.us-east-1.elb.amazonaws.com", CanonicalHostedZoneID: "Z35SXDOTRQ7X7K",
		HTTPListenerARN: "arn:listener/http", HTTPSListenerARN: "arn:listener/https", SecurityGroups: []string{"sg-1", "sg-2"}}}
	d, err := Compile(cfg, Options{ImportedALBs: albs})
	if err != nil {
		t.Fatal(err)
	}
	validateAll(t, d)
	res := func(a addr.Address) map[string]any {
		var tpl struct{ Resources map[string]any }
		if err := json.Unmarshal(d.Node(a).Stack.Template, &tpl); err != nil {
			t.Fatal(err)
		}
		return tpl.Resources
	}
	env, web := res(addr.Env("test")), res(addr.Deploy("test", "web"))
	if _, ok := env["PublicLoadBalancer"]; ok {
		t.Error("the environment makes a load balancer its only service does not use")
	}
	for i, sg := range []string{"sg-1", "sg-2"} {
		in, _ := env[fmt.Sprintf("EnvironmentSecurityGroupIngressFromImportedALB%d", i)].(map[string]any)
		if got := in["Properties"].(map[string]any)["SourceSecurityGroupId"]; got != sg {
			t.Errorf("ingress %d from %v, want %s", i, got, sg)
		}
	}
	props := func(id string) map[string]any { return web[id].(map[string]any)["Properties"].(map[string]any) }
	if got := props("ListenerRule")["ListenerArn"]; got != "arn:listener/https" {
		t.Errorf("the rule is on %v, want the HTTPS listener", got)
	}
	redirect := props("HTTPListenerRedirectRuleForImportedALB")
	if redirect["ListenerArn"] != "arn:listener/http" || redirect["Actions"].([]any)[0].(map[string]any)["Type"] != "redirect" {
		t.Errorf("the HTTP listener's rule: %v", redirect)
	}
	want := map[string]any{"DNSName": "shared-1.us-east-1.elb.amazonaws.com", "HostedZoneId": "Z35SXDOTRQ7X7K"}
	if diff := cmp.Diff(want, props("AliasRecord0")["AliasTarget"]); diff != "" {
		t.Errorf("alias target (-want +got):\n%s", diff)
	}
	if _, ok := web["LoadBalancerDNSAlias"]; ok {
		t.Error("a default record for a service on an imported load balancer")
	}
	eps := Endpoints(cfg, albs)
	if len(eps) != 1 || eps[0].Scheme != "https" || !cmp.Equal(eps[0].Hosts, []string{"www.test.shop.example.com"}) {
		t.Errorf("endpoints %+v", eps)
	}
}

// TestImportedALBPriorities: a priority another owner's rule holds on the
// imported load balancer is skipped; one held by a rule with the service's
// own conditions (its rule from an earlier apply) is kept.
func TestImportedALBPriorities(t *testing.T) {
	cfg := loadHCL(t, `app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}
environment "test" {}
service "web" {
  type  = "load-balanced-web"
  image = "nginx"
  port  = 80
  http {
    path = "/shop"
    alb  = "shared"
  }
}
`)
	priority := func(rules map[int][]string) int {
		t.Helper()
		d, err := Compile(cfg, Options{ImportedALBs: map[string]ImportedALB{"shared": {ARN: "arn:lb", HTTPListenerARN: "arn:listener/http", Rules: rules}}})
		if err != nil {
			t.Fatal(err)
		}
		var tpl struct {
			Resources map[string]struct{ Properties map[string]any }
		}
		if err := json.Unmarshal(d.Node(addr.Deploy("test", "web")).Stack.Template, &tpl); err != nil {
			t.Fatal(err)
		}
		return int(tpl.Resources["ListenerRule"].Properties["Priority"].(float64))
	}
	free := priority(nil)
	own := RuleSignature(map[string][]string{"path-pattern": {"/shop", "/shop/*"}})
	if got := priority(map[int][]string{free: {own}}); got != free {
		t.Errorf("with its own rule at %d: priority %d, want it kept", free, got)
	}
	if got := priority(map[int][]string{free: {"path-pattern=/other"}}); got == free {
		t.Errorf("another owner's rule at %d: the service took it too", free)
	}
}
