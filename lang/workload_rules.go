package lang

import (
	"slices"

	"github.com/hashicorp/hcl/v2"

	"flightplan/schema"
)

// checkTypeRules reports settings that a service type does not have or
// cannot honour. They depend on the body's structure only, so they run
// once per workload rather than once per environment.
func (l *loader) checkTypeRules(n *node, t schema.ServiceType) {
	if t == schema.TypeScheduledJob {
		return
	}
	l.checkSiteRules(n, t)
	if t == schema.TypeStaticSite {
		return
	}
	l.requirePort(n, t)
	l.refuseFor(n, t, "http", "workers receive messages from their queue, not HTTP requests", schema.TypeWorker)
	l.refuseFor(n, t, "port", "workers receive messages from their queue and listen on no port", schema.TypeWorker)
	l.refuseFor(n, t, "exec", "App Runner does not support ECS Exec", schema.TypeRequestDriven)
	l.refuseFor(n, t, "count", "App Runner scales a request-driven service itself; set autoscaling { min, max } instead", schema.TypeRequestDriven)
	for _, name := range []string{"sidecar", "healthcheck", "labels", "container_depends_on", "storage", "env_file"} {
		l.refuseFor(n, t, name, "App Runner runs the one container of the image, with no sidecars and no container settings of ECS", schema.TypeRequestDriven)
	}
	if t != schema.TypeWorker {
		if b := n.block("subscribe"); b != nil {
			l.errorf(b.DefRange, "subscribe needs a worker service", "Only services of type \"worker\" have a queue to subscribe to topics; change the type to \"worker\" or remove the subscribe block.")
		}
	}
	l.checkAutoscalingCombos(n, t)
	l.checkRoutingTypes(n, t)
}

func (l *loader) requirePort(n *node, t schema.ServiceType) {
	if (t == schema.TypeLoadBalancedWeb || t == schema.TypeRequestDriven) && n.attr("port") == nil {
		l.errorf(n.DefRange, "Missing port", "A %s service needs port, the port its container listens on (for example port = 8080).", t)
	}
}

// refuseFor reports the attribute or block name when the service type is
// one of types.
func (l *loader) refuseFor(n *node, t schema.ServiceType, name, why string, types ...schema.ServiceType) {
	if !slices.Contains(types, t) {
		return
	}
	var rng *hcl.Range
	if a := n.attr(name); a != nil {
		rng = &a.NameRange
	} else if b := n.block(name); b != nil {
		rng = &b.DefRange
	}
	if rng != nil {
		l.errorf(*rng, name+" is not allowed on a "+string(t)+" service", "Remove %s: %s.", name, why)
	}
}

// checkAutoscalingCombos warns about settings that do nothing together.
func (l *loader) checkAutoscalingCombos(n *node, t schema.ServiceType) {
	as := n.block("autoscaling")
	if as == nil {
		return
	}
	if c := n.attr("count"); c != nil {
		l.warnf(c.NameRange, "count is overridden by autoscaling", "With an autoscaling block the number of tasks starts at autoscaling.min and follows the load; count has no effect. Remove count.")
	}
	l.checkTrafficScaling(n, as, t)
	for _, name := range []string{"queue_delay", "msg_processing_time"} {
		if a := as.attr(name); a != nil && t != schema.TypeWorker {
			l.warnf(a.NameRange, "autoscaling."+name+" has no effect here", "Only worker services have a queue to scale on. Remove %s.", name)
		}
	}
	for _, name := range []string{"scale_in_cooldown", "scale_out_cooldown"} {
		if a := as.attr(name); a != nil && t == schema.TypeRequestDriven {
			l.errorf(a.NameRange, "autoscaling."+name+" is not supported here", "App Runner scales a request-driven service itself, with no cooldowns to set. Remove %s.", name)
		}
	}
	if a := as.attr("spot_from"); a != nil && t == schema.TypeRequestDriven {
		l.errorf(a.NameRange, "autoscaling.spot_from is not supported here", "App Runner runs a request-driven service on its own instances, not on Fargate Spot. Remove spot_from.")
	}
}

// checkTrafficScaling refuses scaling on requests or response_time where
// there is no load balancer to measure them: load-balanced-web services
// and backends with an http block (on the environment's internal load
// balancer) scale on them; App Runner takes requests as its maximum
// concurrency per instance and has no response-time scaling.
func (l *loader) checkTrafficScaling(n, as *node, t schema.ServiceType) {
	for _, name := range []string{"requests", "response_time"} {
		a := as.attr(name)
		switch {
		case a == nil, t == schema.TypeLoadBalancedWeb, t == schema.TypeBackend && n.block("http") != nil:
		case t == schema.TypeRequestDriven:
			if name == "response_time" {
				l.errorf(a.NameRange, "autoscaling.response_time is not supported here", "App Runner scales a request-driven service on concurrent requests only (autoscaling.requests). Remove response_time.")
			}
		case t == schema.TypeBackend:
			l.errorf(a.NameRange, "autoscaling."+name+" needs a load balancer", "Scaling on %s follows the traffic of the service's load balancer, and a backend service has one only with an http block (the environment's internal load balancer). Add an http block, or remove %s.", name, name)
		default:
			l.errorf(a.NameRange, "autoscaling."+name+" needs a load balancer", "Scaling on %s follows the traffic of a load balancer, and a %s service has none. Remove %s.", name, t, name)
		}
	}
}

// checkPlatform refuses arm64 images on request-driven services: App Runner
// runs x86 only.
func checkPlatform(e *evaluator, n *node, d *schema.Deployment) {
	if d.Type == schema.TypeRequestDriven && d.Image.Platform == schema.PlatformARM64 {
		e.errorf(n.attr("image").Expr.Range(), "arm64 image on a request-driven service",
			"App Runner runs linux/amd64 images only, but image %q is linux/arm64. Use an amd64 image, or another service type.", d.Image.Name)
	}
}
