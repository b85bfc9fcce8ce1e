package stacks

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"flightplan/schema"
)

// Request-driven web services run on App Runner: the service, its
// instance role (the code's permissions), an access role when the image is
// in a private ECR repository, an autoscaling configuration when the file
// sets autoscaling, and for private placement a VPC connector on the
// environment's private subnets (egress through the VPC, hence its NAT).
// The service does not deploy on its own (AutoDeploymentsEnabled false):
// flightplan changes the image tag in the template.

// App Runner's ranges.
const (
	appRunnerMinHealth, appRunnerMaxHealth = 1, 20 // thresholds, interval and timeout (seconds)
	appRunnerMaxSize                       = 25    // instances, App Runner's default quota
	appRunnerMaxConcurrency                = 200
)

// appRunnerCPU and appRunnerMemory spell sizes as App Runner does.
var (
	appRunnerCPU    = map[int]string{256: "0.25 vCPU", 512: "0.5 vCPU", 1024: "1 vCPU", 2048: "2 vCPU", 4096: "4 vCPU"}
	appRunnerMemory = map[int]string{512: "0.5 GB", 1024: "1 GB", 2048: "2 GB", 3072: "3 GB", 4096: "4 GB",
		6144: "6 GB", 8192: "8 GB", 10240: "10 GB", 12288: "12 GB"}
)

// rdws adds the App Runner service and what it needs.
func (ws *workloadStack) rdws() {
	ws.instanceRole()
	svc := obj{
		"SourceConfiguration": ws.appRunnerSource(),
		"InstanceConfiguration": mk(
			pair{"Cpu", appRunnerCPU[ws.deployment.CPU]},
			pair{"Memory", appRunnerMemory[ws.deployment.Memory]},
			pair{"InstanceRoleArn", getAtt("InstanceRole", "Arn")},
		),
		"HealthCheckConfiguration": appRunnerHealthCheck(ws.rdwsHealthcheck()),
	}
	if ws.deployment.Autoscaling != nil {
		ws.appRunnerScaling()
		svc["AutoScalingConfigurationArn"] = getAtt("AutoScalingConfiguration", "AutoScalingConfigurationArn")
	}
	if !ws.private() && len(ws.addonValues(outputSecurityGroup)) > 0 {
		ws.compiler.errs = append(ws.compiler.errs, fmt.Errorf("service %q in environment %q: an addon outputs a security group, which App Runner uses only with network placement \"private\"", ws.workload.Name, ws.env.Name))
	}
	if ws.private() {
		ws.template.add("VpcConnector", "AWS::AppRunner::VpcConnector", mk(
			pair{"Subnets", ws.subnets()},
			pair{"SecurityGroups", ws.securityGroups()},
		))
		svc["NetworkConfiguration"] = obj{"EgressConfiguration": mk(
			pair{"EgressType", "VPC"},
			pair{"VpcConnectorArn", getAtt("VpcConnector", "VpcConnectorArn")},
		)}
	}
	ws.template.add("Service", "AWS::AppRunner::Service", svc)
	ws.template.output("ServiceArn", ref("Service"), "")
	ws.template.output("ServiceURL", join("", "https://", getAtt("Service", "ServiceUrl")), "")
}

// rdwsHealthcheck is the file's health check, or the defaults.
func (ws *workloadStack) rdwsHealthcheck() schema.Healthcheck {
	if ws.deployment.HTTP != nil {
		return ws.deployment.HTTP.Healthcheck
	}
	return schema.DefaultHealthcheck()
}

func appRunnerHealthCheck(hc schema.Healthcheck) any {
	return mk(
		pair{"Protocol", "HTTP"},
		pair{"Path", hc.Path},
		pair{"Interval", int(hc.Interval.Seconds())},
		pair{"Timeout", int(hc.Timeout.Seconds())},
		pair{"HealthyThreshold", hc.HealthyThreshold},
		pair{"UnhealthyThreshold", hc.UnhealthyThreshold},
	)
}

// appRunnerSource is the image, its port, command and environment.
func (ws *workloadStack) appRunnerSource() obj {
	uri := imageURI(ws.compiler.cfg, ws.deployment.Image, ws.env.Region, ws.compiler.opts.ImageTag)
	ic := obj{
		"Port":                        strconv.Itoa(ws.deployment.Port),
		"RuntimeEnvironmentVariables": ws.appRunnerVariables(),
	}
	if secrets := ws.secrets(); len(secrets) > 0 {
		var l list
		for _, s := range secrets {
			l = append(l, mk(pair{"Name", member(s, "Name")}, pair{"Value", member(s, "ValueFrom")}))
		}
		ic["RuntimeEnvironmentSecrets"] = l
	}
	if cmd := append(append([]string(nil), ws.deployment.Entrypoint...), ws.deployment.Command...); len(cmd) > 0 {
		ic["StartCommand"] = shellJoin(cmd)
	}
	src := obj{
		"AutoDeploymentsEnabled": false,
		"ImageRepository": mk(
			pair{"ImageIdentifier", uri},
			pair{"ImageRepositoryType", appRunnerRepositoryType(uri)},
			pair{"ImageConfiguration", ic},
		),
	}
	if appRunnerRepositoryType(uri) == "ECR" {
		ws.accessRole()
		src["AuthenticationConfiguration"] = obj{"AccessRoleArn": getAtt("AccessRole", "Arn")}
	}
	return src
}

// appRunnerVariables are the variables, the addons' and Copilot's.
func (ws *workloadStack) appRunnerVariables() list {
	vars := map[string]any{}
	for k, v := range ws.deployment.Variables {
		vars[k] = cfnString(v)
	}
	ws.addonVariables(vars)
	vars["COPILOT_APPLICATION_NAME"] = ws.compiler.cfg.App.Name
	vars["COPILOT_ENVIRONMENT_NAME"] = ws.env.Name
	vars["COPILOT_SERVICE_NAME"] = ws.workload.Name
	if arns := ws.topicARNsVariable(); arns != nil {
		vars["COPILOT_SNS_TOPIC_ARNS"] = arns
	}
	l := list{}
	for _, k := range slices.Sorted(maps.Keys(vars)) {
		l = append(l, variable(k, vars[k]))
	}
	return l
}

// appRunnerRepositoryType is ECR for a private ECR image, ECR_PUBLIC for
// public.ecr.aws, "" for what App Runner cannot run.
func appRunnerRepositoryType(uri string) string {
	switch {
	case strings.HasPrefix(uri, "public.ecr.aws/"):
		return "ECR_PUBLIC"
	case strings.Contains(strings.SplitN(uri, "/", 2)[0], ".dkr.ecr."):
		return "ECR"
	}
	return ""
}

// instanceRole is the role of the service's code: its secrets, topics
// and the addons' policies.
func (ws *workloadStack) instanceRole() {
	stmts := append(ws.secretStatements(), ws.publishStatements()...)
	var policies []any
	if len(stmts) > 0 {
		policies = append(policies, inlinePolicy("InstancePolicy", stmts...))
	}
	ws.template.add("InstanceRole", "AWS::IAM::Role", ws.withAddonPolicies(
		ws.compiler.role(ws.env.Account, ws.env.Region, serviceTrust("tasks.apprunner.amazonaws.com"), policies...)))
}

// accessRole lets App Runner pull from ECR (the app account's repository
// allows the environment's account).
func (ws *workloadStack) accessRole() {
	p := ws.compiler.role(ws.env.Account, ws.env.Region, serviceTrust("build.apprunner.amazonaws.com"))
	p.set("ManagedPolicyArns", mkList("arn:"+partition(ws.env.Region)+":iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess"))
	ws.template.add("AccessRole", "AWS::IAM::Role", p)
}

// appRunnerScaling adds the autoscaling configuration: instances between
// min and max, and requests as the maximum concurrency per instance.
func (ws *workloadStack) appRunnerScaling() {
	a := ws.deployment.Autoscaling
	props := obj{"MinSize": a.Min, "MaxSize": a.Max}
	if a.Requests > 0 {
		props["MaxConcurrency"] = a.Requests
	}
	ws.template.add("AutoScalingConfiguration", "AWS::AppRunner::AutoScalingConfiguration", props)
}

// checkRequestDriven reports what App Runner cannot run as written.
func checkRequestDriven(cfg *schema.Config, in string, d *schema.Deployment) []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(in+": "+format, args...)) }
	if err := schema.CheckAppRunnerSize(d.CPU, d.Memory); err != nil {
		fail("%v", err)
	}
	if d.Port == 0 {
		fail("a port is required: App Runner routes requests to it")
	}
	if d.HTTP != nil && len(d.HTTP.Alias) > 0 && cfg.App.Domain == nil {
		fail("http.alias on a request-driven service needs the app's domain, whose zone takes its records")
	}
	if d.HTTP != nil && len(d.HTTP.Alias) > 1 {
		fail("a request-driven service has one alias, not %d", len(d.HTTP.Alias))
	}
	if uri := imageURI(cfg, d.Image, cfg.Environment(d.Env).Region, ""); appRunnerRepositoryType(uri) == "" {
		fail("App Runner runs images from Amazon ECR or ECR Public only, not %s", uri)
	}
	hc := schema.DefaultHealthcheck()
	if d.HTTP != nil {
		hc = d.HTTP.Healthcheck
	}
	for _, s := range []struct {
		name string
		v    int
	}{
		{"healthy_threshold", hc.HealthyThreshold}, {"unhealthy_threshold", hc.UnhealthyThreshold},
		{"interval", int(hc.Interval.Seconds())}, {"timeout", int(hc.Timeout.Seconds())},
	} {
		if s.v < appRunnerMinHealth || s.v > appRunnerMaxHealth {
			fail("health check %s = %d is outside App Runner's range %d–%d", s.name, s.v, appRunnerMinHealth, appRunnerMaxHealth)
		}
	}
	if a := d.Autoscaling; a != nil {
		if a.Min < 1 || a.Max > appRunnerMaxSize || a.Min > a.Max {
			fail("autoscaling min %d and max %d must satisfy 1 ≤ min ≤ max ≤ %d on App Runner", a.Min, a.Max, appRunnerMaxSize)
		}
		if a.Requests > appRunnerMaxConcurrency {
			fail("autoscaling requests = %d exceeds App Runner's maximum concurrency %d", a.Requests, appRunnerMaxConcurrency)
		}
		if a.CPUPercentage > 0 || a.MemoryPercentage > 0 || a.ResponseTime > 0 {
			fail("App Runner scales on concurrent requests only: remove cpu_percentage, memory_percentage and response_time")
		}
	}
	return errs
}

// shellJoin joins a command for App Runner's StartCommand, quoting the
// arguments that need it.
func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		q[i] = a
	}
	return strings.Join(q, " ")
}
