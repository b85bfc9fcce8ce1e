package stacks

// The certificate CloudFront serves an environment's aliases with when the
// environment is not in us-east-1. CloudFront takes ACM certificates of
// us-east-1 only, so the environment's own certificate (in its region)
// cannot serve its CDN's aliases, nor can a static site's stack request
// one for its alias. Copilot copies the environment's certificate to
// us-east-1 with a custom resource backed by a Lambda function; flightplan
// has a node of its own instead, cert/{env}: the stack
// {app}-{env}-cloudfront-cert in us-east-1, in the environment's account
// and with its credentials, holding an ACM certificate per consumer,
// validated by DNS in the zones of its names (Route 53 is global, so the
// environment's zone serves from any region):
//
//   - CDNCertificate, for the aliases of the environment's CDN (its
//     load-balanced services' aliases and static_assets.alias), when the
//     environment has a CDN in front of its public load balancer and no
//     cdn.certificate;
//   - {Site}Certificate, for each static site's alias in the environment
//     without http.certificate.
//
// One certificate per consumer, rather than one for every name, so that a
// site coming or going does not replace the certificate another
// distribution serves. Their ARNs are outputs ({ID}Arn) that the
// environment stack and the sites' stacks take as Inputs; the graph orders
// cert/{env} after the environment's zone and its delegation (validation
// needs the zone resolvable) and before env/{env} and the sites.
//
// A certificate named by the user (cdn.certificate, http.certificate)
// wins: no certificate is requested for it. With copilot_zones the
// environment's zone is a resource of the environment's stack, which the
// certificate would have to wait for while that stack waits for the
// certificate; that case is refused (checkCloudFrontCert).

import (
	"fmt"
	"slices"

	"flightplan/addr"
	"flightplan/schema"
)

// CloudFrontRegion is the only region whose certificates CloudFront takes,
// where the stacks of cert/{env} are.
const CloudFrontRegion = "us-east-1"

// Logical IDs and outputs of the cert/{env} stack.
const (
	cdnCertID        = "CDNCertificate"
	certZoneParam    = "EnvHostedZoneId"
	cdnCertParam     = "CloudFrontCertificateArn"
	siteCertParam    = "CloudFrontCertificateArn"
	certOutputSuffix = "Arn"
)

// cloudFrontCert is one certificate of the cert/{env} stack.
type cloudFrontCert struct {
	id    string
	names []string
	zones []any // the hosted zone validating each name
}

// siteCertID is the logical ID of a static site's certificate.
func siteCertID(workload string) string { return logicalID(workload) + "SiteCertificate" }

// needsCloudFrontCert reports whether the environment's region is one
// whose certificates CloudFront cannot use, with the domain that lets the
// certificate be validated.
func (c *compiler) needsCloudFrontCert(env *schema.Environment) bool {
	d := c.cfg.App.Domain
	return env.Region != CloudFrontRegion && d != nil && !d.CopilotZones
}

// cdnNeedsCert reports whether the environment's CDN serves its aliases
// with the certificate of cert/{env}.
func (c *compiler) cdnNeedsCert(env *schema.Environment) bool {
	return env.CDN != nil && env.CDN.Certificate == "" && c.needsCloudFrontCert(env) &&
		c.needs[env.Name].publicLB && len(c.cdnAliases(env)) > 0
}

// siteNeedsCert reports whether a static site's alias is served with the
// certificate of cert/{env}.
func (c *compiler) siteNeedsCert(d *schema.Deployment, env *schema.Environment) bool {
	return d != nil && d.Site != nil && d.Site.Alias != "" && d.Site.Certificate == "" && c.needsCloudFrontCert(env)
}

// cloudFrontCerts are the certificates of the environment's cert/{env}
// stack, the CDN's first, then the sites' in file order; none when the
// environment needs no node.
func (c *compiler) cloudFrontCerts(env *schema.Environment) []cloudFrontCert {
	envZone := ref(certZoneParam)
	var certs []cloudFrontCert
	if c.cdnNeedsCert(env) {
		zones := c.cdnAliasZones(env)
		cert := cloudFrontCert{id: cdnCertID}
		for _, a := range c.cdnAliases(env) {
			name := a.(string)
			cert.names = append(cert.names, name)
			if z, ok := zones[name]; ok {
				cert.zones = append(cert.zones, z)
			} else {
				cert.zones = append(cert.zones, envZone)
			}
		}
		certs = append(certs, cert)
	}
	for _, w := range c.cfg.Workloads {
		if d := w.Deployments[env.Name]; slices.Contains(w.Environments, env.Name) && c.siteNeedsCert(d, env) {
			certs = append(certs, cloudFrontCert{id: siteCertID(w.Name), names: []string{d.Site.Alias}, zones: []any{envZone}})
		}
	}
	return certs
}

// cdnAliasZones are the hosted zones of the CDN's aliases that have one.
func (c *compiler) cdnAliasZones(env *schema.Environment) map[string]string {
	zones := map[string]string{}
	for _, w := range c.cfg.Workloads {
		d := w.Deployments[env.Name]
		if d == nil || d.Type != schema.TypeLoadBalancedWeb || albRef(w, d) != "" {
			continue
		}
		_, z := serviceAliases(d.HTTP.AllRules())
		for a, id := range z {
			if _, ok := zones[a]; !ok {
				zones[a] = id
			}
		}
	}
	return zones
}

// certNode is cert/{env}, or nil when the environment needs none.
func (c *compiler) certNode(env *schema.Environment) *Node {
	certs := c.cloudFrontCerts(env)
	if len(certs) == 0 {
		return nil
	}
	app := c.cfg.App
	t := newTemplate("flightplan: certificates in us-east-1 for the CloudFront aliases of environment " + env.Name + " of " + app.Name + ".")
	t.param(certZoneParam, "The ID of the environment's hosted zone")
	for _, cert := range certs {
		var validations list
		for i, name := range cert.names {
			validations = append(validations, obj{"DomainName": name, "HostedZoneId": cert.zones[i]})
		}
		props := obj{"DomainName": cert.names[0], "ValidationMethod": "DNS", "DomainValidationOptions": validations}
		if len(cert.names) > 1 {
			props["SubjectAlternativeNames"] = strs(cert.names[1:])
		}
		t.add(cert.id, "AWS::CertificateManager::Certificate", props)
		t.output(cert.id+certOutputSuffix, ref(cert.id), "")
	}
	n := c.envHome(addr.Cert(env.Name), env)
	n.Region = CloudFrontRegion
	n.Stack = &Stack{
		Name:     certStackName(app.Name, env.Name),
		Template: t.json(),
		Tags:     c.nodeTags(n.Addr),
		Inputs:   []Input{{Parameter: certZoneParam, From: addr.Zone(env.Name), Output: outZoneID}},
		// As the zone's stack: the environment's CFNExecutionRole once it
		// exists (IAM is global, so it serves in us-east-1 too), so that a
		// pipeline acting as the EnvManagerRole, which may not request
		// certificates, can update the node.
		ServiceRole: c.envServiceRole(env),
	}
	n.DependsOn = []addr.Address{addr.App(), addr.Zone(env.Name), addr.DNS(env.Name)}
	return n
}

// certStackName is the stack of cert/{env}.
func certStackName(app, env string) string { return app + "-" + env + "-cloudfront-cert" }

// certInput is the Input that carries one certificate of cert/{env} into
// the stack of a distribution that serves it.
func certInput(env, param, id string) Input {
	return Input{Parameter: param, From: addr.Cert(env), Output: id + certOutputSuffix}
}

// checkCloudFrontCert refuses what cert/{env} cannot serve yet: an alias
// of a static site outside us-east-1 whose environment's zone is a
// resource of the environment's stack (copilot_zones).
func checkCloudFrontCert(cfg *schema.Config, in string, d *schema.Deployment, env *schema.Environment) []error {
	dom := cfg.App.Domain
	if d.Site == nil || d.Site.Alias == "" || d.Site.Certificate != "" || env.Region == CloudFrontRegion || dom == nil || !dom.CopilotZones {
		return nil
	}
	return []error{fmt.Errorf("%s: CloudFront needs the alias's certificate in us-east-1, which flightplan requests in a stack of its own validated in the environment's zone; "+
		"with copilot_zones that zone is in the environment's stack (this environment is in %s): request a certificate in us-east-1 and set http.certificate to its ARN", in, env.Region)}
}
