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
// computed per imported load balancer as for the environment's (env_needs.go);
// rules of other owners on its listeners are not known to the compiler, so a
// priority they already use makes the apply fail with PriorityInUse.

import (
	"fmt"
	"slices"

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
