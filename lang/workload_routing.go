package lang

import (
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"flightplan/schema"
)

// Routing of a load-balanced service beyond its main rule: additional
// rule blocks (Copilot's http.additional_rules), the target group's
// protocol version, redirect_to_https, http = false, and the checks that
// span the rules and the network load balancer's listeners.

// maxTargetGroups is ECS's limit of target groups per service: the
// application load balancer's rules and the network load balancer's
// listeners together.
const maxTargetGroups = 5

// routingRule reads the settings a rule block shares with the http block.
func routingRule(e *evaluator, n *node, lim healthLimits) *schema.ServiceHTTP {
	h := schema.DefaultHTTP()
	e.str(n, "path", &h.Path)
	ruleAliases(e, n, h)
	e.durationIn(n, "deregistration_delay", "deregistration_delay", &h.DeregistrationDelay, 0, time.Hour)
	e.flag(n, "stickiness", &h.Stickiness)
	e.strs(n, "allowed_source_ips", &h.AllowedSourceIPs)
	e.str(n, "target_container", &h.TargetContainer)
	if a := e.integer(n, "target_port", &h.TargetPort); a != nil {
		e.check(a, "Invalid port", schema.CheckPort(h.TargetPort))
	}
	var v string
	if e.oneOf(n, "version", &v, "http1", "http2", "grpc") != nil {
		h.Version = strings.ToUpper(v)
	}
	h.Healthcheck = healthcheck(e, n.block("healthcheck"), lim)
	if h.Version == schema.VersionGRPC {
		grpcHealthDefaults(n.block("healthcheck"), &h.Healthcheck)
	}
	return h
}

// grpcHealthDefaults gives a gRPC target group the load balancer's own
// health check path and success code where the file sets none: Copilot's
// "/" and "200" would never pass against a gRPC server.
func grpcHealthDefaults(n *node, hc *schema.Healthcheck) {
	if n.attr("path") == nil {
		hc.Path = schema.DefaultGRPCHealthcheckPath
	}
	if n.attr("success_codes") == nil {
		hc.SuccessCodes = schema.DefaultGRPCSuccessCodes
	}
}

// routingExtras reads what only the http block has: redirect_to_https and
// the additional rules.
func routingExtras(e *evaluator, n *node, h *schema.ServiceHTTP, lim healthLimits) {
	redirect := true
	e.flag(n, "redirect_to_https", &redirect)
	h.ForwardHTTP = !redirect
	if a := e.str(n, "alb", &h.ALB); a != nil {
		e.check(a, "Invalid alb", schema.CheckALBRef(h.ALB))
	}
	for _, rn := range n.Blocks["rule"] {
		h.Rules = append(h.Rules, routingRule(e, rn, lim))
	}
}

// ruleNodes pairs each rule of d.HTTP.AllRules() with its block.
func ruleNodes(http *node) []*node {
	return append([]*node{http}, http.Blocks["rule"]...)
}

// httpSwitch reads http = false, which leaves a load-balanced web service
// to its network load balancer.
func (l *loader) httpSwitch(e *evaluator, n *node, d *schema.Deployment) {
	on := true
	a := e.flag(n, "http", &on)
	if a == nil {
		return
	}
	switch {
	case n.block("http") != nil:
		e.errorf(a.NameRange, "http set twice", "This service has both http = %t and an http block. Remove one: http = false turns the load balancer's routing off, the block configures it.", on)
	case d.Type != schema.TypeLoadBalancedWeb:
		e.errorf(a.NameRange, "http = "+boolWord(on)+" needs a load-balanced-web service",
			"Only a load-balanced-web service has routing to turn off; a %s service routes HTTP only with an http block. Remove http = %t.", d.Type, on)
	case !on && n.block("nlb") == nil:
		e.errorf(a.Expr.Range(), "No load balancer left", "With http = false the service is reached through its network load balancer only, and it has no nlb block. Add one, or remove http = false.")
	case !on:
		d.HTTP, d.HTTPDisabled = nil, true
	}
}

func boolWord(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// checkRouting checks the rules of one environment: aliases in its zone,
// versions that need HTTPS, target groups within ECS's limit, and scaling
// on requests where the service still has an application load balancer.
func (l *loader) checkRouting(e *evaluator, n *node, d *schema.Deployment) {
	if http := n.block("http"); d.HTTP != nil && http != nil {
		l.checkALBPlace(e, http, d)
		foreign := ""
		for i, r := range d.HTTP.AllRules() {
			rn := ruleNodes(http)[i]
			l.checkRuleAliases(e, rn, d, r)
			l.checkVersion(e, rn, d, r)
			for _, alias := range r.Alias {
				acct := r.AliasAccounts[alias]
				if env := l.cfg.Environment(d.Env); acct == "" || env == nil || acct == env.Account {
					continue
				}
				if foreign != "" && acct != foreign {
					e.errorf(rn.attr("alias").Expr.Range(), "Aliases in zones of two other accounts",
						"This service's aliases in environment %q are in zones of accounts %s and %s; the records in zones outside the environment's account go in one stack, in one account. Keep them in one account, or in the environment's.", d.Env, foreign, acct)
				}
				foreign = acct
			}
		}
	}
	if groups := len(d.HTTP.AllRules()) + d.NLB.ListenerCount(); groups > maxTargetGroups {
		e.errorf(n.DefRange, "Too many target groups",
			"This service routes to %d target groups (one per http rule and one per nlb listener), and ECS attaches at most %d to a service. Remove rules or listeners.", groups, maxTargetGroups)
	}
	if as := n.block("autoscaling"); d.HTTPDisabled && d.Autoscaling != nil && (d.Autoscaling.Requests > 0 || d.Autoscaling.ResponseTime > 0) {
		e.errorf(as.DefRange, "Scaling on requests without an application load balancer",
			"requests and response_time follow the application load balancer's traffic, and this service has http = false. Scale on cpu_percentage or memory_percentage instead.")
	}
}

// checkRuleAliases checks a rule's aliases: one with a hosted zone is any
// DNS name (its record goes to that zone); one without must, when the app
// has a domain, be in the zone of the environment being evaluated.
func (l *loader) checkRuleAliases(e *evaluator, rn *node, d *schema.Deployment, r *schema.ServiceHTTP) {
	at := rn.attr("alias")
	dom := l.cfg.App.Domain
	if d.Type == schema.TypeRequestDriven {
		l.checkRequestDrivenAlias(e, rn, d, r)
		return
	}
	for _, alias := range r.Alias {
		if _, ok := r.AliasZones[alias]; ok {
			e.check(at, "Invalid alias", schema.CheckDNSName(strings.TrimSuffix(strings.ToLower(alias), ".")))
			l.checkAliasAccount(e, at, d, alias, r.AliasAccounts[alias])
			continue
		}
		if dom == nil {
			continue
		}
		zone := schema.EnvZone(l.cfg.App.Name, d.Env, dom.Name)
		if err := schema.CheckAlias(alias, zone); err != nil {
			e.errorf(at.Expr.Range(), "Alias outside the environment's zone", "%s, or give it a hosted_zone to write its record in.", strings.TrimSuffix(sentence(err.Error()), "."))
		}
	}
}

// checkAliasAccount checks the account of an alias's hosted zone, when the
// file gives one: it must be an account the file names (the app's, its
// domain's or an environment's), whose credentials flightplan has; when it
// is not the environment's, the record goes in a stack of that account,
// and the certificate that serves the name must be one of the
// environment's http.certificates, since the compiled certificate is
// validated in the environment's account only.
func (l *loader) checkAliasAccount(e *evaluator, at *hcl.Attribute, d *schema.Deployment, alias, account string) {
	env := l.cfg.Environment(d.Env)
	if account == "" || env == nil {
		return
	}
	known := l.knownAccounts()
	if !slices.ContainsFunc(known, func(k [2]string) bool { return k[0] == account }) {
		var names []string
		for _, k := range known {
			names = append(names, k[0]+" ("+k[1]+")")
		}
		e.errorf(at.Expr.Range(), "Unknown account for a hosted zone",
			"The hosted zone of %s is said to be in account %q, which this file does not name, so flightplan has no credentials for it. The accounts it knows are %s; give the zone's account one of them (an environment in that account, or the app's domain account).",
			alias, account, strings.Join(names, ", "))
		return
	}
	if account != env.Account && l.cfg.App.Domain != nil && len(env.HTTP.Certificates) == 0 {
		e.errorf(at.Expr.Range(), "Certificate for an alias in another account's zone",
			"The environment's certificate is validated by DNS in zones of its own account (%s), and the zone of %s is in account %s. Give environment %q http { certificates = [\"arn:aws:acm:…\"] } a certificate that covers %s.",
			env.Account, alias, account, env.Name, alias)
	}
}

// knownAccounts are the accounts the file names, each once, with what
// names it: the app's, its domain's, and the environments'.
func (l *loader) knownAccounts() [][2]string {
	var out [][2]string
	add := func(account, what string) {
		if account != "" && !slices.ContainsFunc(out, func(k [2]string) bool { return k[0] == account }) {
			out = append(out, [2]string{account, what})
		}
	}
	add(l.cfg.App.Account, "the app's")
	if d := l.cfg.App.Domain; d != nil {
		add(d.Account, "the domain's")
	}
	for _, env := range l.cfg.Environments {
		add(env.Account, "environment "+env.Name)
	}
	return out
}

// checkRequestDrivenAlias checks the alias of a request-driven service
// with Copilot's rules: the app has a domain, there is one alias (Copilot's
// http.alias is one name there), with no hosted zone, and it is a name
// just below the domain, not in the app's or the environment's zone.
// Copilot's custom domain writes the validation and alias records in the
// domain's zone, which is the only zone it looks up.
func (l *loader) checkRequestDrivenAlias(e *evaluator, rn *node, d *schema.Deployment, r *schema.ServiceHTTP) {
	at := rn.attr("alias")
	if at == nil || len(r.Alias) == 0 {
		return
	}
	dom := l.cfg.App.Domain
	switch {
	case dom == nil:
		e.errorf(at.Expr.Range(), "Alias without the app's domain",
			"A request-driven service's alias is a name below the app's domain, and app %q has none. Add domain to the app block, or remove alias.", l.cfg.App.Name)
		return
	case len(r.Alias) > 1:
		e.errorf(at.Expr.Range(), "More than one alias on a request-driven service",
			"A request-driven service has one alias (Copilot's http.alias is one name for App Runner); keep one of %s.", strings.Join(r.Alias, ", "))
		return
	case len(r.AliasZones) > 0:
		e.errorf(at.Expr.Range(), "hosted_zone on a request-driven service's alias",
			"A request-driven service's alias gets its records in the app's domain zone (%s), as Copilot writes them; remove hosted_zone.", dom.Name)
		return
	}
	if err := schema.CheckRequestDrivenAlias(r.Alias[0], l.cfg.App.Name, d.Env, dom.Name); err != nil {
		e.errorf(at.Expr.Range(), "Invalid alias for a request-driven service",
			"%s. Use a name just below the domain, such as api.%s, whose first label is not the app's name.", strings.TrimSuffix(sentence(err.Error()), "."), dom.Name)
	}
}

// checkALBPlace requires an imported load balancer given by ARN to be in
// the environment's account and region: its listener rules are written
// by the environment's stacks.
func (l *loader) checkALBPlace(e *evaluator, http *node, d *schema.Deployment) {
	region, account, ok := schema.ALBARNPlace(d.HTTP.ALB)
	env := l.cfg.Environment(d.Env)
	if !ok || env == nil || (region == env.Region && account == env.Account) {
		return
	}
	e.errorf(http.attr("alb").Expr.Range(), "Load balancer outside the environment",
		"This load balancer is in account %s, region %s, and environment %q is in account %s, region %s; the service's listener rules can go only on a load balancer of its environment. Import one there, or use an expression on env.name.", account, region, d.Env, env.Account, env.Region)
}

// checkVersion refuses HTTP/2 and gRPC target groups behind a listener
// without TLS: Elastic Load Balancing supports them on HTTPS listeners
// only, and a backend's internal listener without private certificates
// and an environment without a domain or certificates have HTTP only.
func (l *loader) checkVersion(e *evaluator, rn *node, d *schema.Deployment, r *schema.ServiceHTTP) {
	if r.Version == "" || r.Version == schema.VersionHTTP1 || d.Type == schema.TypeRequestDriven {
		return
	}
	env := l.cfg.Environment(d.Env)
	https := l.cfg.App.Domain != nil || (env != nil && len(env.HTTP.Certificates) > 0)
	if d.Type == schema.TypeLoadBalancedWeb && https || d.Type == schema.TypeBackend && env != nil && len(env.HTTP.Private.Certificates) > 0 {
		return
	}
	e.errorf(rn.attr("version").Expr.Range(), "version "+strings.ToLower(r.Version)+" needs an HTTPS listener",
		"The load balancer sends HTTP/2 and gRPC to targets from an HTTPS listener only, and this service's listener in environment %q is HTTP (a backend's internal listener is, unless the environment has http { private { certificates } }): give the app a domain or the environment http { certificates } (backends: http { private { certificates } }), or use version = \"http1\".", d.Env)
}

// checkTargets checks the target of every http rule and nlb listener, and
// that two of them do not expose one extra port on different containers.
func checkTargets(e *evaluator, n *node, d *schema.Deployment, cs []*container) {
	owner := map[int]string{}
	check := func(bn *node, tc string, tp int) {
		checkTarget(e, bn, tc, tp, d, cs)
		if tc == "" {
			tc = d.Workload
		}
		if prev, ok := owner[tp]; ok && tp != 0 && prev != tc {
			e.errorf(bn.attr("target_port").Expr.Range(), "Port used by two containers",
				"Port %d is already the target port on container %q. The containers of a task share one network interface, so each port belongs to one container.", tp, prev)
		}
		if tp != 0 {
			owner[tp] = tc
		}
	}
	if http := n.block("http"); d.HTTP != nil && http != nil {
		for i, r := range d.HTTP.AllRules() {
			check(ruleNodes(http)[i], r.TargetContainer, r.TargetPort)
		}
	}
	if nn := n.block("nlb"); d.NLB != nil && nn != nil {
		for i, ls := range d.NLB.Listeners {
			check(nlbListenerNodes(nn)[i], ls.TargetContainer, ls.TargetPort)
		}
	}
}

// checkRoutingTypes refuses what a service type's load balancing cannot
// do: a network load balancer is a load-balanced-web service's, and App
// Runner has neither rules nor protocol versions nor a redirect to set.
func (l *loader) checkRoutingTypes(n *node, t schema.ServiceType) {
	l.refuseFor(n, t, "nlb", "a network load balancer is part of a load-balanced-web service only",
		schema.TypeBackend, schema.TypeWorker, schema.TypeRequestDriven)
	http := n.block("http")
	if t == schema.TypeBackend && http != nil {
		l.refuseFor(http, t, "alb", "a backend's rules go on the environment's internal load balancer", schema.TypeBackend)
	}
	if t != schema.TypeRequestDriven || http == nil {
		return
	}
	for _, name := range []string{"rule", "version", "redirect_to_https", "alb"} {
		l.refuseFor(http, t, name, "App Runner routes every request of its URL to the one container, over HTTPS", schema.TypeRequestDriven)
	}
}
