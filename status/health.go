package status

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// Targets counts the targets of a load-balanced service's target groups
// by health, with the reasons of those that are not healthy.
type Targets struct {
	Healthy   int      `json:"healthy"`
	Unhealthy int      `json:"unhealthy"`
	Other     int      `json:"other"` // initial, draining, unused, unavailable
	Reasons   []string `json:"reasons,omitempty"`
}

// readTargets reads the health of the targets in the service's target
// groups; unhealthy targets make a healthy-looking service unhealthy.
func readTargets(ctx context.Context, api *elb.Client, s *Service, lbs []ecstypes.LoadBalancer) error {
	for _, lb := range lbs {
		tg := aws.ToString(lb.TargetGroupArn)
		if tg == "" {
			continue
		}
		out, err := api.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg)})
		if err != nil {
			return fmt.Errorf("%s: reading the target health of %s: %w", s.Addr, tg, err)
		}
		if s.Targets == nil {
			s.Targets = &Targets{}
		}
		for _, d := range out.TargetHealthDescriptions {
			h := d.TargetHealth
			switch string(h.State) {
			case "healthy":
				s.Targets.Healthy++
			case "unhealthy":
				s.Targets.Unhealthy++
				reason := string(h.Reason)
				if desc := aws.ToString(h.Description); desc != "" {
					reason += " (" + desc + ")"
				}
				s.Targets.Reasons = appendNew(s.Targets.Reasons, aws.ToString(d.Target.Id)+": "+reason)
			default:
				s.Targets.Other++
			}
		}
	}
	judgeTargets(s)
	return nil
}

// judgeTargets makes a service that otherwise looks healthy unhealthy
// when some of its targets fail the load balancer's health checks.
func judgeTargets(s *Service) {
	if t := s.Targets; t != nil && t.Unhealthy > 0 && s.Healthy {
		s.Healthy = false
		s.Problem = fmt.Sprintf("%d of %d targets fail the load balancer's health checks: %s", t.Unhealthy, t.Healthy+t.Unhealthy+t.Other, strings.Join(t.Reasons, "; "))
		s.Fix = "check the health check path and the container's logs (flightplan logs " + s.Addr.String() + ")"
	}
}

func appendNew(list []string, s string) []string {
	for _, e := range list {
		if e == s {
			return list
		}
	}
	return append(list, s)
}
