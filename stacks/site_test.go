package stacks

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"flightplan/addr"
)

// siteHCL uploads the configuration file itself, the one file a test's
// temporary folder is sure to hold.
const siteHCL = `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
  domain { name = "example.com" }
}

environment "prod" {}

environment "eu" {
  region = "eu-west-1"
}

service "www" {
  type = "static-site"
  http {
    alias       = env.name == "prod" ? "www.prod.shop.example.com" : "eu.shop.example.com"
    certificate = env.name == "prod" ? null : "arn:aws:acm:us-east-1:111111111111:certificate/0f0e0d0c-0b0a-0908-0706-050403020100"
  }
  files {
    source      = "flightplan.hcl"
    destination = "index.html"
  }
}
`

// TestStaticSiteGolden compiles a static site with an alias in two
// environments (a certificate requested in us-east-1, one named outside
// it), validates the templates against awsspec and compares them with
// testdata/site.
func TestStaticSiteGolden(t *testing.T) {
	d := compileGolden(t, loadHCL(t, siteHCL), "site")
	n := d.Node(addr.Deploy("prod", "www"))
	if n.Site == nil || len(n.Site.Uploads) != 1 || n.Site.Uploads[0].Destination != "index.html" {
		t.Errorf("deploy/prod/www Site = %+v, want the files block", n.Site)
	}
	if d.Node(addr.Image("www")) != nil {
		t.Error("a static site has no image to build")
	}
}

// TestStaticSiteAliasOutsideUSEast1 serves an alias without a
// certificate in an environment outside us-east-1 with a certificate of
// cert/{env} in us-east-1: the site's stack takes its ARN as an Input and
// depends on the node; with http.certificate no node is made.
func TestStaticSiteAliasOutsideUSEast1(t *testing.T) {
	given, err := Compile(loadHCL(t, siteHCL), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if given.Node(addr.Cert("eu")) != nil || given.Node(addr.Cert("prod")) != nil {
		t.Error("a cert node made though http.certificate is given (eu) or the environment is in us-east-1 (prod)")
	}
	src := strings.Replace(siteHCL, `certificate = env.name == "prod" ? null : "arn:aws:acm:us-east-1:111111111111:certificate/0f0e0d0c-0b0a-0908-0706-050403020100"`, "", 1)
	d, err := Compile(loadHCL(t, src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	validateAll(t, d)
	n := d.Node(addr.Cert("eu"))
	if n == nil || n.Region != "us-east-1" {
		t.Fatalf("cert/eu = %+v, want a node in us-east-1", n)
	}
	cert := resources(t, tmpl(t, d, addr.Cert("eu")))
	if got := at(t, cert, "WwwSiteCertificate", "Properties", "DomainName"); got != "eu.shop.example.com" {
		t.Errorf("certificate's name = %v", got)
	}
	site := d.Node(addr.Deploy("eu", "www"))
	if !slices.Contains(site.DependsOn, addr.Cert("eu")) {
		t.Errorf("deploy/eu/www depends on %v", site.DependsOn)
	}
	want := Input{Parameter: "CloudFrontCertificateArn", From: addr.Cert("eu"), Output: "WwwSiteCertificateArn"}
	if !slices.Contains(site.Stack.Inputs, want) {
		t.Errorf("inputs = %v, want %v", site.Stack.Inputs, want)
	}
	www := resources(t, tmpl(t, d, addr.Deploy("eu", "www")))
	if _, ok := www["CertificateValidatorAction"]; ok {
		t.Error("the site's stack outside us-east-1 requests a certificate of its own")
	}
	if got := at(t, www, "CloudFrontDistribution", "Properties", "DistributionConfig", "ViewerCertificate", "AcmCertificateArn"); fmt.Sprint(got) != "map[Ref:CloudFrontCertificateArn]" {
		t.Errorf("distribution's certificate = %v", got)
	}
}

// TestStaticSiteAliasCopilotZones refuses an alias without a certificate
// outside us-east-1 when the environment's zone is in its own stack.
func TestStaticSiteAliasCopilotZones(t *testing.T) {
	src := strings.Replace(siteHCL, `certificate = env.name == "prod" ? null : "arn:aws:acm:us-east-1:111111111111:certificate/0f0e0d0c-0b0a-0908-0706-050403020100"`, "", 1)
	src = strings.Replace(src, `domain { name = "example.com" }`, "domain {\n    name          = \"example.com\"\n    copilot_zones = true\n  }", 1)
	_, err := Compile(loadHCL(t, src), Options{})
	if err == nil || !strings.Contains(err.Error(), `service "www" in environment "eu": CloudFront needs the alias's certificate in us-east-1, which flightplan requests in a stack of its own validated in the environment's zone; with copilot_zones`) {
		t.Fatalf("err = %v", err)
	}
}
