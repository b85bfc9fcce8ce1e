package lang

import (
	"flightplan/schema"
)

// serviceConnect reads network.connect: `connect = true` (or false), or a
// connect block with an optional alias. Request-driven services run on App
// Runner, which has no Service Connect; an alias needs a port to serve.
func serviceConnect(e *evaluator, n *node, d *schema.Deployment) {
	net := n.block("network")
	if net == nil {
		return
	}
	on := false
	a := e.flag(net, "connect", &on)
	b := net.block("connect")
	switch {
	case a != nil && b != nil:
		e.errorf(a.NameRange, "connect set twice", "This network block has both connect = %t and a connect block. Remove one: connect = true turns Service Connect on with the service's name, the block sets its alias.", on)
		return
	case a == nil && b == nil, a != nil && !on:
		return
	}
	at := net.DefRange
	if a != nil {
		at = a.NameRange
	}
	if d.Type == schema.TypeRequestDriven {
		e.errorf(at, "Service Connect needs an ECS service", "A request-driven service runs on App Runner, which has no Service Connect. Remove connect from its network block.")
		return
	}
	sc := &schema.ServiceConnect{}
	if b != nil {
		if al := e.str(b, "alias", &sc.Alias); al != nil {
			if !e.check(al, "Invalid Service Connect alias", schema.CheckDNSName(sc.Alias)) {
				sc.Alias = ""
			} else if d.Port == 0 {
				e.errorf(al.Expr.Range(), "Service Connect alias without a port", "The alias names the port other services call, and this service has no port. Set port, or write connect = true to call other services only.")
			}
		}
	}
	d.Network.Connect = sc
}

// checkConnectAliases requires the Service Connect aliases of an
// environment's services (connect { alias }, else the service's name) to
// differ: clients would not know which service a name means, and ECS
// refuses the second.
func (l *loader) checkConnectAliases() {
	for _, env := range l.cfg.Environments {
		owner := map[string]string{}
		for _, w := range l.cfg.Workloads {
			d := w.Deployments[env.Name]
			if d == nil || d.Network.Connect == nil || d.Port == 0 {
				continue
			}
			alias := d.Network.Connect.Alias
			if alias == "" {
				alias = w.Name
			}
			if prev, ok := owner[alias]; ok {
				l.errorf(w.DeclRange, "Service Connect alias used twice",
					"Services %q and %q are both called %q through Service Connect in environment %q. Give one of them another connect { alias }.", prev, w.Name, alias, env.Name)
				continue
			}
			owner[alias] = w.Name
		}
	}
}
