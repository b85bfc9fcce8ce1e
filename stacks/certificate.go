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

import "flightplan/schema"

// envCertificates returns the certificates of the HTTPS listener, first the
// default one: the compiled certificate with a domain, then the ARNs of
// http.certificates. Nil means no HTTPS listener.
func (c *compiler) envCertificates(t *template, env *schema.Environment) list {
	var certs list
	if c.cfg.App.Domain != nil {
		zone := envZoneName(c.cfg.App.Name, env.Name, c.cfg.App.Domain.Name)
		validation := func(name string) obj { return obj{"DomainName": name, "HostedZoneId": ref(outZoneID)} }
		t.add("HTTPSCertificate", "AWS::CertificateManager::Certificate", obj{
			"DomainName":              zone,
			"SubjectAlternativeNames": list{"*." + zone},
			"ValidationMethod":        "DNS",
			"DomainValidationOptions": list{validation(zone), validation("*." + zone)},
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
