package stacks

import (
	"fmt"
	"sort"

	"flightplan/addr"
	"flightplan/schema"
)

// envNode is one environment: its SSM document (in the app's account) and
// its {app}-{env} stack in the environment's account and region.
func (c *compiler) envNode(env *schema.Environment) *Node {
	app := c.cfg.App
	n := c.envHome(addr.Env(env.Name), env)
	n.Parameters = []Parameter{{
		Name:  envParamName(app.Name, env.Name),
		Value: compactJSON(c.envDocument(env)),
		Tags:  map[string]string{tagApp: app.Name, tagEnv: env.Name},
	}}
	t, inputs := c.envTemplate(env)
	params, more, uploads := c.envAddons(t, env) // before t.json(): it adds to the template
	inputs = append(inputs, more...)
	sort.Slice(inputs, func(i, j int) bool { return inputs[i].Parameter < inputs[j].Parameter })
	n.Stack = &Stack{
		Name:       envStackName(app.Name, env.Name),
		Template:   c.templateFor(t, env.Overrides, env.Name),
		Parameters: params,
		Tags:       c.envTags(env),
		Inputs:     inputs,
		Uploads:    uploads,
		// The environment's own updates run as the role it created.
		ServiceRole: c.envServiceRole(env),
	}
	n.DependsOn = []addr.Address{addr.App(), addr.Region(env.Region)}
	if app.Domain != nil && !app.Domain.CopilotZones {
		// The certificate validates only once the zone is delegated.
		n.DependsOn = append(n.DependsOn, addr.Zone(env.Name), addr.DNS(env.Name))
	} else if app.Domain != nil && crossAccountParent(app) {
		// With copilot_zones the zone is in this stack; its certificate
		// still validates only once the app's zone is delegated.
		n.DependsOn = append(n.DependsOn, addr.AppDNS())
	}
	for _, in := range inputs {
		if in.From.Kind == addr.KindCert {
			n.DependsOn = append(n.DependsOn, in.From)
		}
	}
	return n
}

// envHome is a node in an environment's account and region, reached with
// the environment's credentials (see envCredentials).
func (c *compiler) envHome(a addr.Address, env *schema.Environment) *Node {
	n := &Node{Addr: a, Account: env.Account, Region: env.Region}
	n.Profile, n.RoleARN = c.envCredentials(env)
	return n
}

// envCredentials are the profile and role of an environment's nodes: the
// block's, or with Options.ViaEnvManagerRole the environment's
// EnvManagerRole unless the block names a role_arn (a profile names
// credentials of a machine, which a pipeline's build does not have).
func (c *compiler) envCredentials(env *schema.Environment) (profile, role string) {
	if c.opts.ViaEnvManagerRole && env.RoleARN == "" {
		return "", roleARN(env.Region, env.Account, envManagerRoleName(c.cfg.App.Name, env.Name))
	}
	return env.Profile, env.RoleARN
}

// envServiceRole is the CloudFormation service role of the stacks in an
// environment: its CFNExecutionRole, as Copilot's deployments use it, so
// that the caller needs only the rights of the EnvManagerRole.
func (c *compiler) envServiceRole(env *schema.Environment) *ServiceRole {
	return &ServiceRole{
		ARN:    roleARN(env.Region, env.Account, cfnExecRoleName(c.cfg.App.Name, env.Name)),
		Env:    addr.Env(env.Name),
		Output: outCFNExecutionRole,
	}
}

// outCFNExecutionRole is the environment stack's output with the ARN of
// its CFNExecutionRole (Copilot's name: a Copilot environment has it too).
const outCFNExecutionRole = "CFNExecutionRoleARN"

// envAddons merges the environment's addons into its template and returns
// the stack parameters they need (nil for none). An environment addon's
// App and Env are literals; its outputs stay outputs. Nested addons go
// into AddonsStack (addon_nested.go): the returned Input and Upload carry
// its template, nil without any.
func (c *compiler) envAddons(t *template, env *schema.Environment) (map[string]string, []Input, []Upload) {
	var merged, nested []*schema.Addon
	for _, a := range env.Addons {
		if a.Nested {
			nested = append(nested, a)
		} else {
			merged = append(merged, a)
		}
	}
	literals := map[string]string{"App": c.cfg.App.Name, "Env": env.Name}
	_, params, err := mergeAddons(t, merged, literals)
	var inputs []Input
	var uploads []Upload
	if err == nil && len(nested) > 0 {
		const bucket = "ArtifactBucketName"
		t.param(bucket, "The name of the app's artifact bucket in this region.")
		var up Upload
		_, up, err = addonsStack(t, nested, literals, "environments", env.Region, bucket)
		inputs = []Input{{Parameter: bucket, From: addr.Region(env.Region), Output: outArtifactBucket}}
		uploads = []Upload{up}
	}
	if err != nil {
		c.errs = append(c.errs, fmt.Errorf("environment %q: %w", env.Name, err))
		return nil, nil, nil
	}
	if len(params) == 0 {
		params = nil
	}
	return params, inputs, uploads
}

// envDocument is Copilot's environment document (config.Environment).
type envDocument struct {
	App              string `json:"app"`
	Name             string `json:"name"`
	Region           string `json:"region"`
	AccountID        string `json:"accountID"`
	RegistryURL      string `json:"registryURL"`
	ExecutionRoleARN string `json:"executionRoleARN"`
	ManagerRoleARN   string `json:"managerRoleARN"`
}

func (c *compiler) envDocument(env *schema.Environment) envDocument {
	app := c.cfg.App.Name
	return envDocument{
		App:              app,
		Name:             env.Name,
		Region:           env.Region,
		AccountID:        env.Account,
		ExecutionRoleARN: roleARN(env.Region, env.Account, cfnExecRoleName(app, env.Name)),
		ManagerRoleARN:   roleARN(env.Region, env.Account, envManagerRoleName(app, env.Name)),
	}
}

// envTemplate is the environment stack and its Inputs. What it contains
// beyond the VPC, cluster, namespace and roles depends on the workloads
// that deploy here (envNeeds): load balancers and NAT gateways only where
// they are used; with a domain, the zone's exports and, with a public load
// balancer, a certificate for the zone and its subdomains.
func (c *compiler) envTemplate(env *schema.Environment) (*template, []Input) {
	app := c.cfg.App.Name
	needs := c.needs[env.Name]
	t := newTemplate("flightplan: environment " + env.Name + " of " + app + ".")
	ex := func(suffix string) string { return exportName(app, env.Name, suffix) }

	net := c.network(t, env, needs.nat)
	if env.Network.FlowLogs != nil {
		c.envFlowLogs(t, env, net)
	}
	t.output("VpcId", net.vpc, ex("VpcId"))
	t.output("PublicSubnets", join(",", net.public...), ex("PublicSubnets"))
	t.output("PrivateSubnets", join(",", net.private...), ex("PrivateSubnets"))

	envCluster(t, env)
	t.output("ClusterId", ref("Cluster"), ex("ClusterId"))
	envSecurityGroup(t, env, net)
	c.importedALBIngress(t, env)
	t.output("EnvironmentSecurityGroup", ref("EnvironmentSecurityGroup"), ex("EnvironmentSecurityGroup"))
	t.add("ServiceDiscoveryNamespace", "AWS::ServiceDiscovery::PrivateDnsNamespace", obj{
		"Name": namespaceName(app, env.Name),
		"Vpc":  net.vpc,
	})
	t.output("ServiceDiscoveryNamespaceID", getAtt("ServiceDiscoveryNamespace", "Id"), ex("ServiceDiscoveryNamespaceID"))

	c.envRoles(t, env)
	t.output(outCFNExecutionRole, getAtt("CloudformationExecutionRole", "Arn"), ex(outCFNExecutionRole))
	t.output("EnvironmentManagerRoleARN", getAtt("EnvironmentManagerRole", "Arn"), ex("EnvironmentManagerRoleARN"))

	var inputs []Input
	if c.cfg.App.Domain != nil {
		inputs = c.envDomain(t, env, ex)
	}
	if needs.publicLB {
		if env.HTTP.CDNIngress {
			t.param(cdnPrefixListParam, "The ID of CloudFront's managed origin-facing prefix list, looked up in the environment's region")
			inputs = append(inputs, Input{Parameter: cdnPrefixListParam, Lookup: LookupCloudFrontPrefixList})
		}
		certs := c.envCertificates(t, env)
		publicLB(t, env, net, ex, certs)
		testListeners(t, env, needs.testPorts, ex, certs)
		if env.CDN != nil {
			inputs = append(inputs, c.envCDN(t, env, ex)...)
			c.warnCDNAliases(env)
		}
	}
	if needs.internalLB {
		internalLB(t, env, net, ex)
	} else if p := env.HTTP.Private; len(p.Certificates)+len(p.Subnets) > 0 || p.SSLPolicy != "" || p.VPCIngress {
		c.unsupported = append(c.unsupported, addr.Env(env.Name).String()+
			": http.private has no effect: no backend service with http deploys to this environment, so it has no internal load balancer")
	}
	if needs.efs {
		c.envFileSystem(t, env, net, ex)
	}
	return t, inputs
}

// envCluster adds the ECS cluster with Fargate capacity providers.
func envCluster(t *template, env *schema.Environment) {
	insights := "disabled"
	if env.ContainerInsights {
		insights = "enabled"
	}
	t.add("Cluster", "AWS::ECS::Cluster", obj{
		"ClusterSettings": mkList(obj{"Name": "containerInsights", "Value": insights}),
		"Configuration":   obj{"ExecuteCommandConfiguration": obj{"Logging": "DEFAULT"}},
	})
	t.add("ClusterCapacityProviders", "AWS::ECS::ClusterCapacityProviderAssociations", obj{
		"Cluster":                         ref("Cluster"),
		"CapacityProviders":               mkList("FARGATE", "FARGATE_SPOT"),
		"DefaultCapacityProviderStrategy": mkList(obj{"CapacityProvider": "FARGATE", "Weight": 1}),
	})
}

// envSecurityGroup adds the security group shared by the environment's
// tasks, which may talk to each other.
func envSecurityGroup(t *template, env *schema.Environment, net netRefs) {
	props := obj{
		"GroupDescription": "flightplan: tasks of environment " + env.Name,
		"VpcId":            net.vpc,
	}
	if sg := env.Network.SecurityGroup; sg != nil {
		// As Copilot: rules inline in the group; without egress rules the
		// group keeps EC2's default, all outbound traffic allowed.
		if len(sg.Ingress) > 0 {
			props["SecurityGroupIngress"] = sgRules(sg.Ingress)
		}
		if len(sg.Egress) > 0 {
			props["SecurityGroupEgress"] = sgRules(sg.Egress)
		}
	}
	t.add("EnvironmentSecurityGroup", "AWS::EC2::SecurityGroup", props)
	t.add("EnvironmentSecurityGroupIngressFromSelf", "AWS::EC2::SecurityGroupIngress", obj{
		"Description":           "Tasks of the environment talk to each other",
		"GroupId":               ref("EnvironmentSecurityGroup"),
		"IpProtocol":            "-1",
		"SourceSecurityGroupId": ref("EnvironmentSecurityGroup"),
	})
}

// envRoles adds the two roles Copilot's environments have: the role
// CloudFormation runs as, and the role the app account assumes to manage
// the environment.
func (c *compiler) envRoles(t *template, env *schema.Environment) {
	app := c.cfg.App
	execName := cfnExecRoleName(app.Name, env.Name)
	t.add("CloudformationExecutionRole", "AWS::IAM::Role", named(c.role(env.Account, env.Region,
		serviceTrust("cloudformation.amazonaws.com"),
		obj{"PolicyName": "executeCfn", "PolicyDocument": policyDoc(obj{
			"Effect": "Allow", "NotAction": mkList("account:*", "organizations:*"), "Resource": "*",
		})},
	), execName))
	t.add("EnvironmentManagerRole", "AWS::IAM::Role", named(c.role(env.Account, env.Region,
		trust(awsPrincipal(accountRoot(env.Region, app.Account))),
		inlinePolicy("root",
			allow(envManagerActions, "*"),
			allow([]string{"iam:PassRole"}, roleARN(env.Region, env.Account, execName)),
		),
	), envManagerRoleName(app.Name, env.Name)))
}

// envManagerActions is what the app account may do in the environment: run
// the deployments, read their state, and operate the services (exec, logs).
var envManagerActions = []string{
	"application-autoscaling:Describe*",
	"cloudformation:*",
	"ec2:Describe*",
	"ecs:*",
	"elasticloadbalancing:Describe*",
	"events:Describe*",
	"events:List*",
	"logs:Describe*",
	"logs:FilterLogEvents",
	"logs:GetLogEvents",
	"logs:StartLiveTail",
	"servicediscovery:Get*",
	"servicediscovery:List*",
	"ssm:GetParameter*",
	"ssmmessages:*",
	"states:Describe*",
	"states:List*",
	"states:StartExecution",
	"tag:GetResources",
}

// sgRules is a security group's inline rules, in the manifest's order.
func sgRules(rules []schema.SecurityGroupRule) list {
	out := list{}
	for _, r := range rules {
		out = append(out, obj{"IpProtocol": r.IPProtocol, "FromPort": r.FromPort, "ToPort": r.ToPort, "CidrIp": r.CIDR})
	}
	return out
}
