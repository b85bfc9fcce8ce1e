package stacks

import (
	"strconv"
	"strings"

	"flightplan/schema"
)

// loadBalancing adds a target group and a listener rule per routing rule
// (service_rules.go), and the network load balancer's listeners
// (service_nlb.go), and wires the ECS service to their target groups. It
// returns the rules the service must wait for.
func (ws *workloadStack) loadBalancing(svc *fields, h *schema.ServiceHTTP) []string {
	var lbs list
	var rules []string
	for i, r := range h.AllRules() {
		ws.targetGroup(indexed("TargetGroup", i), r)
		rules = append(rules, ws.listenerRules(i, r)...)
		name, port := ws.ruleTarget(r)
		lb := obj{"ContainerName": name, "ContainerPort": port, "TargetGroupArn": ref(indexed("TargetGroup", i))}
		rules = append(rules, ws.blueGreenRule(i, r, lb)...)
		lbs = append(lbs, lb)
	}
	ws.aliasRecords(h.AllRules())
	lbs, rules = ws.networkLoadBalancing(lbs, rules)
	svc.set("HealthCheckGracePeriodSeconds", int(ws.gracePeriod().Seconds()))
	svc.set("LoadBalancers", lbs)
	return rules
}

// targetGroup carries every health check setting of the file; its port is
// the target container's (see ruleTarget).
func (ws *workloadStack) targetGroup(id string, h *schema.ServiceHTTP) {
	hc := h.Healthcheck
	port := "traffic-port"
	if hc.Port > 0 {
		port = strconv.Itoa(hc.Port)
	}
	attrs := list{mk(pair{"Key", "deregistration_delay.timeout_seconds"}, pair{"Value", strconv.Itoa(int(h.DeregistrationDelay.Seconds()))})}
	attrs = append(attrs, mk(pair{"Key", "stickiness.enabled"}, pair{"Value", strconv.FormatBool(h.Stickiness)}))
	if h.Stickiness {
		attrs = append(attrs, mk(pair{"Key", "stickiness.type"}, pair{"Value", "lb_cookie"}))
	}
	_, targetPort := ws.ruleTarget(h)
	props := fields{
		{"Port", targetPort},
		{"Protocol", "HTTP"},
		{"TargetType", "ip"},
		{"VpcId", ws.importEnv("VpcId")},
		{"HealthCheckPath", hc.Path},
		{"HealthCheckPort", port},
		{"Matcher", matcher(h)},
		{"HealthyThresholdCount", hc.HealthyThreshold},
		{"UnhealthyThresholdCount", hc.UnhealthyThreshold},
		{"HealthCheckIntervalSeconds", int(hc.Interval.Seconds())},
		{"HealthCheckTimeoutSeconds", int(hc.Timeout.Seconds())},
		{"TargetGroupAttributes", attrs},
	}
	if h.Version != "" {
		props.set("ProtocolVersion", h.Version)
	}
	ws.template.add(id, "AWS::ElasticLoadBalancingV2::TargetGroup", props)
}

// listenerRule routes a rule's path (and aliases, and allowed source IPs)
// on the listener, at the priority derived in env_needs.go.
func (ws *workloadStack) listenerRule(id, listener string, i int, h *schema.ServiceHTTP) {
	var listenerArn any = ws.importEnv(listener)
	if a := albRef(ws.workload, ws.deployment); a != "" {
		listenerArn = ws.compiler.importedALB(a).listener()
	}
	ws.addListenerRule(id, listenerArn, i, h, ws.forwardAction(i))
}

// addListenerRule adds a listener rule matching a routing rule's path,
// aliases and source IPs, with one action.
func (ws *workloadStack) addListenerRule(id string, listenerArn any, i int, h *schema.ServiceHTTP, action any) {
	conds := list{mk(pair{"Field", "path-pattern"}, pair{"PathPatternConfig", mk(pair{"Values", strs(pathPatterns(h.Path))})})}
	if len(h.Alias) > 0 {
		conds = append(conds, mk(pair{"Field", "host-header"}, pair{"HostHeaderConfig", mk(pair{"Values", strs(h.Alias)})}))
	}
	if len(h.AllowedSourceIPs) > 0 {
		conds = append(conds, mk(pair{"Field", "source-ip"}, pair{"SourceIpConfig", mk(pair{"Values", strs(h.AllowedSourceIPs)})}))
	}
	ws.template.add(id, "AWS::ElasticLoadBalancingV2::ListenerRule", mk(
		pair{"ListenerArn", listenerArn},
		pair{"Priority", ws.compiler.needs[ws.env.Name].priority[ruleKeyName(ws.workload.Name, i)]},
		pair{"Conditions", conds},
		pair{"Actions", mkList(action)},
	))
}

// listenerExport names the listener the service's rule goes on: the
// internal one for backends (HTTPS with private certificates), HTTPS when the environment has certificates
// (its own, from the app's domain, or given).
func (ws *workloadStack) listenerExport() string {
	switch {
	case ws.workload.Type == schema.TypeBackend && len(ws.env.HTTP.Private.Certificates) > 0:
		return "InternalHTTPSListenerArn"
	case ws.workload.Type == schema.TypeBackend:
		return "InternalHTTPListenerArn"
	case ws.compiler.hasHTTPS(ws.env):
		return "HTTPSListenerArn"
	}
	return "HTTPListenerArn"
}

// pathPatterns turns a routing path into ALB path patterns: "/" matches
// everything, "/api" matches itself and everything below it.
func pathPatterns(p string) []string {
	p = "/" + strings.Trim(p, "/")
	if p == "/" {
		return []string{"/*"}
	}
	return []string{p, p + "/*"}
}
