package stacks

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"flightplan/addr"
)

const cdnHCL = `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
  domain { name = "example.com" }
}

environment "prod" {
  network {
    flow_logs {
      retention = 30
    }
  }
  http {
    cdn = true
    access_logs {
      bucket_name = "shop-alb-logs"
      prefix      = "prod"
    }
  }
  cdn {
    terminate_tls = true
    static_assets {
      location = "shop-assets.s3.us-east-1.amazonaws.com"
      alias    = "static.prod.shop.example.com"
      path     = "static/*"
    }
  }
}

environment "test" {
  region = "eu-west-1"
  cdn    = true
  network {
    flow_logs = true
  }
}

service "web" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/web:1"
  port  = 8080
  http {
    alias = ["www.${env.name}.shop.example.com"]
  }
}
`

// TestEnvCDNGolden compiles an environment with a CDN that terminates TLS
// and serves static assets (aliases on the environment's certificate, in
// us-east-1), flow logs and access logs, and one with cdn = true and flow
// logs at Copilot's retention elsewhere (aliases on the certificate of
// cert/test in us-east-1), validates them against awsspec
// and compares them with testdata/cdn.
func TestEnvCDNGolden(t *testing.T) {
	d := compileGolden(t, loadHCL(t, cdnHCL), "cdn")
	prod := resources(t, tmpl(t, d, addr.Env("prod")))
	aliases := at(t, prod, "CloudFrontDistribution", "Properties", "DistributionConfig", "Aliases").([]any)
	if len(aliases) != 2 || aliases[0] != "www.prod.shop.example.com" || aliases[1] != "static.prod.shop.example.com" {
		t.Errorf("prod aliases = %v", aliases)
	}
	test := resources(t, tmpl(t, d, addr.Env("test")))
	cfg := at(t, test, "CloudFrontDistribution", "Properties", "DistributionConfig").(map[string]any)
	if got := fmt.Sprint(cfg["Aliases"]); got != "[www.test.shop.example.com]" {
		t.Errorf("test (eu-west-1, the certificate of cert/test) has aliases %v", got)
	}
	if got := at(t, cfg, "DefaultCacheBehavior", "ViewerProtocolPolicy"); got != "allow-all" {
		t.Errorf("test viewer protocol = %v, want Copilot's allow-all", got)
	}
	if got := at(t, test, "VpcFlowLogGroup", "Properties", "RetentionInDays"); got != float64(14) {
		t.Errorf("test flow log retention = %v, want Copilot's 14", got)
	}
	if got := at(t, prod, "PublicLoadBalancer", "Properties", "LoadBalancerAttributes"); len(got.([]any)) != 3 {
		t.Errorf("prod access log attributes = %v", got)
	}
	ingress := at(t, prod, "PublicLoadBalancerSecurityGroup", "Properties", "SecurityGroupIngress").([]any)
	for _, r := range ingress {
		if r.(map[string]any)["SourcePrefixListId"] == nil {
			t.Errorf("prod (http.cdn) admits %v, want CloudFront's prefix list only", r)
		}
	}
	checkAliasTargets(t, d)
	looked := false
	for _, in := range d.Node(addr.Env("prod")).Stack.Inputs {
		looked = looked || (in.Parameter == "CloudFrontPrefixListId" && in.Lookup == LookupCloudFrontPrefixList)
	}
	if !looked {
		t.Errorf("prod inputs = %+v, want CloudFrontPrefixListId looked up", d.Node(addr.Env("prod")).Stack.Inputs)
	}
}

// checkAliasTargets checks where the web service's alias record points:
// at prod's distribution (which has the environment's certificate, so it
// answers to the alias), its name an input from the environment stack; at
// the load balancer in test, whose distribution has no certificate and
// so no aliases.
func checkAliasTargets(t *testing.T, d *Desired) {
	t.Helper()
	prodWeb := resources(t, tmpl(t, d, addr.Deploy("prod", "web")))
	if got := at(t, prodWeb, "AliasRecord0", "Properties", "AliasTarget", "HostedZoneId"); got != cloudFrontZoneID {
		t.Errorf("prod alias record's zone = %v, want CloudFront's %s", got, cloudFrontZoneID)
	}
	found := false
	for _, in := range d.Node(addr.Deploy("prod", "web")).Stack.Inputs {
		found = found || (in.Parameter == "EnvCloudFrontDomainName" && in.From == addr.Env("prod") && in.Output == outCDNDomain)
	}
	if !found {
		t.Errorf("prod web inputs = %+v, want EnvCloudFrontDomainName from env/prod", d.Node(addr.Deploy("prod", "web")).Stack.Inputs)
	}
	testWeb := resources(t, tmpl(t, d, addr.Deploy("test", "web")))
	target := at(t, testWeb, "AliasRecord0", "Properties", "AliasTarget", "DNSName")
	if got, _ := json.Marshal(target); string(got) != `{"Ref":"EnvCloudFrontDomainName"}` {
		t.Errorf("test (the certificate of cert/test) alias record points at %s, want the distribution", got)
	}
}

// TestCDNImportedALB: a service on an imported load balancer is not behind
// the environment's distribution: its alias is not one of the
// distribution's, and its record points at the imported load balancer,
// while the other service's alias is the distribution's and points there.
func TestCDNImportedALB(t *testing.T) {
	cfg := loadHCL(t, `app "shop" {
  account = "111111111111"
  region  = "us-east-1"
  domain { name = "example.com" }
}
environment "test" {
  cdn = true
}
service "web" {
  type  = "load-balanced-web"
  image = "nginx"
  port  = 80
  http {
    alias = ["www.test.shop.example.com"]
  }
}
service "legacy" {
  type  = "load-balanced-web"
  image = "nginx"
  port  = 80
  http {
    alb   = "shared"
    alias = ["old.test.shop.example.com"]
  }
}
`)
	albs := map[string]ImportedALB{"shared": {ARN: "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/shared/0123456789abcdef",
		DNSName: "shared-1.us-east-1.elb.amazonaws.com", CanonicalHostedZoneID: "Z35SXDOTRQ7X7K",
		HTTPListenerARN: "arn:listener/http", HTTPSListenerARN: "arn:listener/https", SecurityGroups: []string{"sg-1"}}}
	d, err := Compile(cfg, Options{ImportedALBs: albs})
	if err != nil {
		t.Fatal(err)
	}
	validateAll(t, d)
	env := resources(t, tmpl(t, d, addr.Env("test")))
	aliases := at(t, env, "CloudFrontDistribution", "Properties", "DistributionConfig", "Aliases").([]any)
	if len(aliases) != 1 || aliases[0] != "www.test.shop.example.com" {
		t.Errorf("distribution aliases = %v, want the web service's only", aliases)
	}
	web := resources(t, tmpl(t, d, addr.Deploy("test", "web")))
	if got := at(t, web, "AliasRecord0", "Properties", "AliasTarget", "HostedZoneId"); got != cloudFrontZoneID {
		t.Errorf("web's record points at zone %v, want CloudFront's", got)
	}
	legacy := resources(t, tmpl(t, d, addr.Deploy("test", "legacy")))
	if got := at(t, legacy, "AliasRecord0", "Properties", "AliasTarget", "DNSName"); got != "shared-1.us-east-1.elb.amazonaws.com" {
		t.Errorf("legacy's record points at %v, want the imported load balancer", got)
	}
}

// TestCDNCertNode: an environment outside us-east-1 with a CDN and no
// cdn.certificate gets the node cert/{env} in us-east-1, in its account,
// whose certificate names its services' aliases (validated in the
// environment's zone, an Input from zone/{env}); the environment's stack
// takes its ARN as an Input, depends on it, and its distribution answers
// to the aliases, whose records point at CloudFront. Nothing is warned of.
func TestCDNCertNode(t *testing.T) {
	d, err := Compile(loadHCL(t, cdnHCL), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Warnings) != 0 {
		t.Errorf("warnings = %v, want none", d.Warnings)
	}
	n := d.Node(addr.Cert("test"))
	if n == nil {
		t.Fatal("no cert/test")
	}
	if n.Region != "us-east-1" || n.Account != "111111111111" || n.Stack.Name != "shop-test-cloudfront-cert" || n.Stack.Tags["flightplan:node"] != "cert/test" {
		t.Errorf("cert/test is %s/%s, stack %s, tags %v", n.Account, n.Region, n.Stack.Name, n.Stack.Tags)
	}
	if sr := n.Stack.ServiceRole; sr == nil || sr.ARN != "arn:aws:iam::111111111111:role/shop-test-CFNExecutionRole" || sr.Env != addr.Env("test") {
		t.Errorf("cert/test service role = %+v, want the environment's CFNExecutionRole", sr)
	}
	if fmt.Sprint(n.DependsOn) != fmt.Sprint([]addr.Address{addr.App(), addr.Zone("test"), addr.DNS("test")}) {
		t.Errorf("cert/test depends on %v", n.DependsOn)
	}
	cert := resources(t, tmpl(t, d, addr.Cert("test")))
	if got := at(t, cert, "CDNCertificate", "Properties", "DomainName"); got != "www.test.shop.example.com" {
		t.Errorf("certificate's name = %v", got)
	}
	if got := at(t, cert, "CDNCertificate", "Properties", "DomainValidationOptions"); fmt.Sprint(got) != "[map[DomainName:www.test.shop.example.com HostedZoneId:map[Ref:EnvHostedZoneId]]]" {
		t.Errorf("validation = %v", got)
	}
	if d.Node(addr.Cert("prod")) != nil {
		t.Error("prod is in us-east-1 and needs no cert node")
	}
	env := d.Node(addr.Env("test"))
	if !slices.Contains(env.DependsOn, addr.Cert("test")) {
		t.Errorf("env/test depends on %v, want cert/test among them", env.DependsOn)
	}
	want := Input{Parameter: "CloudFrontCertificateArn", From: addr.Cert("test"), Output: "CDNCertificateArn"}
	if !slices.Contains(env.Stack.Inputs, want) {
		t.Errorf("env/test inputs = %v, want %v", env.Stack.Inputs, want)
	}
	test := resources(t, tmpl(t, d, addr.Env("test")))
	if got := at(t, test, "CloudFrontDistribution", "Properties", "DistributionConfig", "ViewerCertificate", "AcmCertificateArn"); fmt.Sprint(got) != "map[Ref:CloudFrontCertificateArn]" {
		t.Errorf("distribution's certificate = %v", got)
	}
	web := resources(t, tmpl(t, d, addr.Deploy("test", "web")))
	if got := at(t, web, "AliasRecord0", "Properties", "AliasTarget", "HostedZoneId"); got != cloudFrontZoneID {
		t.Errorf("web's record in test points at zone %v, want CloudFront's", got)
	}
}

// TestCDNCertificateGivenNoCertNode: cdn.certificate wins; no node is made.
func TestCDNCertificateGivenNoCertNode(t *testing.T) {
	src := strings.Replace(cdnHCL, "  cdn    = true\n", "  cdn {\n    certificate = \"arn:aws:acm:us-east-1:111111111111:certificate/1\"\n  }\n", 1)
	d, err := Compile(loadHCL(t, src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Node(addr.Cert("test")) != nil {
		t.Error("cert/test made though cdn.certificate is given")
	}
	test := resources(t, tmpl(t, d, addr.Env("test")))
	if got := at(t, test, "CloudFrontDistribution", "Properties", "DistributionConfig", "ViewerCertificate", "AcmCertificateArn"); got != "arn:aws:acm:us-east-1:111111111111:certificate/1" {
		t.Errorf("distribution's certificate = %v", got)
	}
}

// TestCDNWithoutCertificateWarns: with copilot_zones there is no zone
// node to validate cert/{env} in before the environment's stack, so an
// environment outside us-east-1 keeps its aliases on the load balancer,
// and the compiler says so, located at the environment.
func TestCDNWithoutCertificateWarns(t *testing.T) {
	src := strings.Replace(cdnHCL, `domain { name = "example.com" }`, "domain {\n    name          = \"example.com\"\n    copilot_zones = true\n  }", 1)
	d, err := Compile(loadHCL(t, src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Node(addr.Cert("test")) != nil {
		t.Error("cert/test made with copilot_zones")
	}
	var got []string
	for _, w := range d.Warnings {
		got = append(got, w.Summary)
		if w.Subject == nil {
			t.Errorf("warning %q has no location", w.Summary)
		}
	}
	want := "env/test: its services' aliases bypass the CDN: the distribution has no certificate for them, and flightplan requests one in us-east-1 only with the app's domain and without copilot_zones (set cdn.certificate to an ACM certificate in us-east-1 that covers them), so their records point at the load balancer"
	if len(got) != 1 || got[0] != want {
		t.Errorf("warnings = %q, want only %q", got, want)
	}
}
