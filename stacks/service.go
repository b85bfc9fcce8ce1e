package stacks

import (
	"flightplan/schema"
)

// service adds a long-running service: its Cloud Map registration, the ECS
// service, its load balancer wiring and its autoscaling.
func (x *wl) service() {
	x.discoveryService()
	svc := obj{
		"Cluster":                 x.importEnv("ClusterId"),
		"TaskDefinition":          ref("TaskDefinition"),
		"DesiredCount":            x.desiredCount(),
		"LaunchType":              "FARGATE",
		"PlatformVersion":         "LATEST",
		"PropagateTags":           "SERVICE",
		"EnableECSManagedTags":    true,
		"EnableExecuteCommand":    x.d.Exec,
		"DeploymentConfiguration": x.deploymentConfiguration(),
		"NetworkConfiguration": obj{"AwsvpcConfiguration": obj{
			"AssignPublicIp": x.assignPublicIP(),
			"Subnets":        x.subnets(),
			"SecurityGroups": x.securityGroups(),
		}},
		"ServiceRegistries": list{x.registry()},
	}
	x.t.add("Service", "AWS::ECS::Service", svc)
	if h := x.routing(); h != nil {
		x.loadBalancing(svc, h)
	}
	if x.d.Autoscaling != nil {
		x.autoscaling()
	}
	x.t.output("ServiceName", getAtt("Service", "Name"), "")
}

// desiredCount is count, or the autoscaling minimum.
func (x *wl) desiredCount() int {
	if a := x.d.Autoscaling; a != nil {
		return a.Min
	}
	return x.d.Count
}

// deploymentConfiguration rolls back a failed deployment; "recreate" stops
// the old tasks before starting new ones.
func (x *wl) deploymentConfiguration() obj {
	minHealthy, maxPercent := 100, 200
	if x.d.Strategy.Strategy == schema.StrategyRecreate {
		minHealthy, maxPercent = 0, 100
	}
	dc := obj{
		"DeploymentCircuitBreaker": obj{"Enable": true, "Rollback": true},
		"MinimumHealthyPercent":    minHealthy,
		"MaximumPercent":           maxPercent,
	}
	if alarms := x.d.Strategy.RollbackAlarms; len(alarms) > 0 {
		dc["Alarms"] = obj{"AlarmNames": strs(alarms), "Enable": true, "Rollback": true}
	}
	return dc
}

// discoveryService registers the tasks as {name}.{env}.{app}.local.
func (x *wl) discoveryService() {
	x.t.add("DiscoveryService", "AWS::ServiceDiscovery::Service", obj{
		"Name":        x.w.Name,
		"NamespaceId": x.importEnv("ServiceDiscoveryNamespaceID"),
		"DnsConfig": obj{
			"RoutingPolicy": "MULTIVALUE",
			"DnsRecords":    list{obj{"TTL": 10, "Type": "A"}},
		},
		"HealthCheckCustomConfig": obj{"FailureThreshold": 1},
	})
}

func (x *wl) registry() obj {
	r := obj{"RegistryArn": getAtt("DiscoveryService", "Arn")}
	if x.d.Port > 0 {
		r["Port"] = x.d.Port
	}
	return r
}

// routing is the service's HTTP routing through a load balancer: always
// for load-balanced web services, for backends only with an http block.
func (x *wl) routing() *schema.ServiceHTTP {
	switch x.w.Type {
	case schema.TypeLoadBalancedWeb:
		return lbHTTP(x.d)
	case schema.TypeBackend:
		return x.d.HTTP
	}
	return nil
}
