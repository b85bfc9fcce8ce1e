package stacks

import (
	"strconv"
	"strings"

	"flightplan/schema"
)

// loadBalancing adds the target group and the listener rule, and wires the
// ECS service to them.
func (ws *workloadStack) loadBalancing(svc obj, h *schema.ServiceHTTP) {
	ws.targetGroup(h)
	ws.listenerRule(h)
	ws.aliasRecords(h)
	svc["HealthCheckGracePeriodSeconds"] = int(h.Healthcheck.GracePeriod.Seconds())
	name, port := ws.target()
	svc["LoadBalancers"] = list{obj{
		"ContainerName":  name,
		"ContainerPort":  port,
		"TargetGroupArn": ref("TargetGroup"),
	}}
	// ECS refuses a target group that no load balancer uses yet.
	ws.template.dependsOn("Service", "ListenerRule")
}

// targetGroup carries every health check setting of the file; its port is
// the target container's (see target).
func (ws *workloadStack) targetGroup(h *schema.ServiceHTTP) {
	hc := h.Healthcheck
	port := "traffic-port"
	if hc.Port > 0 {
		port = strconv.Itoa(hc.Port)
	}
	attrs := list{obj{"Key": "deregistration_delay.timeout_seconds", "Value": strconv.Itoa(int(h.DeregistrationDelay.Seconds()))}}
	attrs = append(attrs, obj{"Key": "stickiness.enabled", "Value": strconv.FormatBool(h.Stickiness)})
	if h.Stickiness {
		attrs = append(attrs, obj{"Key": "stickiness.type", "Value": "lb_cookie"})
	}
	_, targetPort := ws.target()
	ws.template.add("TargetGroup", "AWS::ElasticLoadBalancingV2::TargetGroup", obj{
		"Port":                       targetPort,
		"Protocol":                   "HTTP",
		"TargetType":                 "ip",
		"VpcId":                      ws.importEnv("VpcId"),
		"HealthCheckPath":            hc.Path,
		"HealthCheckPort":            port,
		"Matcher":                    obj{"HttpCode": hc.SuccessCodes},
		"HealthyThresholdCount":      hc.HealthyThreshold,
		"UnhealthyThresholdCount":    hc.UnhealthyThreshold,
		"HealthCheckIntervalSeconds": int(hc.Interval.Seconds()),
		"HealthCheckTimeoutSeconds":  int(hc.Timeout.Seconds()),
		"TargetGroupAttributes":      attrs,
	})
}

// listenerRule routes the service's path (and aliases, and allowed source
// IPs) on its environment's listener, at the priority derived in
// env_needs.go.
func (ws *workloadStack) listenerRule(h *schema.ServiceHTTP) {
	conds := list{obj{"Field": "path-pattern", "PathPatternConfig": obj{"Values": strs(pathPatterns(h.Path))}}}
	if len(h.Alias) > 0 {
		conds = append(conds, obj{"Field": "host-header", "HostHeaderConfig": obj{"Values": strs(h.Alias)}})
	}
	if len(h.AllowedSourceIPs) > 0 {
		conds = append(conds, obj{"Field": "source-ip", "SourceIpConfig": obj{"Values": strs(h.AllowedSourceIPs)}})
	}
	ws.template.add("ListenerRule", "AWS::ElasticLoadBalancingV2::ListenerRule", obj{
		"ListenerArn": ws.importEnv(ws.listenerExport()),
		"Priority":    ws.compiler.needs[ws.env.Name].priority[ws.workload.Name],
		"Conditions":  conds,
		"Actions":     list{obj{"Type": "forward", "TargetGroupArn": ref("TargetGroup")}},
	})
}

// listenerExport names the listener the service's rule goes on: the
// internal one for backends, HTTPS when the environment has certificates
// (its own, from the app's domain, or given).
func (ws *workloadStack) listenerExport() string {
	switch {
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
