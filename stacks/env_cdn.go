package stacks

// An environment's CDN (Copilot's environment cdn): a CloudFront
// distribution in front of the public load balancer, with Copilot's
// logical IDs (CloudFrontDistribution, and CloudFrontOriginAccessControl
// for static assets) and its managed policies: CachingDisabled and
// AllViewer for the load balancer (every method, headers and cookies
// forwarded, nothing cached), CachingOptimized for the static assets.
// Copilot creates it only with the public load balancer, and so does
// flightplan.
//
// Aliases: with cdn.certificate (in us-east-1), or with the app's domain
// (the environment's certificate in us-east-1, elsewhere the certificate
// CDNCertificate of the node cert/{env} in us-east-1, an Input:
// cert_cloudfront.go), the distribution answers to the aliases of the
// environment's load-balanced services and to static_assets.alias.
// Copilot copies the environment's certificate to us-east-1 with a custom
// resource instead.

import (
	"flightplan/addr"
	"slices"

	"flightplan/schema"
)

// The managed CloudFront policies Copilot's distribution uses.
const (
	cachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	allViewer       = "216adef6-5c7f-47e4-b989-5492eafa07d3"
)

// cdnPrefixListParam is the environment stack's parameter with the ID of
// CloudFront's prefix list (http.cdn), a looked-up Input: Copilot looks
// the list up by name at deploy time too, as its ID differs by region.
const cdnPrefixListParam = "CloudFrontPrefixListId"

// outCDNDomain is the environment stack's output with the distribution's
// domain name.
const outCDNDomain = "CloudFrontDomainName"

var allMethods = list{"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}

// envCDN adds the environment's distribution in front of its public load
// balancer, and returns the Inputs it needs (the certificate of cert/{env}).
func (c *compiler) envCDN(t *template, env *schema.Environment, ex func(string) string) []Input {
	var inputs []Input
	cdn := env.CDN
	albOrigin := sub("copilot-${AWS::StackName}-origin")
	viewer, originProtocol := "allow-all", "match-viewer"
	if cdn.TerminateTLS {
		viewer, originProtocol = "redirect-to-https", "http-only"
	}
	cfg := obj{
		"DefaultCacheBehavior": obj{"AllowedMethods": allMethods, "CachePolicyId": cachingDisabled, "OriginRequestPolicyId": allViewer,
			"TargetOriginId": albOrigin, "ViewerProtocolPolicy": viewer},
		"Enabled": true, "IPV6Enabled": true,
	}
	origins := list{obj{"Id": albOrigin, "DomainName": getAtt("PublicLoadBalancer", "DNSName"),
		"CustomOriginConfig": obj{"OriginProtocolPolicy": originProtocol}}}
	if s := cdn.Static; s != nil {
		s3Origin := sub("copilot-${AWS::StackName}-s3")
		t.add("CloudFrontOriginAccessControl", "AWS::CloudFront::OriginAccessControl", obj{"OriginAccessControlConfig": obj{
			"Description": "Access control for static s3 origin", "Name": truncateWithHash("copilot-"+c.cfg.App.Name+"-"+env.Name+"-origin-access-control", 64),
			"OriginAccessControlOriginType": "s3", "SigningBehavior": "always", "SigningProtocol": "sigv4",
		}})
		origins = append(origins, obj{"Id": s3Origin, "DomainName": s.Location, "OriginAccessControlId": ref("CloudFrontOriginAccessControl"),
			"S3OriginConfig": obj{"OriginAccessIdentity": ""}})
		cfg["CacheBehaviors"] = list{obj{"AllowedMethods": allMethods, "CachePolicyId": cachingOptimized, "PathPattern": s.Path,
			"TargetOriginId": s3Origin, "ViewerProtocolPolicy": "allow-all"}}
	}
	cfg["Origins"] = origins
	if cert := c.cdnCertificate(env); cert != nil {
		if aliases := c.cdnAliases(env); len(aliases) > 0 {
			if c.cdnNeedsCert(env) {
				t.param(cdnCertParam, "The ARN of the certificate in us-east-1 for the distribution's aliases")
				inputs = append(inputs, certInput(env.Name, cdnCertParam, cdnCertID))
			}
			cfg["Aliases"] = aliases
			cfg["ViewerCertificate"] = obj{"AcmCertificateArn": cert, "MinimumProtocolVersion": "TLSv1", "SslSupportMethod": "sni-only"}
		}
	}
	t.add("CloudFrontDistribution", "AWS::CloudFront::Distribution", obj{"DistributionConfig": cfg})
	t.output(outCDNDomain, getAtt("CloudFrontDistribution", "DomainName"), ex("CloudFrontDomainName"))
	return inputs
}

// cdnCertificate is the distribution's certificate: cdn.certificate, or
// the environment's own when it is in us-east-1, the one of cert/{env}
// elsewhere; nil for none.
func (c *compiler) cdnCertificate(env *schema.Environment) any {
	switch {
	case env.CDN.Certificate != "":
		return env.CDN.Certificate
	case c.cfg.App.Domain != nil && env.Region == "us-east-1":
		return ref("HTTPSCertificate")
	case c.cdnNeedsCert(env):
		return ref(cdnCertParam)
	}
	return nil
}

// warnCDNAliases notes an environment whose CDN cannot answer to its
// services' aliases (no certificate for them: the environment is not in
// us-east-1, cdn.certificate is not set, and there is no zone to validate
// cert/{env} in: the app has no domain, or copilot_zones puts the zone in
// the environment's own stack): their records stay on the
// load balancer, so their traffic does not go through CloudFront, which a
// reader of the file would not guess.
func (c *compiler) warnCDNAliases(env *schema.Environment) {
	if c.cdnServesAliases(env) || len(c.cdnAliases(env)) == 0 {
		return
	}
	c.unsupported = append(c.unsupported, addr.Env(env.Name).String()+
		": its services' aliases bypass the CDN: the distribution has no certificate for them, and flightplan requests one in us-east-1 only with the app's domain and without copilot_zones (set cdn.certificate to an ACM certificate in us-east-1 that covers them), so their records point at the load balancer")
}

// cdnServesAliases reports whether the environment has a CDN whose
// distribution answers to its services' aliases.
func (c *compiler) cdnServesAliases(env *schema.Environment) bool {
	return env.CDN != nil && c.cdnCertificate(env) != nil
}

// cdnAliases are the distinct aliases of the environment's load-balanced
// services, in file order, and the static assets' alias. A service on an
// imported load balancer (http.alb) is not behind the distribution, whose
// origin is the environment's load balancer, and its aliases are not the
// distribution's.
func (c *compiler) cdnAliases(env *schema.Environment) list {
	var names []string
	for _, w := range c.cfg.Workloads {
		d := w.Deployments[env.Name]
		if d == nil || d.Type != schema.TypeLoadBalancedWeb || albRef(w, d) != "" {
			continue
		}
		for _, r := range d.HTTP.AllRules() {
			for _, a := range r.Alias {
				if !slices.Contains(names, a) {
					names = append(names, a)
				}
			}
		}
	}
	if s := env.CDN.Static; s != nil && s.Alias != "" && !slices.Contains(names, s.Alias) {
		names = append(names, s.Alias)
	}
	return strList(names)
}
