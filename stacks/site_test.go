package stacks

import (
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

// TestStaticSiteAliasOutsideUSEast1 refuses an alias without a
// certificate in an environment outside us-east-1.
func TestStaticSiteAliasOutsideUSEast1(t *testing.T) {
	src := strings.Replace(siteHCL, `certificate = env.name == "prod" ? null : "arn:aws:acm:us-east-1:111111111111:certificate/0f0e0d0c-0b0a-0908-0706-050403020100"`, "", 1)
	_, err := Compile(loadHCL(t, src), Options{})
	if err == nil || !strings.Contains(err.Error(), `service "www" in environment "eu": CloudFront needs the alias's certificate in us-east-1`) {
		t.Fatalf("err = %v", err)
	}
}
