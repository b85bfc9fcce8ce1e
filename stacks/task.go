package stacks

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"flightplan/schema"
)

// logGroup adds /copilot/{app}-{env}-{name}.
func (ws *workloadStack) logGroup() {
	days := ws.deployment.Logging.Retention
	if days == 0 {
		days = schema.DefaultLogRetention
	}
	ws.template.add("LogGroup", "AWS::Logs::LogGroup", mk(
		pair{"LogGroupName", logGroupName(ws.compiler.cfg.App.Name, ws.env.Name, ws.workload.Name)},
		pair{"RetentionInDays", days},
	))
}

// executionRole is what ECS uses to start the tasks: pull the image, write
// the logs, and read exactly the declared secrets.
func (ws *workloadStack) executionRole() {
	var policies []any
	if stmts := ws.secretStatements(); len(stmts) > 0 {
		policies = append(policies, inlinePolicy("ReadSecrets", stmts...))
	}
	if stmts := ws.envFileStatements(); len(stmts) > 0 {
		policies = append(policies, inlinePolicy("GetEnvFile", stmts...))
	}
	p := ws.compiler.role(ws.env.Account, ws.env.Region, serviceTrust("ecs-tasks.amazonaws.com"), policies...)
	p.set("ManagedPolicyArns", mkList("arn:"+partition(ws.env.Region)+":iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"))
	ws.template.add("ExecutionRole", "AWS::IAM::Role", p)
}

// taskRole is the role of the application's code; with exec it may open
// the SSM channels that ECS Exec uses.
func (ws *workloadStack) taskRole() {
	var policies []any
	if ws.deployment.Exec {
		policies = append(policies, inlinePolicy("ExecuteCommand", allow([]string{
			"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
			"ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
		}, "*")))
	}
	policies = append(policies, ws.messagingPolicies()...)
	policies = append(policies, ws.efsPolicies()...)
	ws.template.add("TaskRole", "AWS::IAM::Role", ws.withAddonPolicies(
		ws.compiler.role(ws.env.Account, ws.env.Region, serviceTrust("ecs-tasks.amazonaws.com"), policies...)))
}

// messagingPolicies let the code publish to its topics and consume its
// queues.
func (ws *workloadStack) messagingPolicies() []any {
	var policies []any
	if s := ws.publishStatements(); len(s) > 0 {
		policies = append(policies, inlinePolicy("PublishTopics", s...))
	}
	if s := ws.queueStatements(); len(s) > 0 {
		policies = append(policies, inlinePolicy("ConsumeQueues", s...))
	}
	return policies
}

// taskDefinition adds the Fargate task definition: the main container,
// named after the workload, then the sidecars in file order.
func (ws *workloadStack) taskDefinition() {
	arch, os := "X86_64", "LINUX"
	if ws.deployment.Image.Platform == schema.PlatformARM64 {
		arch = "ARM64"
	}
	if ws.deployment.OS != "" {
		os = strings.ToUpper(ws.deployment.OS) // WINDOWS_SERVER_2019_CORE, …
	}
	td := append(make(fields, 0, 11),
		pair{"Family", cut(ws.fullName(), 255)},
		pair{"NetworkMode", "awsvpc"},
		pair{"RequiresCompatibilities", mkList("FARGATE")},
		pair{"Cpu", strconv.Itoa(ws.deployment.CPU)},
		pair{"Memory", strconv.Itoa(ws.deployment.Memory)},
		pair{"ExecutionRoleArn", getAtt("ExecutionRole", "Arn")},
		pair{"TaskRoleArn", getAtt("TaskRole", "Arn")},
		pair{"RuntimePlatform", mk(pair{"CpuArchitecture", arch}, pair{"OperatingSystemFamily", os})},
		pair{"ContainerDefinitions", append(list{ws.container()}, ws.sidecars()...)},
	)
	ws.storageSettings(&td)
	ws.template.add("TaskDefinition", "AWS::ECS::TaskDefinition", td)
}

func (ws *workloadStack) container() fields {
	d := ws.deployment
	ct := append(make(fields, 0, containerMembers),
		pair{"Name", ws.workload.Name},
		pair{"Image", imageURI(ws.compiler.cfg, d.Image, ws.env.Region, ws.compiler.opts.ImageTag)},
		pair{"Essential", true},
		pair{"Environment", ws.environment()},
		pair{"LogConfiguration", ws.mainLogConfiguration()},
	)
	if ports := ws.portMappings(ws.workload.Name, d.Port); len(ports) > 0 {
		ct.set("PortMappings", ports)
	}
	if len(d.Command) > 0 {
		ct.set("Command", strs(d.Command))
	}
	if len(d.Entrypoint) > 0 {
		ct.set("EntryPoint", strs(d.Entrypoint))
	}
	if secrets := ws.secrets(); len(secrets) > 0 {
		ct.set("Secrets", secrets)
	}
	containerSettings(&ct, d.Healthcheck, d.Labels, d.ContainerDependsOn)
	ws.withEnvFile(&ct, d.EnvFile)
	ws.mainStorage(&ct)
	return ct
}

// containerMembers is room for the members a container definition may
// have, so that it is allocated once.
const containerMembers = 16

// logConfiguration sends a container's output to the workload's log
// group; every container of the task shares it, as in Copilot.
// It is the same in every task of a region: built once per region and
// shared, as serviceTrust's documents are.
func (ws *workloadStack) logConfiguration() any {
	region := ws.env.Region
	if lc, ok := logConfigurations.Load(region); ok {
		return lc
	}
	lc, _ := logConfigurations.LoadOrStore(region, mk(pair{"LogDriver", "awslogs"}, pair{"Options", mk(
		pair{"awslogs-region", region}, pair{"awslogs-group", ref("LogGroup")}, pair{"awslogs-stream-prefix", "copilot"},
	)}))
	return lc
}

var logConfigurations sync.Map // region → its containers' log configuration

// environment is the container's variables and Copilot's, sorted by name.
// Copilot's names win over a variable of the same name.
func (ws *workloadStack) environment() list {
	vars := make(map[string]any, len(ws.deployment.Variables)+copilotVariables) // sized once
	for k, v := range ws.deployment.Variables {
		vars[k] = cfnString(v)
	}
	ws.addonVariables(vars)
	app := ws.compiler.cfg.App.Name
	vars["COPILOT_APPLICATION_NAME"] = app
	vars["COPILOT_ENVIRONMENT_NAME"] = ws.env.Name
	vars["COPILOT_SERVICE_NAME"] = ws.workload.Name
	vars["COPILOT_SERVICE_DISCOVERY_ENDPOINT"] = namespaceName(app, ws.env.Name)
	if arns := ws.topicARNsVariable(); arns != nil {
		vars["COPILOT_SNS_TOPIC_ARNS"] = arns
	}
	ws.queueVariables(vars)
	if mps := ws.mountPointsVariable(); mps != "" {
		vars["COPILOT_MOUNT_POINTS"] = mps
	}
	switch {
	case ws.workload.Type == schema.TypeLoadBalancedWeb && ws.deployment.HTTPDisabled:
		vars["COPILOT_LB_DNS"] = getAtt("PublicNetworkLoadBalancerV2", "DNSName")
	case albRef(ws.workload, ws.deployment) != "":
		vars["COPILOT_LB_DNS"] = ws.compiler.importedALB(albRef(ws.workload, ws.deployment)).DNSName
	case ws.workload.Type == schema.TypeLoadBalancedWeb:
		vars["COPILOT_LB_DNS"] = ws.importEnv("PublicLoadBalancerDNS")
	case ws.workload.Type == schema.TypeBackend && ws.deployment.HTTP != nil:
		vars["COPILOT_LB_DNS"] = ws.importEnv("InternalLoadBalancerDNS")
	}
	l := make(list, 0, len(vars))
	for _, k := range sortedKeys(vars) {
		l = append(l, variable(k, vars[k]))
	}
	return l
}

// copilotVariables is about how many variables Copilot adds to a
// container's.
const copilotVariables = 8

// secrets are the container's secrets, by reference: ECS resolves them at
// start, and their values never appear in the template.
func (ws *workloadStack) secrets() list {
	from := map[string]any{}
	for name, v := range ws.deployment.Secrets {
		from[name] = ws.secretRef(v).valueFrom
	}
	for _, o := range ws.addonOuts {
		if o.kind == outputSecret {
			from[o.name] = o.value
		}
	}
	if len(from) == 0 {
		return nil
	}
	l := make(list, 0, len(from))
	for _, name := range sortedKeys(from) {
		l = append(l, secretFrom(name, from[name]))
	}
	return l
}

// secretStatements allow reading each declared secret and each addon's
// secret, by ARN; a secret imported from another stack is granted the
// imported value, which must then be an ARN.
func (ws *workloadStack) secretStatements() []any {
	var params, sm []string
	var imported list
	for _, v := range ws.secretValues() {
		s := ws.secretRef(v)
		switch r := s.resource.(type) {
		case string:
			if s.secretsManager {
				sm = append(sm, r)
			} else {
				params = append(params, r)
			}
		default:
			imported = append(imported, r)
		}
	}
	var stmts []any
	if len(params) > 0 {
		stmts = append(stmts, allow([]string{"ssm:GetParameters"}, strs(slices.Compact(slices.Sorted(slices.Values(params))))))
	}
	if l := append(strList(slices.Compact(slices.Sorted(slices.Values(sm)))), ws.addonValues(outputSecret)...); len(l) > 0 {
		stmts = append(stmts, allow([]string{"secretsmanager:GetSecretValue"}, l))
	}
	if len(imported) > 0 {
		stmts = append(stmts, allow([]string{"ssm:GetParameters", "secretsmanager:GetSecretValue"}, imported))
	}
	return stmts
}

// secretRef is where one secret lives.
type secretRef struct {
	valueFrom      any // for the container's Secrets: a string, or Fn::ImportValue
	resource       any // for the policy of the role that reads it (IAM's form)
	secretsManager bool
}

// secretRef resolves a secret: an SSM parameter name becomes its ARN in
// the environment's account and region, and so does a Secrets Manager
// secret given by name (schema.SecretsManagerPrefix), keeping its
// :json-key:version-stage:version-id suffix; an ARN is used as given in
// the container definition. A Secrets Manager ARN with a JSON key or
// version suffix (…:secret:name:key:stage:version) is granted as the
// secret's own ARN; see secretsManagerResource for a partial one. An
// imported value is both the reference and the resource granted.
func (ws *workloadStack) secretRef(v string) secretRef {
	if name, ok := schema.OnlyImport(v); ok {
		imp := obj{"Fn::ImportValue": name}
		return secretRef{valueFrom: imp, resource: imp}
	}
	if name, ok := schema.SecretsManagerName(v); ok {
		v = "arn:" + partition(ws.env.Region) + ":secretsmanager:" + ws.env.Region + ":" + ws.env.Account + ":secret:" + name
	}
	if !strings.HasPrefix(v, "arn:") {
		arn := "arn:" + partition(ws.env.Region) + ":ssm:" + ws.env.Region + ":" + ws.env.Account +
			":parameter/" + strings.TrimPrefix(v, "/")
		return secretRef{valueFrom: arn, resource: arn}
	}
	parts := strings.Split(v, ":")
	if len(parts) >= 7 && parts[2] == "secretsmanager" {
		return secretRef{valueFrom: v, resource: secretsManagerResource(strings.Join(parts[:7], ":")), secretsManager: true}
	}
	return secretRef{valueFrom: v, resource: v}
}

// secretsManagerResource is the IAM resource that matches a secret's ARN.
// Secrets Manager ends a secret's ARN with a hyphen and six random
// characters; a partial ARN (without them) finds the secret at run time,
// but IAM compares the full ARN, so the policy names the partial ARN
// followed by "-??????", the wildcard AWS documents for exactly those six
// characters ("-*" would also match longer names). An ARN whose name ends
// in a hyphen and six letters or digits is taken as complete, as Secrets
// Manager itself takes it.
func secretsManagerResource(arn string) string {
	name := arn[strings.LastIndex(arn, ":")+1:]
	if n := len(name); n > 7 && name[n-7] == '-' && isAlphanumeric(name[n-6:]) {
		return arn
	}
	return arn + "-??????"
}

func isAlphanumeric(s string) bool {
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}
