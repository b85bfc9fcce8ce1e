package stacks

// Certificates of an environment's public load balancer. With a domain, the
// environment stack requests an ACM certificate for {env}.{app}.{domain}
// and *.{env}.{app}.{domain}, validated by DNS: DomainValidationOptions
// name the environment's zone, so CloudFormation writes the validation
// records itself and the certificate is issued within the stack's create,
// with no custom resource. It is the HTTPS listener's default certificate;
// the certificates of environment.http.certificates are added to the
// listener beside it. The zone must be delegated before the stack is
// created, which the graph ensures (env/{env} depends on dns/{env}).
// Aliases of the environment's load-balanced services that have a hosted
// zone of their own (outside the environment's zone) are added to the
// certificate, each validated in its zone, so the one HTTPS listener
// serves them all; those in another account's zone are not (the
// environment's http.certificates serve them: alias_account.go).

import (
	"slices"

	"flightplan/schema"
)

// envCertificates returns the certificates of the HTTPS listener, first the
// default one: the compiled certificate with a domain, then the ARNs of
// http.certificates. Nil means no HTTPS listener.
func (c *compiler) envCertificates(t *template, env *schema.Environment) list {
	var certs list
	if c.cfg.App.Domain != nil {
		zone := envZoneName(c.cfg.App.Name, env.Name, c.cfg.App.Domain.Name)
		validation := func(name string, zoneID any) obj { return obj{"DomainName": name, "HostedZoneId": zoneID} }
		sans := list{"*." + zone}
		validations := list{validation(zone, c.envZoneRef()), validation("*."+zone, c.envZoneRef())}
		for _, a := range c.outsideAliases(env) {
			sans = append(sans, a[0])
			validations = append(validations, validation(a[0], a[1]))
		}
		t.add("HTTPSCertificate", "AWS::CertificateManager::Certificate", obj{
			"DomainName":              zone,
			"SubjectAlternativeNames": sans,
			"ValidationMethod":        "DNS",
			"DomainValidationOptions": validations,
		})
		t.output("HTTPSCertificateArn", ref("HTTPSCertificate"), "")
		certs = append(certs, ref("HTTPSCertificate"))
	}
	for _, arn := range env.HTTP.Certificates {
		certs = append(certs, arn)
	}
	return certs
}

// hasHTTPS reports whether an environment's public load balancer listens
// on HTTPS.
func (c *compiler) hasHTTPS(env *schema.Environment) bool {
	return c.cfg.App.Domain != nil || len(env.HTTP.Certificates) > 0
}

// outsideAliases are the aliases, with their hosted zones, of the
// environment's load-balanced web services that the certificate's names
// ({zone} and *.{zone}) do not cover, in file order, each once.
func (c *compiler) outsideAliases(env *schema.Environment) [][2]string {
	zone := envZoneName(c.cfg.App.Name, env.Name, c.cfg.App.Domain.Name)
	var out [][2]string
	var seen []string
	for _, w := range c.cfg.Workloads {
		d := w.Deployments[env.Name]
		if d == nil || w.Type != schema.TypeLoadBalancedWeb || albRef(w, d) != "" {
			continue
		}
		aliases, zones := serviceAliases(lbHTTP(d).AllRules())
		for _, a := range aliases {
			z, ok := zones[a]
			_, foreign := foreignAlias(env, lbHTTP(d).AllRules(), a)
			if !ok || foreign || schema.CheckAlias(a, zone) == nil || slices.Contains(seen, a) {
				continue
			}
			seen = append(seen, a)
			out = append(out, [2]string{a, z})
		}
	}
	return out
}
