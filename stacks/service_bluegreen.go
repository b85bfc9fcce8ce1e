package stacks

// Blue-green deployments, ECS's own strategy (no CodeDeploy), and the
// alarms of rollback_alarms' threshold form.
//
// For a blue-green service, each routing rule i gets an alternate target
// group, AlternateTargetGroup(i), with the settings of TargetGroup(i);
// its listener rules forward to both with weights 1 and 0, and the ECS
// service's load balancer entry names the alternate target group, the
// production listener rule, the test listener rule (TestListenerRule(i),
// on the environment's test listener, when the deployment has
// test_listener) and LoadBalancerInfrastructureRole, which ECS assumes to
// move the weights. Once ECS has deployed, the weights are ECS's: the
// template keeps the first ones, which CloudFormation does not write
// again unless the rule changes.

import (
	"fmt"
	"strconv"

	"flightplan/schema"
)

// blueGreen reports whether the service deploys blue-green.
func (ws *workloadStack) blueGreen() bool {
	return ws.deployment.Strategy.Strategy == schema.StrategyBlueGreen && ws.routing() != nil
}

// blueGreenConfiguration sets the strategy and bake time.
func (ws *workloadStack) blueGreenConfiguration(dc *fields) {
	if !ws.blueGreen() {
		return
	}
	dc.set("Strategy", "BLUE_GREEN")
	dc.set("BakeTimeInMinutes", int(ws.deployment.Strategy.BlueGreen.BakeTime.Minutes()))
}

// forwardAction is rule i's action: to its target group, or weighted
// between it and its alternate for blue-green.
func (ws *workloadStack) forwardAction(i int) any {
	tg := indexed("TargetGroup", i)
	if !ws.blueGreen() {
		return mk(pair{"Type", "forward"}, pair{"TargetGroupArn", ref(tg)})
	}
	return mk(pair{"Type", "forward"}, pair{"ForwardConfig", mk(pair{"TargetGroups", mkList(
		mk(pair{"TargetGroupArn", ref(tg)}, pair{"Weight", 1}),
		mk(pair{"TargetGroupArn", ref(indexed("AlternateTargetGroup", i))}, pair{"Weight", 0}),
	)})})
}

// blueGreenRule adds rule i's alternate target group and test listener
// rule, and the advanced configuration of its load balancer entry; it
// returns the IDs of the listener rules it added.
func (ws *workloadStack) blueGreenRule(i int, r *schema.ServiceHTTP, lb obj) []string {
	if !ws.blueGreen() {
		return nil
	}
	alt := indexed("AlternateTargetGroup", i)
	ws.targetGroup(alt, r)
	ws.infrastructureRole()
	adv := obj{
		"AlternateTargetGroupArn": ref(alt),
		"ProductionListenerRule":  ref(indexed("ListenerRule", i)),
		"RoleArn":                 getAtt("LoadBalancerInfrastructureRole", "Arn"),
	}
	lb["AdvancedConfiguration"] = adv
	port := ws.deployment.Strategy.BlueGreen.TestListenerPort
	if port == 0 {
		return nil
	}
	test := indexed("TestListenerRule", i)
	ws.listenerRule(test, testListenerExport(port), i, r)
	adv["TestListenerRule"] = ref(test)
	return []string{test}
}

// infrastructureRole is the role ECS assumes to shift traffic (once).
func (ws *workloadStack) infrastructureRole() {
	if _, ok := ws.template.resources["LoadBalancerInfrastructureRole"]; ok {
		return
	}
	role := ws.compiler.role(ws.env.Account, ws.env.Region, serviceTrust("ecs.amazonaws.com"))
	role.set("ManagedPolicyArns", mkList("arn:"+partition(ws.env.Region)+":iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers"))
	ws.template.add("LoadBalancerInfrastructureRole", "AWS::IAM::Role", role)
}

// testListenerExport names the export of the environment's test listener
// on port.
func testListenerExport(port int) string {
	return "TestListener" + strconv.Itoa(port) + "Arn"
}

// testListeners adds the public load balancer's test listeners, one per
// port the environment's blue-green services test on, each opened to the
// environment's source IPs (or everyone), with the production listener's
// protocol and certificates.
func testListeners(t *template, env *schema.Environment, ports []int, ex func(string) string, certs list) {
	sources := env.HTTP.SourceIPs
	if len(sources) == 0 {
		sources = []string{"0.0.0.0/0"}
	}
	for _, port := range ports {
		id := fmt.Sprintf("TestListener%d", port)
		l := obj{"LoadBalancerArn": ref("PublicLoadBalancer"), "Port": port, "Protocol": "HTTP", "DefaultActions": mkList(notFound())}
		if len(certs) > 0 {
			l["Protocol"], l["Certificates"] = "HTTPS", list{mk(pair{"CertificateArn", certs[0]})}
			if env.HTTP.SSLPolicy != "" {
				l["SslPolicy"] = env.HTTP.SSLPolicy
			}
		}
		t.add(id, "AWS::ElasticLoadBalancingV2::Listener", l)
		t.output(testListenerExport(port), ref(id), ex(testListenerExport(port)))
		for i, cidr := range sources {
			t.add(fmt.Sprintf("%sIngress%d", id, i), "AWS::EC2::SecurityGroupIngress", mk(
				pair{"GroupId", getAtt("PublicLoadBalancerSecurityGroup", "GroupId")}, pair{"CidrIp", cidr},
				pair{"IpProtocol", "tcp"}, pair{"FromPort", port}, pair{"ToPort", port}, pair{"Description", "Test traffic of blue-green deployments"},
			))
		}
	}
}

// rollbackAlarmNames are the alarms that roll a deployment back: the
// file's names, or those of the threshold alarms.
func (ws *workloadStack) rollbackAlarmNames() []string {
	s := ws.deployment.Strategy
	if len(s.RollbackAlarms) > 0 {
		return s.RollbackAlarms
	}
	var names []string
	for _, a := range ws.thresholdAlarms() {
		names = append(names, a.name)
	}
	return names
}

type thresholdAlarm struct {
	id, name, metric, namespace, unit string
	threshold                         any
}

// thresholdAlarms are the alarms of rollback_alarms' threshold form, with
// Copilot's logical IDs and names.
func (ws *workloadStack) thresholdAlarms() []thresholdAlarm {
	r := ws.deployment.Strategy.Rollback
	var as []thresholdAlarm
	if r.CPUUtilization > 0 {
		as = append(as, thresholdAlarm{"CPURollbackAlarm", ws.alarmName("CopilotRollbackCPUAlarm"), "CPUUtilization", "AWS/ECS", "Percent", r.CPUUtilization})
	}
	if r.MemoryUtilization > 0 {
		as = append(as, thresholdAlarm{"MemoryRollbackAlarm", ws.alarmName("CopilotRollbackMemAlarm"), "MemoryUtilization", "AWS/ECS", "Percent", r.MemoryUtilization})
	}
	if r.MessagesDelayed > 0 {
		as = append(as, thresholdAlarm{"MessagesDelayedRollbackAlarm", ws.alarmName("CopilotRollbackMsgsDelayedAlarm"), "ApproximateNumberOfMessagesDelayed", "AWS/SQS", "Count", r.MessagesDelayed})
	}
	return as
}

// alarmName is {app}-{env}-{workload}-{kind}, each of the three cut to fit
// CloudWatch's 255 characters, as Copilot names them.
func (ws *workloadStack) alarmName(kind string) string {
	app, env, svc := ws.compiler.cfg.App.Name, ws.env.Name, ws.workload.Name
	if len(app)+len(env)+len(svc)+len(kind) <= 255 {
		return app + "-" + env + "-" + svc + "-" + kind
	}
	n := (255 - len(kind) - 3) / 3
	return cut(app, n) + "-" + cut(env, n) + "-" + cut(svc, n) + "-" + kind
}

// rollbackAlarms adds the threshold alarms: the average over a minute at
// or above the threshold in two of three minutes.
func (ws *workloadStack) rollbackAlarms() {
	for _, a := range ws.thresholdAlarms() {
		dims := list{
			mk(pair{"Name", "ClusterName"}, pair{"Value", ws.importEnv("ClusterId")}),
			mk(pair{"Name", "ServiceName"}, pair{"Value", getAtt("Service", "Name")}),
		}
		if a.namespace == "AWS/SQS" {
			dims = list{mk(pair{"Name", "QueueName"}, pair{"Value", getAtt(ws.alarmQueue(), "QueueName")})}
		}
		ws.template.add(a.id, "AWS::CloudWatch::Alarm", fields{
			{"AlarmName", a.name},
			{"AlarmDescription", fmt.Sprintf("Roll back the deployment when %s is at or above %v in two of three minutes.", a.metric, a.threshold)},
			{"Namespace", a.namespace},
			{"MetricName", a.metric},
			{"Dimensions", dims},
			{"ComparisonOperator", "GreaterThanOrEqualToThreshold"},
			{"DatapointsToAlarm", 2},
			{"EvaluationPeriods", 3},
			{"Period", 60},
			{"Statistic", "Average"},
			{"Threshold", a.threshold},
			{"Unit", a.unit},
		})
	}
}

// alarmQueue is the worker's queue that messages_delayed watches: the
// standard one, or the FIFO one when it has only that.
func (ws *workloadStack) alarmQueue() string {
	if _, ok := ws.template.resources["EventsQueue"]; ok {
		return "EventsQueue"
	}
	return "FifoEventsQueue"
}
