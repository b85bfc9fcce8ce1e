package lang

import (
	"github.com/hashicorp/hcl/v2"

	"flightplan/schema"
)

// checkImportedSubnets checks that an imported network has the subnets
// each workload deploying to it needs: an internet-facing load balancer
// needs public subnets, the internal one private subnets, and tasks the
// subnets of their placement. Without it the environment's template would
// give a load balancer or a service no subnets at all, which AWS refuses
// only when the stack is applied.
func (l *loader) checkImportedSubnets(n *node, w *schema.Workload) {
	for _, name := range w.Environments {
		env, d := l.cfg.Environment(name), w.Deployments[name]
		if env == nil || d == nil || env.Network.Import == nil {
			continue
		}
		if len(env.Network.Import.PublicSubnetIDs) == 0 {
			l.needPublicSubnets(n, w, d)
		}
		if len(env.Network.Import.PrivateSubnetIDs) == 0 {
			l.needPrivateSubnets(n, w, d)
		}
	}
}

func (l *loader) needPublicSubnets(n *node, w *schema.Workload, d *schema.Deployment) {
	switch {
	case d.Type == schema.TypeLoadBalancedWeb:
		l.errorf(typeRange(n), "No public subnets for the load balancer",
			"Service %q is load-balanced-web, so environment %q gets an internet-facing load balancer, which needs public subnets, but its imported network lists no public_subnet_ids. "+
				"Add the VPC's public subnets to the environment's network import block, or make the service a \"backend\" with an http block (reached through the environment's internal load balancer) and network { placement = \"private\" }.",
			w.Name, d.Env)
	case d.Network.Placement == schema.PlacementPublic && d.Type != schema.TypeRequestDriven:
		l.errorf(placementRange(n), "No public subnets for the tasks",
			"%s %q runs its tasks in public subnets (placement \"public\", the default), but environment %q imports a network with no public_subnet_ids. "+
				"Add the VPC's public subnets to the environment's network import block, or set network { placement = \"private\" }.",
			capitalize(string(w.Kind)), w.Name, d.Env)
	}
}

func (l *loader) needPrivateSubnets(n *node, w *schema.Workload, d *schema.Deployment) {
	switch {
	case d.Type == schema.TypeBackend && d.HTTP != nil:
		l.errorf(typeRange(n), "No private subnets for the internal load balancer",
			"Service %q is a backend with an http block, so environment %q gets an internal load balancer, which needs private subnets, but its imported network lists no private_subnet_ids. "+
				"Add the VPC's private subnets to the environment's network import block.",
			w.Name, d.Env)
	case d.Network.Placement == schema.PlacementPrivate:
		l.errorf(placementRange(n), "No private subnets for the tasks",
			"%s %q is placed in private subnets (placement \"private\"), but environment %q imports a network with no private_subnet_ids. "+
				"Add the VPC's private subnets to the environment's network import block, or set network { placement = \"public\" }.",
			capitalize(string(w.Kind)), w.Name, d.Env)
	}
}

// typeRange is a service's type, or the block's header for a job.
func typeRange(n *node) hcl.Range {
	if a := n.attr("type"); a != nil {
		return a.Expr.Range()
	}
	return n.DefRange
}

// placementRange is network.placement, or the block's header when the
// placement is the default.
func placementRange(n *node) hcl.Range {
	if net := n.block("network"); net != nil {
		if a := net.attr("placement"); a != nil {
			return a.Expr.Range()
		}
	}
	return n.DefRange
}
