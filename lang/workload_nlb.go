package lang

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"flightplan/schema"
)

// nlb reads a service's nlb block: its main listener, then one per
// additional_listener block.
func (l *loader) nlb(e *evaluator, n *node, d *schema.Deployment) *schema.NLB {
	if n == nil {
		return nil
	}
	nlb := &schema.NLB{}
	e.strs(n, "alias", &nlb.Alias)
	for _, ln := range nlbListenerNodes(n) {
		nlb.Listeners = append(nlb.Listeners, nlbListener(e, ln))
	}
	checkListenerPorts(e, n, nlb)
	l.checkNLBNames(e, n, d, nlb)
	return nlb
}

// nlbListenerNodes are the block of each listener: the nlb block itself,
// then its additional_listener blocks.
func nlbListenerNodes(n *node) []*node {
	return append([]*node{n}, n.Blocks["additional_listener"]...)
}

func nlbListener(e *evaluator, n *node) *schema.NLBListener {
	ls := &schema.NLBListener{DeregistrationDelay: schema.DefaultDeregistrationDelay}
	var port string
	if a := e.str(n, "port", &port); a != nil {
		p, proto, err := parseNLBPort(port)
		if e.check(a, "Invalid nlb port", err) {
			ls.Port, ls.Protocol = p, proto
		}
	}
	e.str(n, "target_container", &ls.TargetContainer)
	if a := e.integer(n, "target_port", &ls.TargetPort); a != nil {
		e.check(a, "Invalid port", schema.CheckPort(ls.TargetPort))
	}
	if a := e.str(n, "ssl_policy", &ls.SSLPolicy); a != nil && ls.Protocol != "" && ls.Protocol != schema.NLBTLS {
		e.errorf(a.NameRange, "ssl_policy without TLS", "ssl_policy applies to a TLS listener only, and this one is %s. Remove ssl_policy, or make the port \"PORT/tls\".", strings.ToLower(ls.Protocol))
	}
	if a := e.flag(n, "stickiness", &ls.Stickiness); a != nil && ls.Stickiness && ls.Protocol == schema.NLBTLS {
		e.errorf(a.NameRange, "stickiness on a TLS listener", "A network load balancer keeps no sticky sessions on a TLS listener. Remove stickiness, or use a tcp listener.")
	}
	e.durationIn(n, "deregistration_delay", "deregistration_delay", &ls.DeregistrationDelay, 0, time.Hour)
	ls.Healthcheck = nlbHealthcheck(e, n.block("healthcheck"))
	return ls
}

// parseNLBPort reads "443/tls", "53/udp" or "8080" (tcp).
func parseNLBPort(s string) (int, string, error) {
	num, proto, found := strings.Cut(s, "/")
	if !found {
		proto = "tcp"
	}
	p, err := strconv.Atoi(num)
	if err != nil || schema.CheckPort(p) != nil {
		return 0, "", fmt.Errorf("%q is not PORT or PORT/PROTOCOL with a port from 1 to 65535, as \"443/tls\", \"53/udp\" or \"8080\"", s)
	}
	switch proto {
	case "tcp", "udp", "tls":
		return p, strings.ToUpper(proto), nil
	}
	return 0, "", fmt.Errorf("the protocol of %q is not one of \"tcp\", \"udp\" or \"tls\"", s)
}

func nlbHealthcheck(e *evaluator, n *node) schema.NLBHealthcheck {
	var hc schema.NLBHealthcheck
	if n == nil {
		return hc
	}
	if a := e.integer(n, "port", &hc.Port); a != nil {
		e.check(a, "Invalid port", schema.CheckPort(hc.Port))
	}
	lim := targetGroupLimits
	e.intIn(n, "healthy_threshold", "healthy_threshold", &hc.HealthyThreshold, lim.thresholdMin, lim.thresholdMax)
	e.intIn(n, "unhealthy_threshold", "unhealthy_threshold", &hc.UnhealthyThreshold, lim.thresholdMin, lim.thresholdMax)
	e.durationIn(n, "interval", "health check interval", &hc.Interval, lim.intervalMin, lim.intervalMax)
	e.durationIn(n, "timeout", "health check timeout", &hc.Timeout, lim.timeoutMin, lim.timeoutMax)
	e.durationIn(n, "grace_period", "grace_period", &hc.GracePeriod, 0, 2147483647*time.Second)
	return hc
}

// checkListenerPorts refuses two listeners on one port: a load balancer
// listens once per port.
func checkListenerPorts(e *evaluator, n *node, nlb *schema.NLB) {
	seen := map[int]bool{}
	for i, ls := range nlb.Listeners {
		if ls.Port == 0 {
			continue
		}
		if seen[ls.Port] {
			ln := nlbListenerNodes(n)[i]
			e.errorf(ln.attr("port").Expr.Range(), "Two nlb listeners on one port",
				"Port %d already has a listener on this network load balancer; each listener needs its own port.", ls.Port)
		}
		seen[ls.Port] = true
	}
}

// checkNLBNames checks what needs the app's domain: a TLS listener's
// certificate, and aliases, which become records in the environment's
// zone and must be in it.
func (l *loader) checkNLBNames(e *evaluator, n *node, d *schema.Deployment, nlb *schema.NLB) {
	dom := l.cfg.App.Domain
	if dom == nil {
		for i, ls := range nlb.Listeners {
			if ls.Protocol == schema.NLBTLS {
				e.errorf(nlbListenerNodes(n)[i].attr("port").Expr.Range(), "TLS listener without a domain",
					"A TLS listener needs a certificate, which flightplan requests for the service's name in the environment's zone, and the app has no domain. Add app { domain { … } }, or use a tcp listener.")
			}
		}
		if a := n.attr("alias"); a != nil && len(nlb.Alias) > 0 {
			e.errorf(a.NameRange, "nlb.alias without a domain",
				"An alias of a network load balancer is a DNS record in the environment's zone, and the app has no domain. Add app { domain { … } }, or remove alias.")
		}
		return
	}
	l.checkRuleAliases(e, n, d, &schema.ServiceHTTP{Alias: nlb.Alias})
}
