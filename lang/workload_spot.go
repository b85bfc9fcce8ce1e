package lang

import (
	"math/big"

	"github.com/zclconf/go-cty/cty"

	"flightplan/schema"
)

// serviceCount reads count: a number of tasks, or { spot = N }, N tasks on
// Fargate Spot (Copilot's count.spot).
func serviceCount(e *evaluator, n *node, d *schema.Deployment) {
	a := n.attr("count")
	if a == nil {
		return
	}
	v, ok := e.value(a.Expr, cty.DynamicPseudoType)
	if !ok {
		return
	}
	if !v.Type().IsObjectType() && !v.Type().IsMapType() {
		// A number of tasks: the value already evaluated is converted, not
		// evaluated again.
		var count int
		if v, ok = e.convert(a.Expr, v, cty.Number); ok && e.whole(a, v, &count) &&
			e.check(a, "Invalid count", schema.CheckRange("count", count, 0, 1000)) {
			d.Count = count
		}
		return
	}
	m := v.AsValueMap()
	spot, found := m["spot"]
	if !found || len(m) != 1 {
		e.errorf(a.Expr.Range(), "Invalid count", "count is a number of tasks, or { spot = N } to run N tasks on Fargate Spot; for a range, use autoscaling { min, max, spot_from }.")
		return
	}
	if spot.IsNull() || spot.Type() != cty.Number {
		e.errorf(a.Expr.Range(), "Invalid count", "count.spot must be a whole number of tasks, 0 to 1000.")
		return
	}
	i, acc := spot.AsBigFloat().Int64()
	if acc != big.Exact || i < 0 || i > 1000 {
		e.errorf(a.Expr.Range(), "Invalid count", "count.spot must be a whole number of tasks, 0 to 1000.")
		return
	}
	d.Count, d.Spot = int(i), true
}

// checkSpot applies Copilot's rules for Fargate Spot: count.spot does not
// go with autoscaling, and Spot is not for ARM; Fargate has no Spot for
// Windows either.
func checkSpot(e *evaluator, n *node, d *schema.Deployment) {
	spotFrom := d.Autoscaling != nil && d.Autoscaling.SpotFrom > 0
	if !d.Spot && !spotFrom {
		return
	}
	rng := n.DefRange
	if a := n.attr("count"); d.Spot && a != nil {
		rng = a.Expr.Range()
	} else if as := n.block("autoscaling"); as != nil && as.attr("spot_from") != nil {
		rng = as.attr("spot_from").Expr.Range()
	}
	switch {
	case d.Spot && d.Autoscaling != nil:
		e.errorf(rng, "count.spot with autoscaling", "count = { spot = N } and autoscaling cannot both be set (as in Copilot); with autoscaling, set autoscaling.spot_from instead.")
	case d.Image.Platform == schema.PlatformARM64:
		e.errorf(rng, "Fargate Spot on ARM", "'Fargate Spot' is not supported when deploying on ARM architecture (Copilot's rule); use linux/amd64 or remove Spot.")
	case d.OS != "":
		e.errorf(rng, "Fargate Spot on Windows", "Fargate Spot runs Linux tasks only; remove Spot from this Windows workload.")
	}
}
