package lang

import (
	"maps"
	"slices"
	"time"

	"github.com/zclconf/go-cty/cty"

	"flightplan/schema"
)

// Blue-green deployments (ECS's own strategy) and the threshold form of
// rollback_alarms.

// blueGreen reads bake_time and test_listener, which only a blue-green
// deployment has.
func blueGreen(e *evaluator, n *node, s *schema.DeploymentStrategy) {
	bg := &s.BlueGreen
	if a := e.durationIn(n, "bake_time", "bake_time", &bg.BakeTime, 0, schema.MaxBakeTime); a != nil && bg.BakeTime%time.Minute != 0 {
		e.errorf(a.Expr.Range(), "bake_time in whole minutes", "ECS counts the bake time in minutes, and %s is not a whole number of them.", schema.FormatDuration(bg.BakeTime))
	}
	if tl := n.block("test_listener"); tl != nil {
		if a := e.integer(tl, "port", &bg.TestListenerPort); a != nil && e.check(a, "Invalid port", schema.CheckPort(bg.TestListenerPort)) &&
			(bg.TestListenerPort == 80 || bg.TestListenerPort == 443) {
			e.errorf(a.Expr.Range(), "Test listener on a production port",
				"Ports 80 and 443 are the load balancer's production listeners; give the test listener another port, such as 8080.")
		}
	}
	if s.Strategy == schema.StrategyBlueGreen {
		return
	}
	for _, name := range []string{"bake_time", "test_listener"} {
		var at *node
		if a := n.attr(name); a != nil {
			e.errorf(a.NameRange, name+" without blue-green", "%s applies to blue-green deployments only. Set strategy = \"blue-green\", or remove %s.", name, name)
		} else if at = n.block(name); at != nil {
			e.errorf(at.DefRange, name+" without blue-green", "%s applies to blue-green deployments only. Set strategy = \"blue-green\", or remove %s.", name, name)
		}
	}
}

// checkBlueGreen refuses blue-green where ECS has no traffic to move in
// flightplan's resources: ECS shifts traffic between the target groups of
// the application load balancer's rules, so the service must be
// load-balanced-web with its http routing, and without an nlb (not yet).
func checkBlueGreen(e *evaluator, n *node, d *schema.Deployment) {
	if d.Strategy.Rollback.MessagesDelayed > 0 && d.Type != schema.TypeWorker {
		e.errorf(n.block("deployment").attr("rollback_alarms").Expr.Range(), "messages_delayed needs a worker",
			"messages_delayed watches a worker's queue, and this is a %s service. Remove it, or roll back on cpu_utilization or memory_utilization.", d.Type)
	}
	if d.Strategy.Strategy != schema.StrategyBlueGreen {
		return
	}
	at := n.block("deployment").attr("strategy").Expr.Range()
	switch {
	case d.Type != schema.TypeLoadBalancedWeb || d.HTTPDisabled:
		e.errorf(at, "Blue-green needs an application load balancer",
			"ECS moves the traffic of a blue-green deployment between target groups of the application load balancer, and this %s service has none. Use \"rolling\" or \"recreate\", or a load-balanced-web service with http routing.", d.Type)
	case d.HTTP != nil && d.HTTP.ForwardHTTP:
		e.errorf(at, "Blue-green with redirect_to_https = false is not supported yet",
			"ECS moves the traffic of the HTTPS listener's rules only, and rules served on the HTTP listener too would keep sending traffic to the old revision. Remove redirect_to_https = false, or use \"rolling\".")
	case d.HTTP != nil && d.HTTP.ALB != "":
		e.errorf(at, "Blue-green with an imported alb is not supported yet",
			"flightplan moves the traffic of the environment's load balancer in a blue-green deployment, not yet that of a load balancer it imports. Remove alb, or use \"rolling\".")
	case d.NLB != nil:
		e.errorf(at, "Blue-green with an nlb is not supported yet",
			"flightplan moves the application load balancer's traffic in a blue-green deployment, not the network load balancer's yet. Remove the nlb block, or use \"rolling\".")
	}
}

// rollbackAlarms reads rollback_alarms: a list of existing alarm names,
// or an object of thresholds for which the stack creates alarms.
func rollbackAlarms(e *evaluator, n *node, s *schema.DeploymentStrategy) {
	a := n.attr("rollback_alarms")
	if a == nil {
		return
	}
	v, ok := e.value(a.Expr, cty.DynamicPseudoType)
	if !ok {
		return
	}
	if !v.Type().IsObjectType() && !v.Type().IsMapType() {
		e.strs(n, "rollback_alarms", &s.RollbackAlarms)
		return
	}
	m := v.AsValueMap()
	for _, k := range slices.Sorted(maps.Keys(m)) {
		val, r := m[k], &s.Rollback
		var f float64
		if val.IsNull() || !val.Type().Equals(cty.Number) {
			e.errorf(a.Expr.Range(), "Invalid rollback threshold", "%s must be a number.", k)
			continue
		}
		f, _ = val.AsBigFloat().Float64()
		switch k {
		case "cpu_utilization", "memory_utilization":
			if f <= 0 || f > 100 {
				e.errorf(a.Expr.Range(), "Invalid rollback threshold", "%s is a percentage above 0 and at most 100; it is %g.", k, f)
			} else if k == "cpu_utilization" {
				r.CPUUtilization = f
			} else {
				r.MemoryUtilization = f
			}
		case "messages_delayed":
			if f < 1 || f != float64(int(f)) {
				e.errorf(a.Expr.Range(), "Invalid rollback threshold", "messages_delayed is a whole number of messages, 1 or more; it is %g.", f)
			} else {
				r.MessagesDelayed = int(f)
			}
		default:
			e.errorf(a.Expr.Range(), "Unknown rollback threshold", "%q is not a threshold; they are cpu_utilization, memory_utilization and messages_delayed (workers).%s",
				k, suggest(k, []string{"cpu_utilization", "memory_utilization", "messages_delayed"}))
		}
	}
}
