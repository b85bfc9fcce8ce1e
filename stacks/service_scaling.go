package stacks

import (
	"strings"

	"flightplan/schema"
)

// autoscaling adds the scalable target and one target tracking policy per
// metric the file sets.
func (ws *workloadStack) autoscaling() {
	a := ws.deployment.Autoscaling
	ws.template.add("AutoScalingTarget", "AWS::ApplicationAutoScaling::ScalableTarget", mk(
		pair{"MinCapacity", a.Min},
		pair{"MaxCapacity", a.Max},
		pair{"ResourceId", join("/", "service", ws.importEnv("ClusterId"), getAtt("Service", "Name"))},
		pair{"ScalableDimension", "ecs:service:DesiredCount"},
		pair{"ServiceNamespace", "ecs"},
		pair{"RoleARN", "arn:" + partition(ws.env.Region) + ":iam::" + ws.env.Account +
			":role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService"},
	))
	if a.CPUPercentage > 0 {
		ws.scalingPolicy("AutoScalingPolicyCPU", "cpu", a.CPUPercentage, predefined("ECSServiceAverageCPUUtilization", nil))
	}
	if a.MemoryPercentage > 0 {
		ws.scalingPolicy("AutoScalingPolicyMemory", "memory", a.MemoryPercentage, predefined("ECSServiceAverageMemoryUtilization", nil))
	}
	if a.Requests > 0 {
		label := join("/", ws.loadBalancerFullName(), getAtt("TargetGroup", "TargetGroupFullName"))
		ws.scalingPolicy("AutoScalingPolicyRequests", "requests", float64(a.Requests), predefined("ALBRequestCountPerTarget", label))
		ws.template.dependsOn("AutoScalingPolicyRequests", "ListenerRule")
	}
	if a.QueueDelay > 0 && ws.workload.Type == schema.TypeWorker {
		ws.queueScaling()
	}
	if a.ResponseTime > 0 {
		ws.scalingPolicy("AutoScalingPolicyResponseTime", "response-time", a.ResponseTime.Seconds(), ws.responseTimeMetric())
		ws.template.dependsOn("AutoScalingPolicyResponseTime", "ListenerRule")
	}
}

// scalingPolicy adds a target tracking policy; metric is the key and value
// of its metric specification.
func (ws *workloadStack) scalingPolicy(id, suffix string, target float64, metric [2]any) {
	ws.template.add(id, "AWS::ApplicationAutoScaling::ScalingPolicy", mk(
		pair{"PolicyName", cut(ws.fullName(), 256-len(suffix)-1) + "-" + suffix},
		pair{"PolicyType", "TargetTrackingScaling"},
		pair{"ScalingTargetId", ref("AutoScalingTarget")},
		pair{"TargetTrackingScalingPolicyConfiguration", mk(
			pair{metric[0].(string), metric[1]},
			pair{"TargetValue", target},
			pair{"ScaleInCooldown", int(ws.deployment.Autoscaling.ScaleInCooldown.Seconds())},
			pair{"ScaleOutCooldown", int(ws.deployment.Autoscaling.ScaleOutCooldown.Seconds())},
		)},
	))
}

// predefined is a predefined metric; resourceLabel may be nil.
func predefined(metricType string, resourceLabel any) [2]any {
	m := fields{{"PredefinedMetricType", metricType}}
	if resourceLabel != nil {
		m.set("ResourceLabel", resourceLabel)
	}
	return [2]any{"PredefinedMetricSpecification", m}
}

// responseTimeMetric is the target group's average response time.
func (ws *workloadStack) responseTimeMetric() [2]any {
	return [2]any{"CustomizedMetricSpecification", mk(
		pair{"MetricName", "TargetResponseTime"},
		pair{"Namespace", "AWS/ApplicationELB"},
		pair{"Statistic", "Average"},
		pair{"Unit", "Seconds"},
		pair{"Dimensions", mkList(
			mk(pair{"Name", "LoadBalancer"}, pair{"Value", ws.loadBalancerFullName()}),
			mk(pair{"Name", "TargetGroup"}, pair{"Value", getAtt("TargetGroup", "TargetGroupFullName")}),
		)},
	)}
}

// loadBalancerFullName is "app/{name}/{id}" of the load balancer the
// service's rule is on, exported by the environment. Copilot derives it from
// the target group's LoadBalancerArns instead, but that list is empty until
// a listener rule forwards to the target group, so a policy created before
// the rule fails with "Fn::Select cannot select nonexistent value".
func (ws *workloadStack) loadBalancerFullName() any {
	if a := albRef(ws.workload, ws.deployment); a != "" {
		_, full, _ := strings.Cut(ws.compiler.importedALB(a).ARN, ":loadbalancer/")
		return full
	}
	if ws.workload.Type == schema.TypeBackend {
		return ws.importEnv("InternalLoadBalancerFullName")
	}
	return ws.importEnv("PublicLoadBalancerFullName")
}
