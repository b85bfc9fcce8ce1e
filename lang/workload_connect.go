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
