package stacks

import (
	"flightplan/schema"
)

// service adds a long-running service: its Cloud Map registration, the ECS
// service, its load balancer wiring and its autoscaling.
func (ws *workloadStack) service() {
	ws.discoveryService()
	svc := append(make(fields, 0, 16), // room for every member: allocated once
		pair{"Cluster", ws.importEnv("ClusterId")},
		pair{"TaskDefinition", ref("TaskDefinition")},
		pair{"DesiredCount", ws.desiredCount()},
		pair{"LaunchType", "FARGATE"},
		pair{"PlatformVersion", "LATEST"},
		pair{"PropagateTags", "SERVICE"},
		pair{"EnableECSManagedTags", true},
		pair{"EnableExecuteCommand", ws.deployment.Exec},
		pair{"DeploymentConfiguration", ws.deploymentConfiguration()},
		pair{"NetworkConfiguration", mk(pair{"AwsvpcConfiguration", mk(
			pair{"AssignPublicIp", ws.assignPublicIP()},
			pair{"Subnets", ws.subnets()},
			pair{"SecurityGroups", ws.securityGroups()},
		)})},
		pair{"ServiceRegistries", mkList(ws.registry())},
	)
	if cps := ws.capacityProviders(); cps != nil {
		svc.del("LaunchType")
		svc.set("CapacityProviderStrategy", cps)
	}
	ws.serviceConnect(&svc)
	// The service's members are all set before it is added (fields).
	h := ws.routing()
	balanced := h != nil || ws.nlb() != nil
	var rules []string
	if balanced {
		rules = ws.loadBalancing(&svc, h)
	}
	ws.template.add("Service", "AWS::ECS::Service", svc)
	if balanced {
		// ECS refuses a target group that no load balancer uses yet.
		ws.template.dependsOn("Service", rules...)
	}
	if ws.deployment.Autoscaling != nil {
		ws.autoscaling()
	}
	ws.rollbackAlarms()
	ws.template.output("ServiceName", getAtt("Service", "Name"), "")
}

// capacityProviders is the service's strategy on Fargate Spot, Copilot's:
// every task on FARGATE_SPOT (weight 1); with autoscaling.spot_from at or
// above min, the first spot_from - 1 tasks on FARGATE (its base, weight
// 0). Nil without Spot: the service keeps LaunchType FARGATE.
func (ws *workloadStack) capacityProviders() list {
	d := ws.deployment
	as := d.Autoscaling
	if !d.Spot && (as == nil || as.SpotFrom == 0) {
		return nil
	}
	cps := list{mk(pair{"CapacityProvider", "FARGATE_SPOT"}, pair{"Weight", 1})}
	if as != nil && as.SpotFrom > 0 && as.SpotFrom >= as.Min {
		fargate := obj{"CapacityProvider": "FARGATE", "Weight": 0}
		if base := as.SpotFrom - 1; base > 0 {
			fargate["Base"] = base
		}
		cps = append(cps, fargate)
	}
	return cps
}

// desiredCount is count, or the autoscaling minimum.
func (ws *workloadStack) desiredCount() int {
	if a := ws.deployment.Autoscaling; a != nil {
		return a.Min
	}
	return ws.deployment.Count
}

// deploymentConfiguration rolls back a failed deployment; "recreate" stops
// the old tasks before starting new ones.
func (ws *workloadStack) deploymentConfiguration() fields {
	minHealthy, maxPercent := 100, 200
	if ws.deployment.Strategy.Strategy == schema.StrategyRecreate {
		minHealthy, maxPercent = 0, 100
	}
	dc := append(make(fields, 0, 6),
		pair{"DeploymentCircuitBreaker", mk(pair{"Enable", true}, pair{"Rollback", true})},
		pair{"MinimumHealthyPercent", minHealthy},
		pair{"MaximumPercent", maxPercent},
	)
	if alarms := ws.rollbackAlarmNames(); len(alarms) > 0 {
		dc.set("Alarms", mk(pair{"AlarmNames", strs(alarms)}, pair{"Enable", true}, pair{"Rollback", true}))
	}
	ws.blueGreenConfiguration(&dc)
	return dc
}

// discoveryService registers the tasks as {name}.{env}.{app}.local.
func (ws *workloadStack) discoveryService() {
	ws.template.add("DiscoveryService", "AWS::ServiceDiscovery::Service", mk(
		pair{"Name", ws.workload.Name},
		pair{"NamespaceId", ws.importEnv("ServiceDiscoveryNamespaceID")},
		pair{"DnsConfig", mk(
			pair{"RoutingPolicy", "MULTIVALUE"},
			pair{"DnsRecords", mkList(mk(pair{"TTL", 10}, pair{"Type", "A"}))},
		)},
		pair{"HealthCheckCustomConfig", mk(pair{"FailureThreshold", 1})},
	))
}

func (ws *workloadStack) registry() obj {
	r := obj{"RegistryArn": getAtt("DiscoveryService", "Arn")}
	if ws.deployment.Port > 0 {
		r["Port"] = ws.deployment.Port
	}
	return r
}

// routing is the service's HTTP routing through a load balancer: always
// for load-balanced web services, for backends only with an http block.
func (ws *workloadStack) routing() *schema.ServiceHTTP {
	switch ws.workload.Type {
	case schema.TypeLoadBalancedWeb:
		return lbHTTP(ws.deployment)
	case schema.TypeBackend:
		return ws.deployment.HTTP
	}
	return nil
}
