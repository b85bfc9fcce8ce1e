package lang

import (
	"slices"
	"strings"

	"flightplan/schema"
)

// privateHTTP reads environment http { private { … } }, the internal load
// balancer's settings (Copilot's http.private): certificates for an HTTPS
// listener, its SSL policy, the subnets it is placed in (private subnets
// of an imported network), and ingress from the whole VPC.
func privateHTTP(e *evaluator, n *node, net schema.Network) schema.PrivateHTTP {
	var p schema.PrivateHTTP
	if n == nil {
		return p
	}
	if a := e.strs(n, "certificates", &p.Certificates); a != nil {
		for _, arn := range p.Certificates {
			if !strings.HasPrefix(arn, "arn:") || !strings.Contains(arn, ":certificate/") {
				e.errorf(a.Expr.Range(), "Invalid certificate", "%q is not an ACM certificate ARN; write arn:aws:acm:REGION:ACCOUNT:certificate/ID.", arn)
			}
		}
	}
	if a := e.str(n, "ssl_policy", &p.SSLPolicy); a != nil && len(p.Certificates) == 0 {
		e.errorf(a.NameRange, "ssl_policy without certificates", "The SSL policy is the internal HTTPS listener's, which exists only with private certificates. Add certificates, or remove ssl_policy.")
	}
	if a := e.strs(n, "subnets", &p.Subnets); a != nil {
		switch {
		case net.Import == nil:
			e.errorf(a.NameRange, "private.subnets needs an imported network",
				"The internal load balancer goes in the environment's private subnets, which flightplan creates and names itself. Import a network (network { import { … } }) to choose among its subnets, or remove subnets.")
			p.Subnets = nil
		default:
			for _, id := range p.Subnets {
				if !slices.Contains(net.Import.PrivateSubnetIDs, id) {
					e.errorf(a.Expr.Range(), "Subnet not among the private subnets", "%q is not one of the imported network's private_subnet_ids (%s); the internal load balancer goes in private subnets. Use one of those.", id, strings.Join(net.Import.PrivateSubnetIDs, ", "))
				}
			}
		}
	}
	e.flag(n.block("ingress"), "vpc", &p.VPCIngress)
	return p
}
