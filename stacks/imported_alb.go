package stacks

// An existing application load balancer a load-balanced web service
// imports (http.alb, Copilot's): the service's target groups and listener
// rules go on its listeners — HTTPS when it has one, else HTTP — instead of
// the environment's, its aliases get records aliasing it, and the
// environment's security group lets its security groups reach the tasks.
// CloudFormation cannot look a load balancer's listeners up, so the CLI
// reads them before compiling (live.ReadALBs) and passes them in
// Options.ImportedALBs; render and validate, which read nothing, compile
// with placeholders that name what plan will read. Priorities are
// computed per imported load balancer as for the environment's (env_needs.go),
// skipping those its listeners' rules of other owners hold: a rule at a
// priority with the very conditions flightplan would write there is taken
// to be the service's own, from an earlier apply.

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"flightplan/schema"
)

// ImportedALB is what plan reads of an imported load balancer.
type ImportedALB struct {
	ARN                   string
	DNSName               string
	CanonicalHostedZoneID string
	HTTPListenerARN       string // "" when it has no HTTP listener on 80
	HTTPSListenerARN      string // "" when it has no HTTPS listener on 443
	SecurityGroups        []string
	// Rules are the signatures (RuleSignature) of the rules its listeners
	// have, by priority: a priority held by a rule with other conditions
	// than the one flightplan would put there is taken.
	Rules map[int][]string
}

// RuleSignature identifies a listener rule by its conditions: each
// field's values, fields in order ("host-header=a,b;path-pattern=/x,/x/*").
func RuleSignature(conds map[string][]string) string {
	var parts []string
	for _, f := range slices.Sorted(maps.Keys(conds)) {
		parts = append(parts, f+"="+strings.Join(conds[f], ","))
	}
	return strings.Join(parts, ";")
}

// ruleSignature is the signature of the listener rule a routing rule
// becomes (see addListenerRule).
func ruleSignature(h *schema.ServiceHTTP) string {
	conds := map[string][]string{"path-pattern": pathPatterns(h.Path)}
	if len(h.Alias) > 0 {
		conds["host-header"] = h.Alias
	}
	if len(h.AllowedSourceIPs) > 0 {
		conds["source-ip"] = h.AllowedSourceIPs
	}
	return RuleSignature(conds)
}

// takenBy reports whether priority p is held on the load balancer by a
// rule that is not the one with signature sig (another owner's).
func (a ImportedALB) takenBy(p int, sig string) bool {
	for _, s := range a.Rules[p] {
		if s != sig {
			return true
		}
	}
	return false
}

// importedALB returns the facts of an imported load balancer, or
// placeholders naming it when the CLI did not read them (render, validate).
func (c *compiler) importedALB(ref string) ImportedALB {
	if a, ok := c.opts.ImportedALBs[ref]; ok {
		return a
	}
	ph := func(what string) string { return fmt.Sprintf("(%s of load balancer %s, read by plan)", what, ref) }
	return ImportedALB{ARN: ph("ARN"), DNSName: ph("DNS name"), CanonicalHostedZoneID: ph("hosted zone"), HTTPListenerARN: ph("listener")}
}

// listener is the listener rules go on: HTTPS when there is one.
func (a ImportedALB) listener() string {
	if a.HTTPSListenerARN != "" {
		return a.HTTPSListenerARN
	}
	return a.HTTPListenerARN
}

// albRef is the imported load balancer of a load-balanced web service's
// deployment, or "".
func albRef(w *schema.Workload, d *schema.Deployment) string {
	if w.Type != schema.TypeLoadBalancedWeb {
		return ""
	}
	if h := lbHTTP(d); h != nil {
		return h.ALB
	}
	return ""
}

// importedALBIngress lets the security groups of the load balancers the
// environment's services import reach its tasks: one ingress per group,
// in file order, each once.
func (c *compiler) importedALBIngress(t *template, env *schema.Environment) {
	var groups []string
	for _, w := range c.cfg.Workloads {
		d := w.Deployments[env.Name]
		if d == nil || albRef(w, d) == "" {
			continue
		}
		for _, sg := range c.importedALB(albRef(w, d)).SecurityGroups {
			if !slices.Contains(groups, sg) {
				groups = append(groups, sg)
			}
		}
	}
	for i, sg := range groups {
		t.add(fmt.Sprintf("EnvironmentSecurityGroupIngressFromImportedALB%d", i), "AWS::EC2::SecurityGroupIngress", obj{
			"Description":           "From an imported load balancer",
			"GroupId":               ref("EnvironmentSecurityGroup"),
			"IpProtocol":            "-1",
			"SourceSecurityGroupId": sg,
		})
	}
}
