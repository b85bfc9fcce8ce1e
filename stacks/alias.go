package stacks

// Aliases of a load-balanced web service (http.alias): with a domain, each
// alias gets an A record aliasing the environment's public load balancer,
// in the environment's zone (the language requires aliases to be that zone
// or a name just below it, which its certificate covers), beside the
// listener rule's host-header condition. The zone's ID comes as an Input
// from the environment stack, not an import: the ID changes with the
// domain, and an export in use cannot change. The load balancer's DNS name
// and canonical zone do not, and are imported.

import (
	"fmt"
	"slices"

	"flightplan/addr"
	"flightplan/schema"
)

// aliasRecords adds the alias records of a load-balanced web service: one
// per distinct alias of its rules, in order.
func (ws *workloadStack) aliasRecords(rules []*schema.ServiceHTTP) {
	var aliases []string
	for _, r := range rules {
		for _, a := range r.Alias {
			if !slices.Contains(aliases, a) {
				aliases = append(aliases, a)
			}
		}
	}
	if ws.compiler.cfg.App.Domain == nil || ws.workload.Type != schema.TypeLoadBalancedWeb || len(aliases) == 0 {
		return
	}
	param := ws.envZoneParam()
	for i, alias := range aliases {
		ws.template.add(fmt.Sprintf("AliasRecord%d", i), "AWS::Route53::RecordSet", obj{
			"HostedZoneId": ref(param),
			"Name":         alias + ".",
			"Type":         "A",
			"AliasTarget": obj{
				"DNSName":      ws.importEnv("PublicLoadBalancerDNS"),
				"HostedZoneId": ws.importEnv("PublicLoadBalancerCanonicalHostedZoneID"),
			},
		})
	}
}

// envZoneParam declares (once) the parameter with the environment zone's
// ID, an input from the environment stack, and returns its name.
func (ws *workloadStack) envZoneParam() string {
	const param = "EnvHostedZoneId"
	for _, in := range ws.inputs {
		if in.Parameter == param {
			return param
		}
	}
	ws.template.param(param, "The ID of the environment's hosted zone")
	ws.inputs = append(ws.inputs, Input{Parameter: param, From: addr.Env(ws.env.Name), Output: outEnvZoneID})
	return param
}
