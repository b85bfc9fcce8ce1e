package stacks

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/schema"
)

func TestSSMDocuments(t *testing.T) {
	cfg := referenceConfig()
	tests := map[string]struct {
		cfg  *schema.Config
		at   addr.Address
		name string
		want map[string]any
		tags map[string]string
	}{
		"app": {
			cfg: cfg, at: addr.App(), name: "/copilot/applications/copilot-test",
			want: map[string]any{"name": "copilot-test", "account": "111111111111", "domain": "example.com", "domainHostedZoneID": "", "version": "1.0"},
			tags: map[string]string{"copilot-application": "copilot-test"},
		},
		"app with boundary and tags": {
			cfg: kitchenSinkConfig(), at: addr.App(), name: "/copilot/applications/copilot-test",
			want: map[string]any{
				"name": "copilot-test", "account": "111111111111", "domain": "example.com", "domainHostedZoneID": "Z123", "version": "1.0",
				"permissionsBoundary": "boundary", "tags": map[string]any{"team": "platform"},
			},
			tags: map[string]string{"copilot-application": "copilot-test"},
		},
		"environment": {
			cfg: cfg, at: addr.Env("production"), name: "/copilot/applications/copilot-test/environments/production",
			want: map[string]any{
				"app": "copilot-test", "name": "production", "region": "ap-northeast-1", "accountID": "333333333333", "registryURL": "",
				"executionRoleARN": "arn:aws:iam::333333333333:role/copilot-test-production-CFNExecutionRole",
				"managerRoleARN":   "arn:aws:iam::333333333333:role/copilot-test-production-EnvManagerRole",
			},
			tags: map[string]string{"copilot-application": "copilot-test", "copilot-environment": "production"},
		},
		"service": {
			cfg: cfg, at: addr.Workload("api"), name: "/copilot/applications/copilot-test/components/api",
			want: map[string]any{"app": "copilot-test", "name": "api", "type": "Load Balanced Web Service"},
			tags: map[string]string{"copilot-application": "copilot-test", "copilot-service": "api"},
		},
		"job": {
			cfg: cfg, at: addr.Workload("daily-batch"), name: "/copilot/applications/copilot-test/components/daily-batch",
			want: map[string]any{"app": "copilot-test", "name": "daily-batch", "type": "Scheduled Job"},
			tags: map[string]string{"copilot-application": "copilot-test", "copilot-service": "daily-batch"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			n := compile(t, tc.cfg).Node(tc.at)
			if n == nil || len(n.Parameters) != 1 {
				t.Fatalf("want one document at %s", tc.at)
			}
			p := n.Parameters[0]
			var got map[string]any
			if err := json.Unmarshal([]byte(p.Value), &got); err != nil {
				t.Fatal(err)
			}
			if p.Name != tc.name {
				t.Errorf("name %q, want %q", p.Name, tc.name)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("document (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.tags, p.Tags); diff != "" {
				t.Errorf("tags (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNodesAndEdges(t *testing.T) {
	cfg := referenceConfig()
	cfg.Workloads[0].DependsOn = []string{"daily-batch"}
	d := compile(t, cfg)
	var got []string
	for _, n := range d.Nodes {
		var deps []string
		for _, a := range n.DependsOn {
			deps = append(deps, a.String())
		}
		got = append(got, n.Addr.String()+" <- "+strings.Join(deps, ", "))
	}
	want := []string{
		"app <- ",
		"app/region/ap-northeast-1 <- app",
		"image/app <- app/region/ap-northeast-1",
		"zone/production <- app",
		"zone/stage <- app",
		"zone/test <- app",
		"dns/production <- app, zone/production",
		"dns/stage <- app, zone/stage",
		"dns/test <- app, zone/test",
		"env/production <- app, app/region/ap-northeast-1, zone/production, dns/production",
		"env/stage <- app, app/region/ap-northeast-1, zone/stage, dns/stage",
		"env/test <- app, app/region/ap-northeast-1, zone/test, dns/test",
		"workload/api <- app",
		"workload/daily-batch <- app",
		"deploy/production/api <- app/region/ap-northeast-1, image/app, env/production, workload/api, deploy/production/daily-batch",
		"deploy/production/daily-batch <- app/region/ap-northeast-1, image/app, env/production, workload/daily-batch",
		"deploy/stage/api <- app/region/ap-northeast-1, image/app, env/stage, workload/api, deploy/stage/daily-batch",
		"deploy/stage/daily-batch <- app/region/ap-northeast-1, image/app, env/stage, workload/daily-batch",
		"deploy/test/api <- app/region/ap-northeast-1, image/app, env/test, workload/api, deploy/test/daily-batch",
		"deploy/test/daily-batch <- app/region/ap-northeast-1, image/app, env/test, workload/daily-batch",
		"pipeline/develop <- app, app/region/ap-northeast-1, env/test",
		"pipeline/release <- app, app/region/ap-northeast-1, env/production, env/stage",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("nodes (-want +got):\n%s", diff)
	}
}

func TestNodePlacementAndTags(t *testing.T) {
	cfg := referenceConfig()
	cfg.Environments[2].Profile = "prod"
	d := compile(t, cfg)
	tests := map[string]struct {
		at                       addr.Address
		account, region, profile string
		stack                    string
		tags                     map[string]string
	}{
		"app":    {addr.App(), "111111111111", "ap-northeast-1", "", "copilot-test-infrastructure-roles", map[string]string{"copilot-application": "copilot-test"}},
		"region": {addr.Region("ap-northeast-1"), "111111111111", "ap-northeast-1", "", "copilot-test-infrastructure-ap-northeast-1", map[string]string{"copilot-application": "copilot-test"}},
		"env": {addr.Env("production"), "333333333333", "ap-northeast-1", "prod", "copilot-test-production",
			map[string]string{"copilot-application": "copilot-test", "copilot-environment": "production"}},
		"deploy": {addr.Deploy("production", "api"), "333333333333", "ap-northeast-1", "prod", "copilot-test-production-api",
			map[string]string{"copilot-application": "copilot-test", "copilot-environment": "production", "copilot-service": "api"}},
		"workload": {addr.Workload("api"), "111111111111", "ap-northeast-1", "", "", nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			n := d.Node(tc.at)
			if n.Account != tc.account || n.Region != tc.region || n.Profile != tc.profile {
				t.Errorf("at %s/%s profile %q, want %s/%s profile %q", n.Account, n.Region, n.Profile, tc.account, tc.region, tc.profile)
			}
			if tc.stack == "" {
				if n.Stack != nil {
					t.Errorf("document-only node has stack %s", n.Stack.Name)
				}
				return
			}
			if n.Stack.Name != tc.stack {
				t.Errorf("stack %q, want %q", n.Stack.Name, tc.stack)
			}
			if diff := cmp.Diff(tc.tags, n.Stack.Tags); diff != "" {
				t.Errorf("tags (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDeletionProtectionTagsTheEnvironmentsStacks(t *testing.T) {
	const key = "flightplan:deletion-protection"
	cfg := referenceConfig()
	cfg.Environments[2].DeletionProtection = true             // production
	cfg.Environments[0].Tags = map[string]string{key: "true"} // a user tag does not protect
	d := compile(t, cfg)
	for _, tc := range []struct {
		at   addr.Address
		want string
	}{
		{addr.Env("production"), "true"},
		{addr.Deploy("production", "api"), "true"},
		{addr.Env("test"), ""},
		{addr.Deploy("test", "api"), ""},
		{addr.App(), ""},
	} {
		if got := d.Node(tc.at).Stack.Tags[key]; got != tc.want {
			t.Errorf("%s: tag %s=%q, want %q", tc.at, key, got, tc.want)
		}
	}
}

func TestStackNameCut(t *testing.T) {
	long := strings.Repeat("w", 90)
	cfg := referenceConfig()
	cfg.Workloads = []*schema.Workload{workload(long, schema.KindService, schema.TypeBackend, []string{"production"}, quietDeployment)}
	cfg.Environments[2].Name = strings.Repeat("e", 30)
	cfg.Workloads[0].Environments = []string{cfg.Environments[2].Name}
	cfg.Workloads[0].Deployments = map[string]*schema.Deployment{cfg.Environments[2].Name: quietDeployment("", "")}
	d := compile(t, cfg)
	n := d.Node(addr.Deploy(cfg.Environments[2].Name, long))
	want := ("copilot-test-" + cfg.Environments[2].Name + "-" + long)[:128]
	if n.Stack.Name != want {
		t.Errorf("stack name %q (%d), want %q", n.Stack.Name, len(n.Stack.Name), want)
	}
}

func TestListenerRulePrioritiesStable(t *testing.T) {
	prio := func(cfg *schema.Config) map[string]any {
		d := compile(t, cfg)
		out := map[string]any{}
		for _, n := range d.Nodes {
			if n.Addr.Kind == addr.KindDeploy && n.Addr.Env == "dev" {
				if r, ok := resources(t, tmpl(t, d, n.Addr))["ListenerRule"]; ok {
					out[n.Addr.Name] = at(t, r, "Properties", "Priority")
				}
			}
		}
		return out
	}
	cfg := kitchenSinkConfig()
	before := prio(cfg)
	for _, name := range []string{"aaa", "zzz", "mmm"} {
		cfg.Workloads = append(cfg.Workloads, workload(name, schema.KindService, schema.TypeLoadBalancedWeb, []string{"dev"}, func(_, _ string) *schema.Deployment {
			d := baseDeployment()
			d.Port = 80
			return d
		}))
	}
	after := prio(cfg)
	for name, p := range before {
		if after[name] != p {
			t.Errorf("%s moved from %v to %v when services were added", name, p, after[name])
		}
	}
	seen := map[any]string{}
	for name, p := range after {
		if other, dup := seen[p]; dup {
			t.Errorf("%s and %s share priority %v", name, other, p)
		}
		seen[p] = name
	}
	// "/" catches everything: it must be evaluated after "/api".
	if after["aaa"].(float64) <= after["web"].(float64) {
		t.Errorf(`root path rule %v evaluated before "/api" rule %v`, after["aaa"], after["web"])
	}
}

func TestAssignPrioritiesCollision(t *testing.T) {
	// Find two names with the same slot in the same band.
	var a, b string
	slots := map[uint32]string{}
	for i := 0; a == ""; i++ {
		name := "svc" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strings.Repeat("y", i/26)
		s := hash32(name) % ruleSlots
		if other, ok := slots[s]; ok && other != name {
			a, b = other, name
		}
		slots[s] = name
	}
	out := map[string]int{}
	h := &schema.ServiceHTTP{Path: "/"}
	if err := assignPriorities([]ruleKey{newRuleKey(a, h), newRuleKey(b, h)}, out); err != nil {
		t.Fatal(err)
	}
	if out[a] == out[b] {
		t.Errorf("%s and %s share priority %d", a, b, out[a])
	}
}

func TestPathPatterns(t *testing.T) {
	tests := map[string]struct {
		path string
		want []string
	}{
		"root":     {"/", []string{"/*"}},
		"prefix":   {"/api", []string{"/api", "/api/*"}},
		"trailing": {"/api/", []string{"/api", "/api/*"}},
		"nested":   {"/api/v1", []string{"/api/v1", "/api/v1/*"}},
		"no slash": {"api", []string{"/api", "/api/*"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, pathPatterns(tc.path)); diff != "" {
				t.Error(diff)
			}
		})
	}
}

func TestImages(t *testing.T) {
	d := compile(t, kitchenSinkConfig())
	tests := map[string]struct {
		at   addr.Address
		tag  string
		want string
	}{
		"built, env region":    {addr.Deploy("dev", "web"), "abc1234", "111111111111.dkr.ecr.us-east-1.amazonaws.com/copilot-test/arm-img:abc1234"},
		"built, other account": {addr.Deploy("production", "api"), "abc1234", "111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/copilot-test/app:abc1234"},
		"image location":       {addr.Deploy("dev", "internal"), "abc1234", "public.ecr.aws/nginx/nginx:1"},
		"uri":                  {addr.Deploy("dev", "quiet"), "abc1234", "docker.io/library/busybox:1"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := at(t, tmpl(t, d, tc.at), "Resources", "TaskDefinition", "Properties", "ContainerDefinitions", "0", "Image")
			if got != tc.want {
				t.Errorf("image %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("no tag is latest", func(t *testing.T) {
		d, err := Compile(referenceConfig(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := at(t, tmpl(t, d, addr.Deploy("test", "api")), "Resources", "TaskDefinition", "Properties", "ContainerDefinitions", "0", "Image")
		if got != "111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/copilot-test/app:latest" {
			t.Errorf("image %v", got)
		}
	})
	t.Run("repositories only for built images", func(t *testing.T) {
		got := slices.Sorted(maps.Keys(resources(t, tmpl(t, d, addr.Region("us-east-1")))))
		want := []string{"ArtifactBucket", "ArtifactBucketPolicy", "ArtifactKey", "ArtifactKeyAlias", "ECRRepoApp", "ECRRepoArmDASHimg"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("resources (-want +got):\n%s", diff)
		}
	})
}

// TestImageNodes checks the image/{name} nodes: one per built image, with
// a repository in every region stack, depended on by the deployments that
// run it; an image with location gets none.
func TestImageNodes(t *testing.T) {
	d := compile(t, kitchenSinkConfig())
	var images []string
	for _, n := range d.Nodes {
		if n.Addr.Kind == addr.KindImage {
			images = append(images, n.Addr.String())
		}
		if n.Image != nil && n.Addr.Kind != addr.KindImage {
			t.Errorf("%s carries an image build", n.Addr)
		}
	}
	if diff := cmp.Diff([]string{"image/app", "image/arm-img"}, images); diff != "" {
		t.Errorf("image nodes (-want +got):\n%s", diff)
	}
	n := d.Node(addr.Image("arm-img"))
	if n == nil {
		t.Fatal("no image/arm-img")
	}
	var repos, deps []string
	for _, r := range n.Image.Repositories {
		repos = append(repos, r.Account+" "+r.Region+" "+r.URI)
	}
	for _, a := range n.DependsOn {
		deps = append(deps, a.String())
	}
	wantRepos := []string{
		"111111111111 ap-northeast-1 111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/copilot-test/arm-img",
		"111111111111 us-east-1 111111111111.dkr.ecr.us-east-1.amazonaws.com/copilot-test/arm-img",
	}
	if diff := cmp.Diff(wantRepos, repos); diff != "" {
		t.Errorf("repositories (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"app/region/ap-northeast-1", "app/region/us-east-1"}, deps); diff != "" {
		t.Errorf("image/arm-img depends on (-want +got):\n%s", diff)
	}
	if n.Image.Platform != "linux/arm64" || n.Image.Tag != "abc1234" || n.Image.Dockerfile == "" {
		t.Errorf("build = %+v", n.Image)
	}
	tests := map[string]struct {
		at   addr.Address
		want bool
	}{
		"runs a built image":  {addr.Deploy("dev", "web"), true},
		"runs image location": {addr.Deploy("dev", "internal"), false},
		"runs a uri":          {addr.Deploy("dev", "quiet"), false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			n := d.Node(tc.at)
			got := slices.ContainsFunc(n.DependsOn, func(a addr.Address) bool { return a.Kind == addr.KindImage })
			if got != tc.want {
				t.Errorf("%s depends on an image node: %v, want %v (%v)", tc.at, got, tc.want, n.DependsOn)
			}
		})
	}
}

func TestDeploymentStrategy(t *testing.T) {
	d := compile(t, kitchenSinkConfig())
	tests := map[string]struct {
		at       addr.Address
		min, max float64
	}{
		"rolling":  {addr.Deploy("test", "api"), 100, 200},
		"recreate": {addr.Deploy("dev", "web"), 0, 100},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dc := at(t, tmpl(t, d, tc.at), "Resources", "Service", "Properties", "DeploymentConfiguration")
			if at(t, dc, "MinimumHealthyPercent") != tc.min || at(t, dc, "MaximumPercent") != tc.max {
				t.Errorf("deployment configuration %v", dc)
			}
			if diff := cmp.Diff(map[string]any{"Enable": true, "Rollback": true}, at(t, dc, "DeploymentCircuitBreaker")); diff != "" {
				t.Error(diff)
			}
		})
	}
}

func TestAutoscaling(t *testing.T) {
	doc := tmpl(t, compile(t, kitchenSinkConfig()), addr.Deploy("dev", "web"))
	if got := at(t, doc, "Resources", "Service", "Properties", "DesiredCount"); got != 2.0 {
		t.Errorf("DesiredCount = %v, want the minimum", got)
	}
	tests := map[string]struct {
		id     string
		target float64
		metric string
	}{
		"cpu":           {"AutoScalingPolicyCPU", 70, "ECSServiceAverageCPUUtilization"},
		"memory":        {"AutoScalingPolicyMemory", 80, "ECSServiceAverageMemoryUtilization"},
		"requests":      {"AutoScalingPolicyRequests", 500, "ALBRequestCountPerTarget"},
		"response time": {"AutoScalingPolicyResponseTime", 2, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := at(t, doc, "Resources", tc.id, "Properties", "TargetTrackingScalingPolicyConfiguration")
			if got := at(t, cfg, "TargetValue"); got != tc.target {
				t.Errorf("TargetValue = %v", got)
			}
			if tc.metric != "" {
				if got := at(t, cfg, "PredefinedMetricSpecification", "PredefinedMetricType"); got != tc.metric {
					t.Errorf("metric %v", got)
				}
			}
		})
	}
	if _, ok := at(t, doc, "Resources", "AutoScalingPolicyRequests", "Properties", "TargetTrackingScalingPolicyConfiguration", "PredefinedMetricSpecification").(map[string]any)["ResourceLabel"]; !ok {
		t.Error("requests policy without ResourceLabel")
	}
}

func TestUnsupported(t *testing.T) {
	tests := map[string]struct {
		edit func(cfg *schema.Config)
		want []string
	}{
		"subscription to an unknown topic": {func(cfg *schema.Config) {
			cfg.Workloads = append(cfg.Workloads, workload("x", schema.KindService, schema.TypeWorker, []string{"test"}, func(_, _ string) *schema.Deployment {
				d := quietDeployment("", "")
				d.Subscribe = &schema.Subscribe{Topics: []schema.TopicSubscription{
					{Name: "events", Service: "api"}, {Name: "e", Service: "nope"}, {Name: "e", Service: "api", FilterPolicy: "{"},
				}, Queue: schema.DefaultQueue()}
				return d
			}))
		}, []string{
			`service "x" in environment "test": subscribes to topic "events" of service "api", which does not publish it in environment "test"`,
			`service "x" in environment "test": subscribes to topic "e" of service "nope", which does not exist`,
			`service "x" in environment "test": subscribes to topic "e" of service "api", which does not publish it in environment "test"`,
			`service "x" in environment "test": the filter policy of topic "e" of service "api" is not valid JSON`,
		}},
		"subscription on a non-worker": {func(cfg *schema.Config) {
			cfg.Workload("api").Deployments["test"].Subscribe = &schema.Subscribe{}
		}, []string{`service "api" in environment "test": only worker services subscribe to topics`}},
		"request-driven beyond App Runner": {func(cfg *schema.Config) {
			cfg.Workloads = append(cfg.Workloads, workload("rd", schema.KindService, schema.TypeRequestDriven, []string{"test"}, func(_, _ string) *schema.Deployment {
				d := quietDeployment("", "")
				d.CPU, d.Memory = 1024, 512
				d.Autoscaling = &schema.Autoscaling{Min: 1, Max: 30, Requests: 500, CPUPercentage: 50}
				d.HTTP = schema.DefaultHTTP()
				d.HTTP.Healthcheck.Interval = 30 * time.Second
				return d
			}))
		}, []string{
			`service "rd" in environment "test": App Runner does not accept memory = 512 with cpu = 1024; with that cpu use memory 2048, 3072, 4096`,
			`service "rd" in environment "test": a port is required: App Runner routes requests to it`,
			`service "rd" in environment "test": App Runner runs images from Amazon ECR or ECR Public only, not docker.io/library/busybox:1`,
			`service "rd" in environment "test": health check interval = 30 is outside App Runner's range 1–20`,
			`service "rd" in environment "test": autoscaling min 1 and max 30 must satisfy 1 ≤ min ≤ max ≤ 25 on App Runner`,
			`service "rd" in environment "test": autoscaling requests = 500 exceeds App Runner's maximum concurrency 200`,
			`service "rd" in environment "test": App Runner scales on concurrent requests only: remove cpu_percentage, memory_percentage and response_time`,
		}},
		"bad addons": {func(cfg *schema.Config) {
			cfg.Workload("api").Deployments["test"].Addons = []*schema.Addon{
				{Name: "db", Template: "Resources:\n  T:\n    Type: AWS::SNS::Topic\nParameters:\n  Size:\n    Type: Number\n"},
			}
			cfg.Environments[0].Addons = []*schema.Addon{{Name: "x", Template: "Transform: AWS::Serverless-2016-10-31\nResources: {}\n"}}
			cfg.Workload("api").Deployments["stage"].Addons = []*schema.Addon{
				{Name: "y", Template: "{\"Resources\": {\"T\": {\"Type\": \"AWS::SNS::Topic\"}}}", Parameters: map[string]string{"Nope": "1"}},
			}
		}, []string{
			`environment "test": addon "x": section Transform cannot be merged into the stack: a transform (such as AWS::Serverless-2016-10-31) applies to a whole template, and an addon's resources join the workload's or environment's own template; write out the resources the transform would generate`,
			`service "api" in environment "test": addon "db": parameter "Size" has no value: give it in the addon's parameters`,
			`service "api" in environment "stage": addon "y": parameter "Nope" is given in the file but not declared by the template`,
		}},
		"bad nested addons": {func(cfg *schema.Config) {
			topic := "Resources:\n  T:\n    Type: AWS::SNS::Topic\n"
			cfg.Workload("api").Deployments["test"].Addons = []*schema.Addon{
				{Name: "a", Template: topic, Nested: true}, {Name: "b", Template: topic, Nested: true},
			}
			cfg.Workload("api").Deployments["stage"].Addons = []*schema.Addon{
				{Name: "c", Template: topic + "Parameters:\n  Size:\n    Type: Number\n", Nested: true},
			}
		}, []string{
			`service "api" in environment "test": addon "b": Resources "T" is declared by another nested addon of this workload; nested addons share one template`,
			`service "api" in environment "stage": addon "c": parameter "Size" has no value: give it in the addon's parameters`,
		}},
		"request-driven alias": {func(cfg *schema.Config) {
			cfg.Workloads = append(cfg.Workloads, workload("rd", schema.KindService, schema.TypeRequestDriven, []string{"test"}, func(_, _ string) *schema.Deployment {
				d := quietDeployment("", "")
				d.Image = schema.ImageRef{URI: "public.ecr.aws/example/admin:1", Platform: schema.PlatformAMD64}
				d.Port, d.CPU, d.Memory, d.Autoscaling = 8080, 1024, 2048, nil
				d.HTTP = schema.DefaultHTTP()
				d.HTTP.Alias = []string{"admin.example.com", "www.example.com"}
				return d
			}))
		}, []string{`service "rd" in environment "test": a request-driven service has one alias, not 2`}},
		"blue-green": {func(cfg *schema.Config) {
			d := cfg.Workload("api").Deployments["stage"]
			d.Strategy.Strategy = schema.StrategyBlueGreen
			d.NLB = &schema.NLB{Listeners: []*schema.NLBListener{{Port: 443, Protocol: schema.NLBTCP}}}
		}, []string{`service "api" in environment "stage": deployment strategy blue-green needs the application load balancer's routing and no nlb`}},
		"no port": {func(cfg *schema.Config) {
			cfg.Workload("api").Deployments["test"].Port = 0
		}, []string{`service "api" in environment "test": a port is required to route HTTP traffic to the service`}},
		"requests without http": {func(cfg *schema.Config) {
			cfg.Workloads = append(cfg.Workloads, workload("q", schema.KindService, schema.TypeBackend, []string{"test"}, func(_, _ string) *schema.Deployment {
				d := quietDeployment("", "")
				d.Autoscaling.Requests = 10
				return d
			}))
		}, []string{`service "q" in environment "test": autoscaling on requests or response_time needs a load balancer (an http block)`}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := referenceConfig()
			tc.edit(cfg)
			_, err := Compile(cfg, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			var compileErr *CompileError
			if !errors.As(err, &compileErr) {
				t.Fatalf("error %T, want a *CompileError: %v", err, err)
			}
			got := summaries(compileErr.Diagnostics)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}
