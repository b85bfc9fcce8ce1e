package live

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/schema"
	"flightplan/stacks"
)

// ALBRef is a load balancer a service imports (http.alb), to be read in
// the account and region of its environment.
type ALBRef struct {
	Ref    string // the ARN or name the file gives
	Target cloud.Target
}

// ALBRefs lists the load balancers the file's services import, each once,
// with the target of the environment node of d that deploys them.
func ALBRefs(cfg *schema.Config, d *stacks.Desired) []ALBRef {
	targets := map[string]cloud.Target{}
	for _, n := range d.Nodes {
		if n.Addr.Kind == addr.KindEnv {
			targets[n.Addr.Env] = cloud.Target{Account: n.Account, Region: n.Region, Profile: n.Profile, RoleARN: n.RoleARN}
		}
	}
	var out []ALBRef
	seen := map[string]bool{}
	for _, w := range cfg.Workloads {
		for _, env := range w.Environments {
			dep := w.Deployments[env]
			if dep == nil || dep.HTTP == nil || dep.HTTP.ALB == "" || w.Type != schema.TypeLoadBalancedWeb || seen[dep.HTTP.ALB] {
				continue
			}
			seen[dep.HTTP.ALB] = true
			out = append(out, ALBRef{Ref: dep.HTTP.ALB, Target: targets[env]})
		}
	}
	return out
}

// ReadALBs reads each imported load balancer: its ARN, DNS name, hosted
// zone and security groups, and its HTTP (80) and HTTPS (443) listeners.
func ReadALBs(ctx context.Context, p *cloud.Provider, refs []ALBRef) (map[string]stacks.ImportedALB, error) {
	out := map[string]stacks.ImportedALB{}
	for _, r := range refs {
		c, err := p.For(ctx, r.Target)
		if err != nil {
			return nil, err
		}
		a, err := readALB(ctx, c.ELB, r.Ref)
		if err != nil {
			return nil, fmt.Errorf("load balancer %s in %s: %w", r.Ref, r.Target, err)
		}
		out[r.Ref] = a
	}
	return out, nil
}

func readALB(ctx context.Context, api *elb.Client, ref string) (stacks.ImportedALB, error) {
	in := &elb.DescribeLoadBalancersInput{Names: []string{ref}}
	if schema.IsALBARN(ref) {
		in = &elb.DescribeLoadBalancersInput{LoadBalancerArns: []string{ref}}
	}
	out, err := api.DescribeLoadBalancers(ctx, in)
	if err != nil {
		return stacks.ImportedALB{}, err
	}
	if len(out.LoadBalancers) != 1 {
		return stacks.ImportedALB{}, fmt.Errorf("found %d load balancers", len(out.LoadBalancers))
	}
	lb := out.LoadBalancers[0]
	if lb.Type != "application" {
		return stacks.ImportedALB{}, fmt.Errorf("it is a %s load balancer, and http rules need an application load balancer", lb.Type)
	}
	a := stacks.ImportedALB{ARN: aws.ToString(lb.LoadBalancerArn), DNSName: aws.ToString(lb.DNSName),
		CanonicalHostedZoneID: aws.ToString(lb.CanonicalHostedZoneId), SecurityGroups: lb.SecurityGroups}
	ls, err := api.DescribeListeners(ctx, &elb.DescribeListenersInput{LoadBalancerArn: lb.LoadBalancerArn})
	if err != nil {
		return stacks.ImportedALB{}, err
	}
	for _, l := range ls.Listeners {
		switch {
		case aws.ToInt32(l.Port) == 443 && l.Protocol == "HTTPS":
			a.HTTPSListenerARN = aws.ToString(l.ListenerArn)
		case aws.ToInt32(l.Port) == 80 && l.Protocol == "HTTP":
			a.HTTPListenerARN = aws.ToString(l.ListenerArn)
		}
	}
	if a.HTTPListenerARN == "" && a.HTTPSListenerARN == "" {
		return stacks.ImportedALB{}, fmt.Errorf("it has neither an HTTP listener on port 80 nor an HTTPS listener on port 443, where the service's rules would go")
	}
	a.Rules, err = readRules(ctx, api, a.HTTPSListenerARN, a.HTTPListenerARN)
	return a, err
}

// readRules reads the rules of the listeners, by priority, as signatures
// of their conditions (stacks.RuleSignature).
func readRules(ctx context.Context, api *elb.Client, listeners ...string) (map[int][]string, error) {
	out := map[int][]string{}
	for _, l := range listeners {
		if l == "" {
			continue
		}
		var marker *string
		for {
			page, err := api.DescribeRules(ctx, &elb.DescribeRulesInput{ListenerArn: aws.String(l), Marker: marker})
			if err != nil {
				return nil, err
			}
			for _, r := range page.Rules {
				p, err := strconv.Atoi(aws.ToString(r.Priority))
				if err != nil || r.IsDefault != nil && *r.IsDefault {
					continue // the default rule has priority "default"
				}
				out[p] = append(out[p], stacks.RuleSignature(conditionValues(r.Conditions)))
			}
			if marker = page.NextMarker; marker == nil {
				break
			}
		}
	}
	return out, nil
}

// conditionValues are a rule's condition values by field, from Values or
// the field's own configuration.
func conditionValues(conds []types.RuleCondition) map[string][]string {
	out := map[string][]string{}
	for _, c := range conds {
		f := aws.ToString(c.Field)
		vals := c.Values
		switch {
		case c.PathPatternConfig != nil && len(c.PathPatternConfig.Values) > 0:
			vals = c.PathPatternConfig.Values
		case c.HostHeaderConfig != nil && len(c.HostHeaderConfig.Values) > 0:
			vals = c.HostHeaderConfig.Values
		case c.SourceIpConfig != nil && len(c.SourceIpConfig.Values) > 0:
			vals = c.SourceIpConfig.Values
		}
		out[f] = append(out[f], vals...)
	}
	return out
}
