package stacks

// Aliases of a load-balanced web service (http.alias): each alias gets an
// A record aliasing the environment's public load balancer, beside the
// listener rule's host-header condition. An alias with a hosted zone
// (alias objects' hosted_zone, or the rule's) has its record in that zone,
// in the environment's account (or in another's: alias_account.go), with or without an app
// domain; the environment's certificate names it (certificate.go). An
// alias without one has its record, with a domain, in the environment's
// zone (the language requires it to be that zone or a name just below it,
// which the certificate covers). Without any alias, a service of an app
// with a domain gets Copilot's default record {svc}.{env}.{app}.{domain}
// (LoadBalancerDNSAlias). The zone's ID comes as an Input from the
// environment stack, not an import: the ID changes with the domain, and an
// export in use cannot change. The load balancer's DNS name and canonical
// zone do not, and are imported.
//
// With the environment's CDN (cdn), and a distribution that answers to the
// aliases (it has a certificate: env_cdn.go), an alias's record points at
// the distribution instead (CloudFront's zone Z2FDTNDATAQYW2, the
// distribution's domain name an Input from the environment stack's output
// CloudFrontDomainName, not an import, so that turning cdn off is not
// refused as an export in use). Copilot does so for the aliases the
// environment stack writes; flightplan does so for every alias, in the
// environment's zone or another, since the distribution answers to them
// all and with http.cdn the load balancer admits CloudFront only. The
// default record stays on the load balancer, as Copilot's does: its name
// is not one of the distribution's aliases. A service on an imported ALB
// keeps its records there.
//
// The default record is Copilot's: an AWS::Route53::RecordSetGroup named
// LoadBalancerDNSAlias holding one record, so that a stack Copilot deployed
// keeps it (CloudFormation refuses to change a resource's type). A stack
// flightplan deployed before with it as an AWS::Route53::RecordSet keeps
// that type (KeepRecordTypes). Copilot writes aliases with a hosted zone as
// one group per zone (LoadBalancerDNSAlias{zone ID}) and the others through
// a custom resource; flightplan writes one AWS::Route53::RecordSet per
// alias (AliasRecord{N}), the IDs its stacks have had.

import (
	"fmt"
	"slices"

	"flightplan/addr"
	"flightplan/schema"
)

// aliasRecords adds the alias records of a load-balanced web service: one
// per distinct alias of its rules, in order, or the default record.
func (ws *workloadStack) aliasRecords(rules []*schema.ServiceHTTP) {
	if ws.workload.Type != schema.TypeLoadBalancedWeb || len(rules) == 0 {
		return
	}
	aliases, zones := serviceAliases(rules)
	domain := ws.compiler.cfg.App.Domain != nil
	imported := rules[0].ALB != ""
	if len(aliases) == 0 && domain && !imported {
		ws.albRecord("LoadBalancerDNSAlias", ref(ws.envZoneParam()), defaultAliasName(ws.compiler.cfg, ws.env, ws.workload.Name))
		ws.template.resources["LoadBalancerDNSAlias"] = recordGroup(ws.template.resources["LoadBalancerDNSAlias"], "LoadBalancer alias for service "+ws.workload.Name)
		return
	}
	record := ws.albRecord
	if !imported && ws.compiler.cdnServesAliases(ws.env) {
		record = ws.cdnRecord
	}
	for i, alias := range aliases {
		zone, ok := zones[alias]
		if _, foreign := foreignAlias(ws.env, rules, alias); foreign {
			continue // in the stack alias/{env}/{svc} (alias_account.go)
		}
		switch {
		case ok:
			record(fmt.Sprintf("AliasRecord%d", i), zone, alias)
		case domain:
			record(fmt.Sprintf("AliasRecord%d", i), ref(ws.envZoneParam()), alias)
		}
	}
}

// cdnRecord adds an A record aliasing the environment's CloudFront
// distribution.
func (ws *workloadStack) cdnRecord(id string, zone any, name string) {
	ws.template.add(id, "AWS::Route53::RecordSet", mk(
		pair{"HostedZoneId", zone},
		pair{"Name", name + "."},
		pair{"Type", "A"},
		pair{"AliasTarget", mk(pair{"DNSName", ref(ws.cdnDomainParam())}, pair{"HostedZoneId", cloudFrontZoneID})},
	))
}

// cdnDomainParam declares (once) the parameter with the domain name of the
// environment's distribution, an input from the environment stack, and
// returns its name.
func (ws *workloadStack) cdnDomainParam() string {
	return ws.inputParam("EnvCloudFrontDomainName", "The domain name of the environment's CloudFront distribution", addr.Env(ws.env.Name), outCDNDomain)
}

// albRecord adds an A record aliasing the public load balancer (or the
// one the service imports).
func (ws *workloadStack) albRecord(id string, zone any, name string) {
	target := obj{
		"DNSName":      ws.importEnv("PublicLoadBalancerDNS"),
		"HostedZoneId": ws.importEnv("PublicLoadBalancerCanonicalHostedZoneID"),
	}
	if a := albRef(ws.workload, ws.deployment); a != "" {
		lb := ws.compiler.importedALB(a)
		target = obj{"DNSName": lb.DNSName, "HostedZoneId": lb.CanonicalHostedZoneID}
	}
	ws.template.add(id, "AWS::Route53::RecordSet", mk(
		pair{"HostedZoneId", zone},
		pair{"Name", name + "."},
		pair{"Type", "A"},
		pair{"AliasTarget", target},
	))
}

// serviceAliases are the distinct aliases of a service's rules, in order,
// and the hosted zones of those that have one.
func serviceAliases(rules []*schema.ServiceHTTP) ([]string, map[string]string) {
	var aliases []string
	zones := map[string]string{}
	for _, r := range rules {
		for _, a := range r.Alias {
			if !slices.Contains(aliases, a) {
				aliases = append(aliases, a)
			}
			if z, ok := r.AliasZones[a]; ok {
				zones[a] = z
			}
		}
	}
	return aliases, zones
}

// defaultAliasName is a load-balanced service's default name with a
// domain: {svc}.{env}.{app}.{domain}.
func defaultAliasName(cfg *schema.Config, env *schema.Environment, svc string) string {
	return svc + "." + envZoneName(cfg.App.Name, env.Name, cfg.App.Domain.Name)
}

// envZoneParam declares (once) the parameter with the environment zone's
// ID, an input from the environment stack, and returns its name.
func (ws *workloadStack) envZoneParam() string {
	return ws.inputParam("EnvHostedZoneId", "The ID of the environment's hosted zone", addr.Env(ws.env.Name), outEnvZoneID)
}

// recordGroup turns a RecordSet resource into the RecordSetGroup that holds
// its one record, as Copilot writes its default records.
func recordGroup(rs any, comment string) obj {
	props := member(rs, "Properties")
	rec := obj{}
	eachMember(props, func(k string, v any) {
		if k != "HostedZoneId" {
			rec[k] = v
		}
	})
	out := obj{}
	eachMember(rs, func(k string, v any) { out[k] = v })
	out["Type"] = recordSetGroupType
	out["Properties"] = obj{"HostedZoneId": member(props, "HostedZoneId"), "Comment": comment, "RecordSets": mkList(rec)}
	return out
}
