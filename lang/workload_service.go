package lang

import (
	"time"

	"flightplan/schema"

	"github.com/hashicorp/hcl/v2"
)

// serviceSettings reads the parts of a body that only services have.
func (l *loader) serviceSettings(e *evaluator, n *node, d *schema.Deployment) {
	if a := e.integer(n, "port", &d.Port); a != nil {
		e.check(a, "Invalid port", schema.CheckPort(d.Port))
	}
	d.Count = schema.DefaultCount
	serviceCount(e, n, d)
	e.flag(n, "exec", &d.Exec)
	if a := n.block("autoscaling"); a != nil {
		d.Autoscaling = autoscaling(e, a)
	}
	checkSpot(e, n, d)
	d.HTTP = serviceHTTP(e, n.block("http"), d.Type)
	d.NLB = l.nlb(e, n.block("nlb"), d)
	l.httpSwitch(e, n, d)
	l.checkRouting(e, n, d)
	d.Publish = publish(e, n.block("publish"))
	d.Subscribe = subscribe(e, n.block("subscribe"), d.Type)
	d.Strategy = strategy(e, n.block("deployment"))
	checkBlueGreen(e, n, d)
	serviceConnect(e, n, d)
}

func autoscaling(e *evaluator, n *node) *schema.Autoscaling {
	as := &schema.Autoscaling{}
	e.intIn(n, "min", "autoscaling.min", &as.Min, 0, 1000)
	mx := e.intIn(n, "max", "autoscaling.max", &as.Max, 1, 1000)
	if mx != nil && as.Max < as.Min {
		e.errorf(mx.Expr.Range(), "Invalid autoscaling range", "max (%d) is below min (%d).", as.Max, as.Min)
	} else if mx == nil && n.attr("max") == nil {
		e.errorf(n.DefRange, "Missing autoscaling.max", "Set max, the largest number of tasks autoscaling may run.")
	}
	if a := e.float(n, "cpu_percentage", &as.CPUPercentage); a != nil && (as.CPUPercentage <= 0 || as.CPUPercentage > 100) {
		e.errorf(a.Expr.Range(), "Invalid cpu_percentage", "cpu_percentage must be above 0 and at most 100.")
	}
	if a := e.float(n, "memory_percentage", &as.MemoryPercentage); a != nil && (as.MemoryPercentage <= 0 || as.MemoryPercentage > 100) {
		e.errorf(a.Expr.Range(), "Invalid memory_percentage", "memory_percentage must be above 0 and at most 100.")
	}
	e.intIn(n, "requests", "autoscaling.requests", &as.Requests, 1, 1_000_000)
	e.durationIn(n, "response_time", "autoscaling.response_time", &as.ResponseTime, time.Millisecond, time.Minute)
	e.durationIn(n, "queue_delay", "autoscaling.queue_delay", &as.QueueDelay, time.Second, 12*time.Hour)
	e.durationIn(n, "msg_processing_time", "autoscaling.msg_processing_time", &as.MessageProcessingTime, time.Millisecond, 12*time.Hour)
	as.ScaleInCooldown, as.ScaleOutCooldown = schema.DefaultScaleInCooldown, schema.DefaultScaleOutCooldown
	e.durationIn(n, "scale_in_cooldown", "autoscaling.scale_in_cooldown", &as.ScaleInCooldown, 0, time.Hour)
	e.durationIn(n, "scale_out_cooldown", "autoscaling.scale_out_cooldown", &as.ScaleOutCooldown, 0, time.Hour)
	e.intIn(n, "spot_from", "autoscaling.spot_from", &as.SpotFrom, 1, 1000)
	if a := n.attr("msg_processing_time"); a != nil && n.attr("queue_delay") == nil {
		e.errorf(a.NameRange, "msg_processing_time without queue_delay",
			"msg_processing_time says how long one message takes, to turn queue_delay into a backlog per task. Set queue_delay too, or remove it.")
	}
	return as
}

// healthLimits are the ranges a health check accepts: target groups for
// ECS services, App Runner for request-driven ones.
type healthLimits struct {
	thresholdMin, thresholdMax int
	intervalMin, intervalMax   time.Duration
	timeoutMin, timeoutMax     time.Duration
}

var (
	targetGroupLimits = healthLimits{2, 10, 5 * time.Second, 300 * time.Second, 2 * time.Second, 120 * time.Second}
	appRunnerLimits   = healthLimits{1, 20, 1 * time.Second, 20 * time.Second, 1 * time.Second, 20 * time.Second}
)

// serviceHTTP reads the http block; a load-balanced service without one
// gets the defaults, other services get nil.
func serviceHTTP(e *evaluator, n *node, t schema.ServiceType) *schema.ServiceHTTP {
	if n == nil {
		if t == schema.TypeLoadBalancedWeb {
			return schema.DefaultHTTP()
		}
		return nil
	}
	limits := targetGroupLimits
	if t == schema.TypeRequestDriven {
		limits = appRunnerLimits
	}
	h := routingRule(e, n, limits)
	routingExtras(e, n, h, limits)
	return h
}

func healthcheck(e *evaluator, n *node, lim healthLimits) schema.Healthcheck {
	hc := schema.DefaultHealthcheck()
	if n == nil {
		return hc
	}
	e.str(n, "path", &hc.Path)
	if a := e.integer(n, "port", &hc.Port); a != nil {
		e.check(a, "Invalid port", schema.CheckPort(hc.Port))
	}
	e.str(n, "success_codes", &hc.SuccessCodes)
	e.intIn(n, "healthy_threshold", "healthy_threshold", &hc.HealthyThreshold, lim.thresholdMin, lim.thresholdMax)
	e.intIn(n, "unhealthy_threshold", "unhealthy_threshold", &hc.UnhealthyThreshold, lim.thresholdMin, lim.thresholdMax)
	iv := e.durationIn(n, "interval", "health check interval", &hc.Interval, lim.intervalMin, lim.intervalMax)
	to := e.durationIn(n, "timeout", "health check timeout", &hc.Timeout, lim.timeoutMin, lim.timeoutMax)
	e.durationIn(n, "grace_period", "grace_period", &hc.GracePeriod, 0, 2147483647*time.Second)
	e.timeoutBelowInterval(hc.Timeout, hc.Interval, to, iv)
	return hc
}

func strategy(e *evaluator, n *node) schema.DeploymentStrategy {
	s := schema.DeploymentStrategy{Strategy: schema.DefaultStrategy}
	e.oneOf(n, "strategy", &s.Strategy, schema.StrategyRolling, schema.StrategyRecreate, schema.StrategyBlueGreen)
	rollbackAlarms(e, n, &s)
	blueGreen(e, n, &s)
	return s
}

// timeoutBelowInterval refuses a health check whose timeout is not below
// its interval, at the attribute that set one of them (the timeout's when
// both were set); nothing when the file set neither (the defaults agree).
func (e *evaluator) timeoutBelowInterval(timeout, interval time.Duration, to, iv *hcl.Attribute) {
	if timeout < interval || (iv == nil && to == nil) {
		return
	}
	at := to
	if at == nil {
		at = iv
	}
	e.errorf(at.Expr.Range(), "Health check timeout not below interval",
		"The timeout (%s) must be shorter than the interval (%s): a check must finish before the next one starts.",
		schema.FormatDuration(timeout), schema.FormatDuration(interval))
}
