// Package plantest builds desired and live states for the planner's and the
// views' tests and benchmarks: a small Copilot-shaped application of any
// number of environments, services and jobs, and the live state that matches
// it exactly. It is test support; production code never imports it.
package plantest

import (
	"encoding/json"
	"fmt"
	"time"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/stacks"
)

// Spec says what application to build.
type Spec struct {
	App      string   // default "demo"
	Account  string   // the app's account; default 111111111111
	Region   string   // default ap-northeast-1
	EnvAcct  string   // every environment's account; default 222222222222
	Envs     []string // default ["test"]
	Services []string // default ["api"]
	Jobs     []string // scheduled jobs; default none
}

func (s *Spec) defaults() {
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&s.App, "demo")
	def(&s.Account, "111111111111")
	def(&s.Region, "ap-northeast-1")
	def(&s.EnvAcct, "222222222222")
	if s.Envs == nil {
		s.Envs = []string{"test"}
	}
	if s.Services == nil {
		s.Services = []string{"api"}
	}
}

// Desired builds the desired state of the application the spec describes,
// nodes sorted by address.
func Desired(s Spec) *stacks.Desired {
	s.defaults()
	d := &stacks.Desired{App: s.App}
	d.Nodes = append(d.Nodes, appNode(s), regionNode(s))
	for _, e := range s.Envs {
		d.Nodes = append(d.Nodes, envNode(s, e))
	}
	for _, w := range s.Services {
		d.Nodes = append(d.Nodes, workloadNode(s, w, "Load Balanced Web Service"))
	}
	for _, j := range s.Jobs {
		d.Nodes = append(d.Nodes, workloadNode(s, j, "Scheduled Job"))
	}
	for _, e := range s.Envs {
		for _, w := range s.Services {
			d.Nodes = append(d.Nodes, serviceNode(s, e, w))
		}
		for _, j := range s.Jobs {
			d.Nodes = append(d.Nodes, jobNode(s, e, j))
		}
	}
	sortNodes(d.Nodes)
	return d
}

func appNode(s Spec) *stacks.Node {
	return &stacks.Node{
		Addr: addr.App(), Account: s.Account, Region: s.Region,
		Stack: stack(s.App+"-infrastructure-roles", tags(s.App, "", ""), nil, map[string]any{
			"AdminRole": resource("AWS::IAM::Role", map[string]any{"RoleName": s.App + "-adminrole", "AssumeRolePolicyDocument": policy()}),
		}),
		Parameters: []stacks.Parameter{doc(planner.AppPath(s.App), map[string]any{"name": s.App, "account": s.Account, "version": "1.0"},
			tags(s.App, "", ""))},
	}
}

func regionNode(s Spec) *stacks.Node {
	return &stacks.Node{
		Addr: addr.Region(s.Region), Account: s.Account, Region: s.Region, DependsOn: []addr.Address{addr.App()},
		Stack: stack(s.App+"-infrastructure-"+s.Region, tags(s.App, "", ""), nil, map[string]any{
			"ECRRepoapp": resource("AWS::ECR::Repository", map[string]any{"RepositoryName": s.App + "/app"}),
		}),
	}
}

func envNode(s Spec, env string) *stacks.Node {
	t := template(nil, map[string]any{
		"VPC":     resource("AWS::EC2::VPC", map[string]any{"CidrBlock": "10.0.0.0/16", "EnableDnsHostnames": true}),
		"Cluster": resource("AWS::ECS::Cluster", map[string]any{"ClusterSettings": []any{map[string]any{"Name": "containerInsights", "Value": "disabled"}}}),
	})
	t["Outputs"] = map[string]any{
		"VpcId": map[string]any{"Value": map[string]any{"Ref": "VPC"},
			"Export": map[string]any{"Name": fmt.Sprintf("%s-%s-VpcId", s.App, env)}},
		"ClusterId": map[string]any{"Value": map[string]any{"Ref": "Cluster"},
			"Export": map[string]any{"Name": fmt.Sprintf("%s-%s-ClusterId", s.App, env)}},
	}
	return &stacks.Node{
		Addr: addr.Env(env), Account: s.EnvAcct, Region: s.Region, DependsOn: []addr.Address{addr.App()},
		Stack: &stacks.Stack{Name: s.App + "-" + env, Template: canonical(t), Tags: tags(s.App, env, ""), Parameters: map[string]string{}},
		Parameters: []stacks.Parameter{doc(planner.AppPath(s.App)+"/environments/"+env, map[string]any{
			"app": s.App, "name": env, "region": s.Region, "accountID": s.EnvAcct, "registryURL": "",
		}, tags(s.App, env, ""))},
	}
}

func workloadNode(s Spec, name, typ string) *stacks.Node {
	return &stacks.Node{
		Addr: addr.Workload(name), Account: s.Account, Region: s.Region, DependsOn: []addr.Address{addr.App()},
		Parameters: []stacks.Parameter{doc(planner.AppPath(s.App)+"/components/"+name,
			map[string]any{"app": s.App, "name": name, "type": typ}, tags(s.App, "", name))},
	}
}

func serviceNode(s Spec, env, name string) *stacks.Node {
	full := fmt.Sprintf("%s-%s-%s", s.App, env, name)
	params := map[string]any{
		"ContainerImage": map[string]any{"Type": "String"},
		"DbPassword":     map[string]any{"Type": "String", "NoEcho": true},
	}
	return deployNode(s, env, name, &stacks.Stack{
		Name: full, Tags: tags(s.App, env, name), Sensitive: []string{"DbPassword"},
		Parameters: map[string]string{"ContainerImage": "111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/" + s.App + "/app:v1", "DbPassword": "hunter2-" + env},
		Template: canonical(template(params, map[string]any{
			"LogGroup":    resource("AWS::Logs::LogGroup", map[string]any{"LogGroupName": "/copilot/" + full, "RetentionInDays": 30}),
			"TargetGroup": resource("AWS::ElasticLoadBalancingV2::TargetGroup", map[string]any{"HealthCheckPath": "/", "Port": 80, "Protocol": "HTTP"}),
			"Service": resource("AWS::ECS::Service", map[string]any{"DesiredCount": 1, "LaunchType": "FARGATE",
				"Cluster": map[string]any{"Fn::ImportValue": fmt.Sprintf("%s-%s-ClusterId", s.App, env)}}),
		})),
	})
}

func jobNode(s Spec, env, name string) *stacks.Node {
	full := fmt.Sprintf("%s-%s-%s", s.App, env, name)
	return deployNode(s, env, name, &stacks.Stack{
		Name: full, Tags: tags(s.App, env, name), Parameters: map[string]string{},
		Template: canonical(template(nil, map[string]any{
			"Rule": resource("AWS::Events::Rule", map[string]any{"ScheduleExpression": "cron(0 0 * * ? *)", "State": "ENABLED"}),
		})),
	})
}

func deployNode(s Spec, env, name string, st *stacks.Stack) *stacks.Node {
	return &stacks.Node{
		Addr: addr.Deploy(env, name), Account: s.EnvAcct, Region: s.Region, Stack: st,
		DependsOn: []addr.Address{addr.Region(s.Region), addr.Env(env), addr.Workload(name)},
	}
}

// Live returns the live state that matches d exactly: every stack
// CREATE_COMPLETE, last updated at `at`, every document at version 1.
func Live(d *stacks.Desired, at time.Time) *planner.State {
	s := &planner.State{App: d.App}
	for _, n := range d.Nodes {
		if n.Stack != nil {
			s.Stacks = append(s.Stacks, LiveStack(n, at))
		}
		for _, p := range n.Parameters {
			s.Parameters = append(s.Parameters, &planner.LiveParameter{Name: p.Name, Value: p.Value, Version: 1, LastModified: at})
		}
	}
	return s
}

// The digests of sensitive parameters are written as one apply writes
// them: one salt for every stack, the derived keys remembered.
var (
	digestSalt = []byte("salt-of-one-apply")
	digestKeys = planner.NewDigestKeys()
)

// LiveStack is the live stack that matches a node's desired stack.
func LiveStack(n *stacks.Node, at time.Time) *planner.LiveStack {
	params := map[string]string{}
	for k, v := range n.Stack.Parameters {
		params[k] = v
	}
	for _, k := range n.Stack.Sensitive {
		params[k] = "****"
	}
	tags := copyMap(n.Stack.Tags)
	if secrets, err := planner.SensitiveParameters(n.Stack); err == nil && len(secrets) > 0 {
		tags[planner.TagSensitiveDigest] = digestKeys.Digest(digestSalt, n.Stack.Name, secrets)
	}
	return &planner.LiveStack{
		Account: n.Account, Region: n.Region, Name: n.Stack.Name, Status: "CREATE_COMPLETE", LastUpdated: at,
		ID:         fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/%s/0001", n.Region, n.Account, n.Stack.Name),
		Parameters: params, Tags: tags, Outputs: map[string]string{}, Template: n.Stack.Template,
	}
}

func stack(name string, tags map[string]string, params, resources map[string]any) *stacks.Stack {
	return &stacks.Stack{Name: name, Tags: tags, Parameters: map[string]string{}, Template: canonical(template(params, resources))}
}

func template(params, resources map[string]any) map[string]any {
	t := map[string]any{"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
	if params != nil {
		t["Parameters"] = params
	}
	return t
}

func resource(typ string, props map[string]any) map[string]any {
	return map[string]any{"Type": typ, "Properties": props}
}

func policy() map[string]any {
	return map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Principal": map[string]any{"Service": "cloudformation.amazonaws.com"}, "Action": "sts:AssumeRole"}}}
}

func doc(name string, fields map[string]any, tags map[string]string) stacks.Parameter {
	b, _ := json.Marshal(fields)
	return stacks.Parameter{Name: name, Value: string(b), Tags: tags}
}

func tags(app, env, svc string) map[string]string {
	t := map[string]string{planner.TagApplication: app}
	if env != "" {
		t[planner.TagEnvironment] = env
	}
	if svc != "" {
		t[planner.TagService] = svc
	}
	return t
}

// canonical is the compiler's template form: sorted keys, two-space indent.
func canonical(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err) // fixtures are static Go values
	}
	return b
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
