package ecs

// Target is one task registered in a target group by a service, and its
// health as the load balancer sees it.
type Target struct {
	ID          string // the task's private IP (target type ip)
	Port        int
	State       string // initial, healthy, unhealthy
	Reason      string // Elb.RegistrationInProgress, Target.FailedHealthChecks
	Description string
}

// Targets lists the targets the account and region's services register in
// a target group: their running tasks, healthy; while a service is
// created, its tasks registering; when its tasks fail, the failed ones,
// unhealthy. The caller holds the lock.
func (x *Service) Targets(account, region, targetGroup string) []Target {
	x.stacks.Settle()
	var out []Target
	for _, res := range x.stacks.LiveResources(account, region, "AWS::ECS::Service") {
		lbs, _ := res.Props["LoadBalancers"].([]any)
		for _, lb := range lbs {
			m, _ := lb.(map[string]any)
			if m == nil || str(m["TargetGroupArn"]) != targetGroup {
				continue
			}
			port, _ := number(m["ContainerPort"])
			out = append(out, x.service(account, region, res).targets(port)...)
		}
	}
	return out
}

func (s *service) targets(port int) []Target {
	var out []Target
	switch {
	case s.Failure != nil:
		for _, t := range s.tasks("STOPPED") {
			out = append(out, Target{ID: privateIP(t.ARN), Port: port, State: "unhealthy", Reason: "Target.FailedHealthChecks", Description: "Health checks failed"})
		}
	case s.creating():
		for i := range s.Desired {
			out = append(out, Target{ID: privateIP(s.task(i, false).ARN), Port: port, State: "initial", Reason: "Elb.RegistrationInProgress",
				Description: "Target registration is in progress"})
		}
	default:
		for _, t := range s.tasks("RUNNING") {
			out = append(out, Target{ID: privateIP(t.ARN), Port: port, State: "healthy"})
		}
	}
	return out
}
