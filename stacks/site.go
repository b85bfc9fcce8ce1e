package stacks

// Static sites (Copilot's Static Site): an S3 bucket that only CloudFront
// reads (origin access control and a bucket policy naming the
// distribution), a CloudFront distribution with the managed
// CachingOptimized policy and a viewer-request function that serves
// index.html for folder paths, and, with an alias, its certificate and an
// A record aliasing the distribution. The logical IDs are Copilot's.
//
// Copilot copies the files with a state machine that a custom resource
// starts; flightplan uploads them itself at apply (package executor), so
// the template has none of those resources, and the stack has two outputs
// of its own for that step: the bucket's name (SiteBucketName) and the
// distribution's ID (SiteDistributionID).
//
// CloudFront takes certificates of us-east-1 only: without
// http.certificate, the stack requests one, validated in the environment's
// zone, when the environment is in us-east-1; in another region the
// certificate is one of the stack cert/{env} in us-east-1
// (cert_cloudfront.go), its ARN an Input.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"flightplan/schema"
)

// The outputs of a static site's stack that apply reads.
const (
	OutSiteBucket       = "SiteBucketName"
	OutSiteDistribution = "SiteDistributionID"
)

// cloudFrontZoneID is the hosted zone of every CloudFront distribution's
// domain name, the target zone of alias records.
const cloudFrontZoneID = "Z2FDTNDATAQYW2"

// cachingOptimized is CloudFront's managed cache policy CachingOptimized.
const cachingOptimized = "658327ea-f89d-4fab-a63d-7e88639e58f6"

// indexRewrite serves {path}/index.html for a path that ends with a slash
// or has no extension (a folder of the site).
const indexRewrite = `function handler(event) {
  var req = event.request;
  if (req.uri.endsWith('/')) { req.uri += 'index.html'; }
  else if (req.uri.lastIndexOf('.') < req.uri.lastIndexOf('/') + 1) { req.uri += '/index.html'; }
  return req;
}
`

// staticSite builds a static site's template.
func (ws *workloadStack) staticSite() {
	t := ws.template
	site := ws.deployment.Site
	origin := sub("copilot-${AppName}-${EnvName}-${WorkloadName}")
	t.add("Bucket", "AWS::S3::Bucket", obj{
		"VersioningConfiguration": obj{"Status": "Enabled"},
		"BucketEncryption": obj{"ServerSideEncryptionConfiguration": mkList(
			obj{"ServerSideEncryptionByDefault": obj{"SSEAlgorithm": "AES256"}})},
		"PublicAccessBlockConfiguration": obj{"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true},
		"OwnershipControls":              obj{"Rules": mkList(obj{"ObjectOwnership": "BucketOwnerEnforced"})},
	})
	ws.sitePolicy()
	name := truncateWithHash(ws.fullName(), 64)
	t.add("CloudFrontOriginAccessControl", "AWS::CloudFront::OriginAccessControl", obj{"OriginAccessControlConfig": obj{
		"Description":                   sub("Access control for static s3 origin for ${AppName}-${EnvName}-${WorkloadName}"),
		"Name":                          name,
		"OriginAccessControlOriginType": "s3", "SigningBehavior": "always", "SigningProtocol": "sigv4",
	}})
	t.add("CloudFrontViewerRequestRewriteFunction", "AWS::CloudFront::Function", obj{
		"AutoPublish":    true,
		"FunctionCode":   indexRewrite,
		"FunctionConfig": obj{"Comment": "Serves index.html for the folders of the site", "Runtime": "cloudfront-js-1.0"},
		"Name":           name,
	})
	cfg := obj{
		"DefaultCacheBehavior": obj{
			"AllowedMethods": mkList("GET", "HEAD"), "CachePolicyId": cachingOptimized, "Compress": true,
			"FunctionAssociations": mkList(obj{"EventType": "viewer-request", "FunctionARN": getAtt("CloudFrontViewerRequestRewriteFunction", "FunctionARN")}),
			"TargetOriginId":       origin, "ViewerProtocolPolicy": "redirect-to-https",
		},
		"Enabled": true, "IPV6Enabled": true,
		"Origins": mkList(obj{"Id": origin, "DomainName": getAtt("Bucket", "RegionalDomainName"),
			"OriginAccessControlId": ref("CloudFrontOriginAccessControl"), "S3OriginConfig": obj{"OriginAccessIdentity": ""}}),
	}
	if site.Alias != "" {
		cfg["Aliases"] = list{site.Alias}
		cfg["ViewerCertificate"] = obj{"AcmCertificateArn": ws.siteCertificate(), "MinimumProtocolVersion": "TLSv1", "SslSupportMethod": "sni-only"}
	}
	t.add("CloudFrontDistribution", "AWS::CloudFront::Distribution", obj{"DistributionConfig": cfg})
	ws.siteAliasRecord()
	stack := ws.compiler.cfg.App.Name + "-" + ws.env.Name + "-" + ws.workload.Name
	t.output("CloudFrontDistributionDomainName", getAtt("CloudFrontDistribution", "DomainName"), stack+"-CloudFrontDistributionDomainName")
	if site.Alias != "" {
		t.output("CloudFrontDistributionAlternativeDomainName", site.Alias, stack+"-CloudFrontDistributionAlternativeDomainName")
	}
	t.output(OutSiteBucket, ref("Bucket"), "")
	t.output(OutSiteDistribution, ref("CloudFrontDistribution"), "")
}

// sitePolicy denies every request without TLS and lets the site's
// distribution, and nothing else, read the objects.
func (ws *workloadStack) sitePolicy() {
	objects := list{sub("${Bucket.Arn}"), sub("${Bucket.Arn}/*")}
	ws.template.add("BucketPolicyForCloudFront", "AWS::S3::BucketPolicy", obj{
		"Bucket": ref("Bucket"),
		"PolicyDocument": obj{"Version": "2012-10-17", "Statement": mkList(
			obj{"Sid": "ForceHTTPS", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": objects,
				"Condition": obj{"Bool": obj{"aws:SecureTransport": false}}},
			obj{"Sid": "AllowCloudFrontServicePrincipalReadOnly", "Effect": "Allow",
				"Principal": obj{"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": objects,
				"Condition": obj{"StringEquals": obj{"AWS:SourceArn": sub("arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${CloudFrontDistribution}")}}},
		)},
	})
}

// siteCertificate is the distribution's certificate: http.certificate, or
// one of cert/{env} outside us-east-1, or one the stack requests for the
// alias in us-east-1.
func (ws *workloadStack) siteCertificate() any {
	if c := ws.deployment.Site.Certificate; c != "" {
		return c
	}
	if ws.compiler.siteNeedsCert(ws.deployment, ws.env) {
		ws.template.param(siteCertParam, "The ARN of the alias's certificate in us-east-1")
		ws.inputs = append(ws.inputs, certInput(ws.env.Name, siteCertParam, siteCertID(ws.workload.Name)))
		return ref(siteCertParam)
	}
	zone := ws.envZoneParam()
	alias := ws.deployment.Site.Alias
	ws.template.add("CertificateValidatorAction", "AWS::CertificateManager::Certificate", obj{
		"DomainName":              alias,
		"ValidationMethod":        "DNS",
		"DomainValidationOptions": mkList(obj{"DomainName": alias, "HostedZoneId": ref(zone)}),
	})
	return ref("CertificateValidatorAction")
}

// siteAliasRecord points the alias at the distribution, in the
// environment's zone.
func (ws *workloadStack) siteAliasRecord() {
	alias := ws.deployment.Site.Alias
	if alias == "" || ws.compiler.cfg.App.Domain == nil {
		return
	}
	ws.template.add("AliasRecord0", "AWS::Route53::RecordSet", obj{
		"HostedZoneId": ref(ws.envZoneParam()),
		"Name":         alias + ".",
		"Type":         "A",
		"AliasTarget":  obj{"DNSName": getAtt("CloudFrontDistribution", "DomainName"), "HostedZoneId": cloudFrontZoneID},
	})
}

// truncateWithHash keeps s when it fits in max characters, else cuts it
// and ends it with six characters of its hash, so that two long names stay
// apart.
func truncateWithHash(s string, max int) string {
	if len(s) <= max {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	return s[:max-6] + hex.EncodeToString(sum[:])[:6]
}

// Site is what apply uploads to a static site's bucket: the files blocks
// as written, and the files they select with their content hashes (filled
// by the caller of Compile through Options.SiteFiles).
type Site struct {
	Dir     string              `json:"dir"`
	Uploads []schema.FileUpload `json:"uploads,omitempty"`
	Files   []SiteFile          `json:"files,omitempty"`
}

// SiteFile is one object of a static site: its key, the file it is read
// from (relative to Site.Dir), its content type and S3's ETag of its
// content (the quoted MD5), which tells apply whether the object changed.
type SiteFile struct {
	Key         string `json:"key"`
	Path        string `json:"path"`
	ETag        string `json:"etag"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// siteOf is a static site deployment's Site, its files listed by
// opts.SiteFiles when set.
func (c *compiler) siteOf(d *schema.Deployment) (*Site, error) {
	if d == nil || d.Site == nil {
		return nil, nil
	}
	s := &Site{Dir: c.cfg.Dir, Uploads: d.Site.Files}
	if c.opts.SiteFiles == nil {
		return s, nil
	}
	files, err := c.opts.SiteFiles(c.cfg.Dir, d.Site.Files)
	if err != nil {
		return nil, fmt.Errorf("static site %q in environment %q: %w", d.Workload, d.Env, err)
	}
	s.Files = files
	return s, nil
}
