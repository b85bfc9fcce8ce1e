package stacks

import (
	"strconv"
	"strings"

	"flightplan/schema"
)

// loadBalancing adds the target group and the listener rule, and wires the
// ECS service to them.
func (x *wl) loadBalancing(svc obj, h *schema.ServiceHTTP) {
	x.targetGroup(h)
	x.listenerRule(h)
	x.aliasRecords(h)
	svc["HealthCheckGracePeriodSeconds"] = int(h.Healthcheck.GracePeriod.Seconds())
	svc["LoadBalancers"] = list{obj{
		"ContainerName":  x.w.Name,
		"ContainerPort":  x.d.Port,
		"TargetGroupArn": ref("TargetGroup"),
	}}
	// ECS refuses a target group that no load balancer uses yet.
	x.t.dependsOn("Service", "ListenerRule")
}

// targetGroup carries every health check setting of the file.
func (x *wl) targetGroup(h *schema.ServiceHTTP) {
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
	x.t.add("TargetGroup", "AWS::ElasticLoadBalancingV2::TargetGroup", obj{
		"Port":                       x.d.Port,
		"Protocol":                   "HTTP",
		"TargetType":                 "ip",
		"VpcId":                      x.importEnv("VpcId"),
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
func (x *wl) listenerRule(h *schema.ServiceHTTP) {
	conds := list{obj{"Field": "path-pattern", "PathPatternConfig": obj{"Values": strs(pathPatterns(h.Path))}}}
	if len(h.Alias) > 0 {
		conds = append(conds, obj{"Field": "host-header", "HostHeaderConfig": obj{"Values": strs(h.Alias)}})
	}
	if len(h.AllowedSourceIPs) > 0 {
		conds = append(conds, obj{"Field": "source-ip", "SourceIpConfig": obj{"Values": strs(h.AllowedSourceIPs)}})
	}
	x.t.add("ListenerRule", "AWS::ElasticLoadBalancingV2::ListenerRule", obj{
		"ListenerArn": x.importEnv(x.listenerExport()),
		"Priority":    x.c.needs[x.env.Name].priority[x.w.Name],
		"Conditions":  conds,
		"Actions":     list{obj{"Type": "forward", "TargetGroupArn": ref("TargetGroup")}},
	})
}

// listenerExport names the listener the service's rule goes on: the
// internal one for backends, HTTPS when the environment has certificates
// (its own, from the app's domain, or given).
func (x *wl) listenerExport() string {
	switch {
	case x.w.Type == schema.TypeBackend:
		return "InternalHTTPListenerArn"
	case x.c.hasHTTPS(x.env):
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
