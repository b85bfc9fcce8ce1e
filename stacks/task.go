package stacks

import (
	"sort"
	"strconv"
	"strings"

	"flightplan/schema"
)

// logGroup adds /copilot/{app}-{env}-{name}.
func (x *wl) logGroup() {
	days := x.d.Logging.Retention
	if days == 0 {
		days = schema.DefaultLogRetention
	}
	x.t.add("LogGroup", "AWS::Logs::LogGroup", obj{
		"LogGroupName":    logGroupName(x.c.cfg.App.Name, x.env.Name, x.w.Name),
		"RetentionInDays": days,
	})
}

// executionRole is what ECS uses to start the tasks: pull the image, write
// the logs, and read exactly the declared secrets.
func (x *wl) executionRole() {
	var policies []obj
	if stmts := x.secretStatements(); len(stmts) > 0 {
		policies = append(policies, inlinePolicy("ReadSecrets", stmts...))
	}
	p := x.c.role(x.env.Account, x.env.Region, trust(servicePrincipal("ecs-tasks.amazonaws.com")), policies...)
	p["ManagedPolicyArns"] = list{"arn:" + partition(x.env.Region) + ":iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}
	x.t.add("ExecutionRole", "AWS::IAM::Role", p)
}

// taskRole is the role of the application's code; with exec it may open
// the SSM channels that ECS Exec uses.
func (x *wl) taskRole() {
	var policies []obj
	if x.d.Exec {
		policies = append(policies, inlinePolicy("ExecuteCommand", allow([]string{
			"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
			"ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
		}, "*")))
	}
	policies = append(policies, x.messagingPolicies()...)
	x.t.add("TaskRole", "AWS::IAM::Role", x.withAddonPolicies(
		x.c.role(x.env.Account, x.env.Region, trust(servicePrincipal("ecs-tasks.amazonaws.com")), policies...)))
}

// messagingPolicies let the code publish to its topics and consume its
// queues.
func (x *wl) messagingPolicies() []obj {
	var policies []obj
	if s := x.publishStatements(); len(s) > 0 {
		policies = append(policies, inlinePolicy("PublishTopics", s...))
	}
	if s := x.queueStatements(); len(s) > 0 {
		policies = append(policies, inlinePolicy("ConsumeQueues", s...))
	}
	return policies
}

// taskDefinition adds the Fargate task definition with one container
// named after the workload.
func (x *wl) taskDefinition() {
	arch := "X86_64"
	if x.d.Image.Platform == schema.PlatformARM64 {
		arch = "ARM64"
	}
	x.t.add("TaskDefinition", "AWS::ECS::TaskDefinition", obj{
		"Family":                  cut(x.fullName(), 255),
		"NetworkMode":             "awsvpc",
		"RequiresCompatibilities": list{"FARGATE"},
		"Cpu":                     strconv.Itoa(x.d.CPU),
		"Memory":                  strconv.Itoa(x.d.Memory),
		"ExecutionRoleArn":        getAtt("ExecutionRole", "Arn"),
		"TaskRoleArn":             getAtt("TaskRole", "Arn"),
		"RuntimePlatform":         obj{"CpuArchitecture": arch, "OperatingSystemFamily": "LINUX"},
		"ContainerDefinitions":    list{x.container()},
	})
}

func (x *wl) container() obj {
	ct := obj{
		"Name":        x.w.Name,
		"Image":       imageURI(x.c.cfg, x.d.Image, x.env.Region, x.c.opts.ImageTag),
		"Essential":   true,
		"Environment": x.environment(),
		"LogConfiguration": obj{"LogDriver": "awslogs", "Options": obj{
			"awslogs-region": x.env.Region, "awslogs-group": ref("LogGroup"), "awslogs-stream-prefix": "copilot",
		}},
	}
	if x.d.Port > 0 {
		ct["PortMappings"] = list{obj{"ContainerPort": x.d.Port, "Protocol": "tcp"}}
	}
	if len(x.d.Command) > 0 {
		ct["Command"] = strs(x.d.Command)
	}
	if len(x.d.Entrypoint) > 0 {
		ct["EntryPoint"] = strs(x.d.Entrypoint)
	}
	if secrets := x.secrets(); len(secrets) > 0 {
		ct["Secrets"] = secrets
	}
	return ct
}

// environment is the container's variables and Copilot's, sorted by name.
// Copilot's names win over a variable of the same name.
func (x *wl) environment() list {
	vars := map[string]any{}
	for k, v := range x.d.Variables {
		vars[k] = v
	}
	x.addonVariables(vars)
	app := x.c.cfg.App.Name
	vars["COPILOT_APPLICATION_NAME"] = app
	vars["COPILOT_ENVIRONMENT_NAME"] = x.env.Name
	vars["COPILOT_SERVICE_NAME"] = x.w.Name
	vars["COPILOT_SERVICE_DISCOVERY_ENDPOINT"] = namespaceName(app, x.env.Name)
	if arns := x.topicARNsVariable(); arns != nil {
		vars["COPILOT_SNS_TOPIC_ARNS"] = arns
	}
	x.queueVariables(vars)
	switch {
	case x.w.Type == schema.TypeLoadBalancedWeb:
		vars["COPILOT_LB_DNS"] = x.importEnv("PublicLoadBalancerDNS")
	case x.w.Type == schema.TypeBackend && x.d.HTTP != nil:
		vars["COPILOT_LB_DNS"] = x.importEnv("InternalLoadBalancerDNS")
	}
	l := list{}
	for _, k := range sortedKeys(vars) {
		l = append(l, obj{"Name": k, "Value": vars[k]})
	}
	return l
}

// secrets are the container's secrets, by reference: ECS resolves them at
// start, and their values never appear in the template.
func (x *wl) secrets() list {
	from := map[string]any{}
	for name, v := range x.d.Secrets {
		from[name] = x.secretRef(v).valueFrom
	}
	for _, o := range x.addonOuts {
		if o.kind == outputSecret {
			from[o.name] = o.value
		}
	}
	var l list
	for _, name := range sortedKeys(from) {
		l = append(l, obj{"Name": name, "ValueFrom": from[name]})
	}
	return l
}

// secretStatements allow reading each declared secret, by ARN.
func (x *wl) secretStatements() []obj {
	var params, sm []string
	for _, v := range x.d.Secrets {
		s := x.secretRef(v)
		if s.secretsManager {
			sm = append(sm, s.resource)
		} else {
			params = append(params, s.resource)
		}
	}
	var stmts []obj
	if len(params) > 0 {
		stmts = append(stmts, allow([]string{"ssm:GetParameters"}, strs(sortedUnique(params))))
	}
	if l := append(strs(sortedUnique(sm)), x.addonValues(outputSecret)...); len(l) > 0 {
		stmts = append(stmts, allow([]string{"secretsmanager:GetSecretValue"}, l))
	}
	return stmts
}

// secretRef is where one secret lives.
type secretRef struct {
	valueFrom      string // for the container's Secrets
	resource       string // for the execution role's policy
	secretsManager bool
}

// secretRef resolves a secret: an SSM parameter name becomes its ARN in
// the environment's account and region; an ARN is used as given in the
// container definition. A Secrets Manager ARN with a JSON key or version
// suffix (…:secret:name:key:stage:version) is granted as the secret's own
// ARN; see secretsManagerResource for a partial one.
func (x *wl) secretRef(v string) secretRef {
	if !strings.HasPrefix(v, "arn:") {
		arn := "arn:" + partition(x.env.Region) + ":ssm:" + x.env.Region + ":" + x.env.Account +
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

func sortedUnique(ss []string) []string {
	sort.Strings(ss)
	out := ss[:0]
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}
