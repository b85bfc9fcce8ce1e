package stacks

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/schema"
)

// compile compiles cfg or fails the test.
func compile(t *testing.T, cfg *schema.Config) *Desired {
	t.Helper()
	d, err := Compile(cfg, Options{ImageTag: "abc1234"})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// tmpl decodes the template of the node at a.
func tmpl(t *testing.T, d *Desired, a addr.Address) map[string]any {
	t.Helper()
	n := d.Node(a)
	if n == nil || n.Stack == nil {
		t.Fatalf("no stack at %s", a)
	}
	var doc map[string]any
	if err := json.Unmarshal(n.Stack.Template, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// at walks a decoded template along keys and list indexes ("0", "1", …).
func at(t *testing.T, v any, path ...string) any {
	t.Helper()
	for i, p := range path {
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[p]
			if !ok {
				t.Fatalf("no %q at %s", p, strings.Join(path[:i], "."))
			}
			v = next
		case []any:
			idx, err := strconv.Atoi(p)
			if err != nil || idx >= len(x) {
				t.Fatalf("bad index %q at %s", p, strings.Join(path[:i], "."))
			}
			v = x[idx]
		default:
			t.Fatalf("cannot walk into %T at %s", v, strings.Join(path[:i], "."))
		}
	}
	return v
}

// resources lists a template's logical IDs.
func resources(t *testing.T, doc map[string]any) map[string]any {
	t.Helper()
	return at(t, doc, "Resources").(map[string]any)
}

func hasResource(t *testing.T, doc map[string]any, id string) bool {
	_, ok := resources(t, doc)[id]
	return ok
}

func outputs(doc map[string]any) map[string]any {
	o, _ := doc["Outputs"].(map[string]any)
	return o
}

func TestPlacement(t *testing.T) {
	d := compile(t, referenceConfig())
	tests := map[string]struct {
		env        string
		wantNAT    bool
		wantAssign string
		wantExport string
	}{
		"public in test":        {env: "test", wantNAT: false, wantAssign: "ENABLED", wantExport: "copilot-test-test-PublicSubnets"},
		"private in production": {env: "production", wantNAT: true, wantAssign: "DISABLED", wantExport: "copilot-test-production-PrivateSubnets"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			env := tmpl(t, d, addr.Env(tc.env))
			for _, id := range []string{"NatGateway1", "NatGateway2", "NatGateway1Attachment", "PrivateRoute1", "PrivateRoute2"} {
				if got := hasResource(t, env, id); got != tc.wantNAT {
					t.Errorf("%s present = %v, want %v", id, got, tc.wantNAT)
				}
			}
			svc := tmpl(t, d, addr.Deploy(tc.env, "api"))
			vpc := at(t, svc, "Resources", "Service", "Properties", "NetworkConfiguration", "AwsvpcConfiguration")
			if got := at(t, vpc, "AssignPublicIp"); got != tc.wantAssign {
				t.Errorf("AssignPublicIp = %v, want %v", got, tc.wantAssign)
			}
			if got := at(t, vpc, "Subnets", "Fn::Split", "1", "Fn::ImportValue"); got != tc.wantExport {
				t.Errorf("subnets import %v, want %v", got, tc.wantExport)
			}
		})
	}
}

func TestLoadBalancerOnlyWhereUsed(t *testing.T) {
	lbOnly := []string{"PublicLoadBalancer", "HTTPListener", "PublicLoadBalancerSecurityGroup"}
	lbExports := []string{"PublicLoadBalancerDNSName", "HTTPListenerArn", "HTTPSListenerArn"}
	tests := map[string]struct {
		cfg    func() *schema.Config
		wantLB bool
	}{
		"load-balanced service": {cfg: referenceConfig, wantLB: true},
		"only a job": {cfg: func() *schema.Config {
			cfg := referenceConfig()
			cfg.Workloads = cfg.Workloads[1:]
			return cfg
		}, wantLB: false},
		"backend without http": {cfg: func() *schema.Config {
			cfg := referenceConfig()
			cfg.Workloads = []*schema.Workload{workload("quiet", schema.KindService, schema.TypeBackend, []string{"test"}, quietDeployment)}
			return cfg
		}, wantLB: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			env := tmpl(t, compile(t, tc.cfg()), addr.Env("test"))
			for _, id := range lbOnly {
				if got := hasResource(t, env, id); got != tc.wantLB {
					t.Errorf("%s present = %v, want %v", id, got, tc.wantLB)
				}
			}
			for _, id := range lbExports {
				_, got := outputs(env)[id]
				// The reference app has a domain: HTTPS with its certificate.
				if want := tc.wantLB; got != want {
					t.Errorf("output %s present = %v, want %v", id, got, want)
				}
			}
			if hasResource(t, env, "InternalLoadBalancer") {
				t.Error("internal load balancer without a backend with http")
			}
		})
	}
}

func TestEnvironmentExports(t *testing.T) {
	env := tmpl(t, compile(t, referenceConfig()), addr.Env("test"))
	got := map[string]any{}
	for id, o := range outputs(env) {
		if e, ok := o.(map[string]any)["Export"]; ok {
			got[id] = at(t, e, "Name")
		}
	}
	want := map[string]any{}
	for _, s := range []string{"VpcId", "PublicSubnets", "PrivateSubnets", "ClusterId", "EnvironmentSecurityGroup",
		"ServiceDiscoveryNamespaceID", "HTTPListenerArn", "HTTPSListenerArn", "EnvironmentManagerRoleARN", "CFNExecutionRoleARN",
		"PublicLoadBalancerFullName", "PublicLoadBalancerCanonicalHostedZoneID"} {
		want[s] = "copilot-test-test-" + s
	}
	want["PublicLoadBalancerDNSName"] = "copilot-test-test-PublicLoadBalancerDNS"
	want["EnvironmentHostedZone"] = "copilot-test-test-HostedZone"
	want["EnvironmentSubdomain"] = "copilot-test-test-SubDomain"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("exports (-want +got):\n%s", diff)
	}
}

func TestHTTPSAndInternalLoadBalancer(t *testing.T) {
	d := compile(t, kitchenSinkConfig())
	env := tmpl(t, d, addr.Env("dev"))
	for _, id := range []string{"HTTPSListener", "HTTPSListenerCertificates", "InternalLoadBalancer", "InternalHTTPListener"} {
		if !hasResource(t, env, id) {
			t.Errorf("no %s", id)
		}
	}
	if got := at(t, env, "Resources", "HTTPListener", "Properties", "DefaultActions", "0", "Type"); got != "redirect" {
		t.Errorf("HTTP default action %v, want redirect", got)
	}
	ingress := at(t, env, "Resources", "PublicLoadBalancerSecurityGroup", "Properties", "SecurityGroupIngress").([]any)
	if len(ingress) != 4 || at(t, ingress[0], "CidrIp") != "10.1.0.0/16" {
		t.Errorf("ingress from source IPs: %v", ingress)
	}
	web := tmpl(t, d, addr.Deploy("dev", "web"))
	if got := at(t, web, "Resources", "ListenerRule", "Properties", "ListenerArn", "Fn::ImportValue"); got != "copilot-test-dev-HTTPSListenerArn" {
		t.Errorf("web's rule on %v", got)
	}
	internal := tmpl(t, d, addr.Deploy("dev", "internal"))
	if got := at(t, internal, "Resources", "ListenerRule", "Properties", "ListenerArn", "Fn::ImportValue"); got != "copilot-test-dev-InternalHTTPListenerArn" {
		t.Errorf("backend's rule on %v", got)
	}
}

func TestImportedNetwork(t *testing.T) {
	env := tmpl(t, compile(t, kitchenSinkConfig()), addr.Env("imported"))
	for _, id := range []string{"VPC", "PublicSubnet1", "InternetGateway", "NatGateway1"} {
		if hasResource(t, env, id) {
			t.Errorf("imported network creates %s", id)
		}
	}
	if got := at(t, env, "Outputs", "VpcId", "Value"); got != "vpc-1" {
		t.Errorf("VpcId = %v", got)
	}
	if got := at(t, env, "Outputs", "PrivateSubnets", "Value", "Fn::Join", "1"); !cmp.Equal(got, []any{"subnet-c", "subnet-d"}) {
		t.Errorf("PrivateSubnets = %v", got)
	}
}

func TestRuntimePlatform(t *testing.T) {
	d := compile(t, kitchenSinkConfig())
	tests := map[string]struct {
		at   addr.Address
		want string
	}{
		"arm64": {at: addr.Deploy("dev", "web"), want: "ARM64"},
		"amd64": {at: addr.Deploy("test", "api"), want: "X86_64"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := at(t, tmpl(t, d, tc.at), "Resources", "TaskDefinition", "Properties", "RuntimePlatform")
			want := map[string]any{"CpuArchitecture": tc.want, "OperatingSystemFamily": "LINUX"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Error(diff)
			}
		})
	}
}

func TestHealthcheckReachesTargetGroup(t *testing.T) {
	base := func() *schema.ServiceHTTP { return webDeployment("", "").HTTP }
	tests := map[string]struct {
		edit func(h *schema.ServiceHTTP)
		prop string
		want any
	}{
		"path":                {func(h *schema.ServiceHTTP) { h.Healthcheck.Path = "/healthz" }, "HealthCheckPath", "/healthz"},
		"port":                {func(h *schema.ServiceHTTP) { h.Healthcheck.Port = 9000 }, "HealthCheckPort", "9000"},
		"traffic port":        {func(h *schema.ServiceHTTP) { h.Healthcheck.Port = 0 }, "HealthCheckPort", "traffic-port"},
		"success codes":       {func(h *schema.ServiceHTTP) { h.Healthcheck.SuccessCodes = "200,301" }, "Matcher", map[string]any{"HttpCode": "200,301"}},
		"healthy threshold":   {func(h *schema.ServiceHTTP) { h.Healthcheck.HealthyThreshold = 7 }, "HealthyThresholdCount", 7.0},
		"unhealthy threshold": {func(h *schema.ServiceHTTP) { h.Healthcheck.UnhealthyThreshold = 9 }, "UnhealthyThresholdCount", 9.0},
		"interval":            {func(h *schema.ServiceHTTP) { h.Healthcheck.Interval = 45 * time.Second }, "HealthCheckIntervalSeconds", 45.0},
		"timeout":             {func(h *schema.ServiceHTTP) { h.Healthcheck.Timeout = 11 * time.Second }, "HealthCheckTimeoutSeconds", 11.0},
		"deregistration delay": {func(h *schema.ServiceHTTP) { h.DeregistrationDelay = 3 * time.Second }, "TargetGroupAttributes",
			[]any{attr("deregistration_delay.timeout_seconds", "3"), attr("stickiness.enabled", "true"), attr("stickiness.type", "lb_cookie")}},
		"no stickiness": {func(h *schema.ServiceHTTP) { h.Stickiness = false }, "TargetGroupAttributes",
			[]any{attr("deregistration_delay.timeout_seconds", "15"), attr("stickiness.enabled", "false")}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := base()
			tc.edit(h)
			doc := tmpl(t, compile(t, oneService(h)), addr.Deploy("dev", "web"))
			got := at(t, doc, "Resources", "TargetGroup", "Properties", tc.prop)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.prop, diff)
			}
		})
	}
	t.Run("grace period", func(t *testing.T) {
		h := base()
		h.Healthcheck.GracePeriod = 123 * time.Second
		doc := tmpl(t, compile(t, oneService(h)), addr.Deploy("dev", "web"))
		if got := at(t, doc, "Resources", "Service", "Properties", "HealthCheckGracePeriodSeconds"); got != 123.0 {
			t.Errorf("HealthCheckGracePeriodSeconds = %v", got)
		}
	})
}

func attr(k, v string) map[string]any { return map[string]any{"Key": k, "Value": v} }

// oneService is the kitchen sink's dev environment with only service web,
// routed by h.
func oneService(h *schema.ServiceHTTP) *schema.Config {
	cfg := kitchenSinkConfig()
	web := workload("web", schema.KindService, schema.TypeLoadBalancedWeb, []string{"dev"}, webDeployment)
	web.Deployments["dev"].HTTP = h
	cfg.Workloads = []*schema.Workload{web}
	return cfg
}

func TestScheduleReachesRule(t *testing.T) {
	tests := map[string]struct {
		schedule  string
		wantExpr  string
		wantState string
	}{
		"cron":   {"0 9 * * 1-5", "cron(0 9 ? * 2-6 *)", "ENABLED"},
		"daily":  {"@daily", "cron(0 0 * * ? *)", "ENABLED"},
		"every":  {"@every 90m", "rate(90 minutes)", "ENABLED"},
		"rate":   {"rate(1 hour)", "rate(1 hour)", "ENABLED"},
		"aws":    {"cron(15 10 ? * 6L 2026)", "cron(15 10 ? * 6L 2026)", "ENABLED"},
		"none":   {"none", noSchedule, "DISABLED"},
		"hourly": {"@hourly", "cron(0 * * * ? *)", "ENABLED"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := schema.ConvertSchedule(tc.schedule)
			if err != nil {
				t.Fatal(err)
			}
			cfg := referenceConfig()
			for _, d := range cfg.Workload("daily-batch").Deployments {
				d.Schedule = s
			}
			rule := at(t, tmpl(t, compile(t, cfg), addr.Deploy("test", "daily-batch")), "Resources", "Rule", "Properties")
			if got := at(t, rule, "ScheduleExpression"); got != tc.wantExpr {
				t.Errorf("ScheduleExpression = %v, want %v", got, tc.wantExpr)
			}
			if got := at(t, rule, "State"); got != tc.wantState {
				t.Errorf("State = %v, want %v", got, tc.wantState)
			}
		})
	}
}

func TestJobRetriesAndTimeout(t *testing.T) {
	doc := tmpl(t, compile(t, kitchenSinkConfig()), addr.Deploy("dev", "manual-job"))
	var def map[string]any
	if err := json.Unmarshal([]byte(at(t, doc, "Resources", "StateMachine", "Properties", "DefinitionString").(string)), &def); err != nil {
		t.Fatal(err)
	}
	task := at(t, def, "States", "Run Fargate Task")
	if got := at(t, task, "Retry", "0", "MaxAttempts"); got != 3.0 {
		t.Errorf("MaxAttempts = %v", got)
	}
	ref := tmpl(t, compile(t, referenceConfig()), addr.Deploy("test", "daily-batch"))
	if err := json.Unmarshal([]byte(at(t, ref, "Resources", "StateMachine", "Properties", "DefinitionString").(string)), &def); err != nil {
		t.Fatal(err)
	}
	if got := at(t, def, "States", "Run Fargate Task", "TimeoutSeconds"); got != 3600.0 {
		t.Errorf("TimeoutSeconds = %v", got)
	}
}

func TestSecretsNeverInEnvironment(t *testing.T) {
	d := compile(t, kitchenSinkConfig())
	web := d.Node(addr.Deploy("dev", "web")).Stack.Template
	doc := tmpl(t, d, addr.Deploy("dev", "web"))
	ct := at(t, doc, "Resources", "TaskDefinition", "Properties", "ContainerDefinitions", "0")
	for _, kv := range at(t, ct, "Environment").([]any) {
		name := at(t, kv, "Name").(string)
		if name == "DB_PASSWORD" || name == "API_KEY" || name == "PLAIN" {
			t.Errorf("secret %s in Environment", name)
		}
	}
	want := []any{
		map[string]any{"Name": "API_KEY", "ValueFrom": "arn:aws:secretsmanager:us-east-1:111111111111:secret:api-key-AbCdEf:token::"},
		map[string]any{"Name": "DB_PASSWORD", "ValueFrom": "arn:aws:ssm:us-east-1:111111111111:parameter/copilot/copilot-test/dev/secrets/db"},
		map[string]any{"Name": "PLAIN", "ValueFrom": "arn:aws:ssm:us-east-1:111111111111:parameter/plain-param"},
	}
	if diff := cmp.Diff(want, at(t, ct, "Secrets")); diff != "" {
		t.Errorf("Secrets (-want +got):\n%s", diff)
	}
	stmts := at(t, doc, "Resources", "ExecutionRole", "Properties", "Policies", "0", "PolicyDocument", "Statement")
	wantStmts := []any{
		map[string]any{"Effect": "Allow", "Action": []any{"ssm:GetParameters"}, "Resource": []any{
			"arn:aws:ssm:us-east-1:111111111111:parameter/copilot/copilot-test/dev/secrets/db",
			"arn:aws:ssm:us-east-1:111111111111:parameter/plain-param",
		}},
		map[string]any{"Effect": "Allow", "Action": []any{"secretsmanager:GetSecretValue"}, "Resource": []any{
			"arn:aws:secretsmanager:us-east-1:111111111111:secret:api-key-AbCdEf",
		}},
	}
	if diff := cmp.Diff(wantStmts, stmts); diff != "" {
		t.Errorf("execution role's secret statements (-want +got):\n%s", diff)
	}
	if bytes.Contains(web, []byte(`parameter/*`)) || bytes.Contains(web, []byte(`"ssm:*"`)) {
		t.Error("execution role has a wildcard over parameters")
	}
}

func TestCompileIsDeterministic(t *testing.T) {
	for name, cfg := range specConfigs() {
		t.Run(name, func(t *testing.T) {
			a, b := compile(t, cfg), compile(t, cfg)
			if len(a.Nodes) != len(b.Nodes) {
				t.Fatalf("%d nodes, then %d", len(a.Nodes), len(b.Nodes))
			}
			for i, n := range a.Nodes {
				m := b.Nodes[i]
				if n.Addr != m.Addr {
					t.Fatalf("node %d: %s, then %s", i, n.Addr, m.Addr)
				}
				if n.Stack != nil && !bytes.Equal(n.Stack.Template, m.Stack.Template) {
					t.Errorf("%s: templates differ", n.Addr)
				}
				if diff := cmp.Diff(n, m); diff != "" {
					t.Errorf("%s differs:\n%s", n.Addr, diff)
				}
			}
		})
	}
}

// A backend with http scales on the requests and response time of its
// rule's target group on the environment's internal load balancer (as
// Copilot's backend services do), never on the public one.
func TestBackendScalesOnInternalLoadBalancer(t *testing.T) {
	cfg := kitchenSinkConfig()
	cfg.Workload("internal").Deployments["dev"].Autoscaling = &schema.Autoscaling{Min: 1, Max: 4, Requests: 100, ResponseTime: 2 * time.Second}
	doc := tmpl(t, compile(t, cfg), addr.Deploy("dev", "internal"))
	requests := at(t, doc, "Resources", "AutoScalingPolicyRequests", "Properties", "TargetTrackingScalingPolicyConfiguration", "PredefinedMetricSpecification", "ResourceLabel", "Fn::Join", "1", "0", "Fn::ImportValue")
	if requests != "copilot-test-dev-InternalLoadBalancerFullName" {
		t.Errorf("requests policy measures %v, want the internal load balancer", requests)
	}
	latency := at(t, doc, "Resources", "AutoScalingPolicyResponseTime", "Properties", "TargetTrackingScalingPolicyConfiguration", "CustomizedMetricSpecification", "Dimensions", "0", "Value", "Fn::ImportValue")
	if latency != "copilot-test-dev-InternalLoadBalancerFullName" {
		t.Errorf("response time policy measures %v, want the internal load balancer", latency)
	}
}

// A Secrets Manager secret given by a partial ARN (without the hyphen and
// six random characters Secrets Manager appends) is granted with the
// "-??????" wildcard, since IAM matches the full ARN; the container keeps
// the ARN as given, which ECS resolves.
func TestSecretsManagerPartialARN(t *testing.T) {
	const prefix = "arn:aws:secretsmanager:us-east-1:111111111111:secret:"
	for name, tc := range map[string]struct {
		secret, grant string
	}{
		"partial":                 {prefix + "db-password", prefix + "db-password-??????"},
		"partial with a JSON key": {prefix + "db/creds:password::", prefix + "db/creds-??????"},
		"complete":                {prefix + "db-password-AbC123", prefix + "db-password-AbC123"},
		"complete with a key":     {prefix + "db-password-AbC123:password:AWSCURRENT:", prefix + "db-password-AbC123"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := kitchenSinkConfig()
			cfg.Workload("web").Deployments["dev"].Secrets = map[string]string{"DB": tc.secret}
			doc := tmpl(t, compile(t, cfg), addr.Deploy("dev", "web"))
			if got := at(t, doc, "Resources", "TaskDefinition", "Properties", "ContainerDefinitions", "0", "Secrets", "0", "ValueFrom"); got != tc.secret {
				t.Errorf("ValueFrom = %v, want the ARN as given %s", got, tc.secret)
			}
			stmt := at(t, doc, "Resources", "ExecutionRole", "Properties", "Policies", "0", "PolicyDocument", "Statement", "0")
			if diff := cmp.Diff([]any{tc.grant}, at(t, stmt, "Resource")); diff != "" {
				t.Errorf("granted resources (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSortNodesAsLess: the nodes, and each node's dependencies, are in
// Address.Less's order, each address once, so that sorting them without
// writing the addresses' texts gives the order Less gives.
func TestSortNodesAsLess(t *testing.T) {
	for name, cfg := range map[string]*schema.Config{"generated": generatedConfig(12, 3), "kitchen sink": kitchenSinkConfig()} {
		d, err := Compile(cfg, Options{ImageTag: "t"})
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(d.Nodes); i++ {
			if !d.Nodes[i-1].Addr.Less(d.Nodes[i].Addr) {
				t.Errorf("%s: node %s before %s", name, d.Nodes[i-1].Addr, d.Nodes[i].Addr)
			}
		}
		for _, n := range d.Nodes {
			for i := 1; i < len(n.DependsOn); i++ {
				if !n.DependsOn[i-1].Less(n.DependsOn[i]) {
					t.Errorf("%s: %s depends on %s before %s", name, n.Addr, n.DependsOn[i-1], n.DependsOn[i])
				}
			}
		}
	}
}
