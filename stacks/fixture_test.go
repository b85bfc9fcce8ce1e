package stacks

import (
	"time"

	"flightplan/schema"
)

// referenceConfig mirrors the reference example
// (testdata/examples/reference/flightplan.hcl) as package lang would
// evaluate it, defaults filled in.
func referenceConfig() *schema.Config {
	cfg := &schema.Config{
		App: schema.App{
			Name: "copilot-test", Account: "111111111111", Region: "ap-northeast-1",
			Domain: &schema.Domain{Name: "example.com"},
		},
		Environments: []*schema.Environment{
			testEnv("test", "222222222222"),
			testEnv("stage", "222222222222"),
			testEnv("production", "333333333333"),
		},
		Images: []*schema.Image{{
			Name:     "app",
			Build:    &schema.Build{Context: ".", Dockerfile: "docker/Dockerfile"},
			Platform: schema.PlatformAMD64,
		}},
		Pipelines: []*schema.Pipeline{
			{Name: "develop", Source: githubSource("develop"), Stages: []schema.Stage{{Env: "test"}}},
			{Name: "release", Source: githubSource("main"), Stages: []schema.Stage{
				{Env: "stage", TestCommands: []string{"make e2e"}}, {Env: "production", RequiresApproval: true},
			}},
		},
	}
	api := &schema.Workload{Name: "api", Kind: schema.KindService, Type: schema.TypeLoadBalancedWeb, Deployments: map[string]*schema.Deployment{}}
	job := &schema.Workload{Name: "daily-batch", Kind: schema.KindJob, Type: schema.TypeScheduledJob, Deployments: map[string]*schema.Deployment{}}
	for _, env := range cfg.Environments {
		api.Environments = append(api.Environments, env.Name)
		api.Deployments[env.Name] = apiDeployment(env.Name)
		job.Environments = append(job.Environments, env.Name)
		job.Deployments[env.Name] = jobDeployment(env.Name)
	}
	cfg.Workloads = []*schema.Workload{api, job}
	return cfg
}

func githubSource(branch string) schema.Source {
	return schema.Source{Provider: "GitHub", Repository: "https://github.com/example/copilot-test", Branch: branch}
}

func testEnv(name, account string) *schema.Environment {
	return &schema.Environment{Name: name, Account: account, Region: "ap-northeast-1", Network: schema.DefaultNetwork()}
}

func apiDeployment(env string) *schema.Deployment {
	count, placement := 1, schema.PlacementPublic
	if env == "production" {
		count, placement = 3, schema.PlacementPrivate
	}
	return &schema.Deployment{
		Workload: "api", Env: env, Type: schema.TypeLoadBalancedWeb,
		Image: schema.ImageRef{Name: "app", Platform: schema.PlatformAMD64},
		Port:  80, CPU: schema.DefaultCPU, Memory: schema.DefaultMemory, Count: count, Exec: true,
		HTTP: &schema.ServiceHTTP{
			Path: "/",
			Healthcheck: schema.Healthcheck{
				Path: "/health", SuccessCodes: "200", HealthyThreshold: 3, UnhealthyThreshold: 2,
				Interval: 10 * time.Second, Timeout: 5 * time.Second, GracePeriod: 300 * time.Second,
			},
			DeregistrationDelay: 10 * time.Second,
		},
		Network:  schema.WorkloadNetwork{Placement: placement},
		Strategy: schema.DeploymentStrategy{Strategy: schema.StrategyRolling},
		Logging:  schema.Logging{Retention: schema.DefaultLogRetention},
	}
}

func jobDeployment(env string) *schema.Deployment {
	return &schema.Deployment{
		Workload: "daily-batch", Env: env, Type: schema.TypeScheduledJob,
		Image: schema.ImageRef{Name: "app", Platform: schema.PlatformAMD64},
		CPU:   schema.DefaultCPU, Memory: schema.DefaultMemory, Count: 1,
		Command:  []string{"bundle", "exec", "rake", "app:daily_batch"},
		Network:  schema.WorkloadNetwork{Placement: schema.PlacementPublic},
		Logging:  schema.Logging{Retention: schema.DefaultLogRetention},
		Schedule: schema.Schedule{Source: "0 0 * * *", Expression: "cron(0 0 * * ? *)"},
		Timeout:  time.Hour,
	}
}

// specConfigs are configurations that together use every feature the
// compiler builds; each must compile to templates that awsspec accepts.
func specConfigs() map[string]*schema.Config {
	return map[string]*schema.Config{
		"reference":    referenceConfig(),
		"kitchen sink": kitchenSinkConfig(),
		"messaging":    messagingConfig(),
	}
}

// kitchenSinkConfig uses every feature the compiler builds: an environment
// in the app's account with certificates and source IPs, an imported
// network, a backend with http, autoscaling on every metric, secrets,
// arm64, recreate, rollback alarms, a job without a schedule, retries, a
// permissions boundary and app tags.
func kitchenSinkConfig() *schema.Config {
	cfg := referenceConfig()
	cfg.App.PermissionsBoundary = "boundary"
	cfg.App.Tags = map[string]string{"team": "platform"}
	cfg.App.Domain.ZoneID = "Z123"
	cfg.Images = append(cfg.Images,
		&schema.Image{Name: "arm-img", Build: &schema.Build{Context: "."}, Platform: schema.PlatformARM64},
		&schema.Image{Name: "nginx", Location: "public.ecr.aws/nginx/nginx:1", Platform: schema.PlatformAMD64})
	dev := testEnv("dev", "111111111111")
	dev.Region = "us-east-1"
	dev.ContainerInsights = true
	dev.Tags = map[string]string{"cost-center": "dev"}
	dev.HTTP = schema.EnvironmentHTTP{
		Certificates: []string{"arn:aws:acm:us-east-1:111111111111:certificate/a", "arn:aws:acm:us-east-1:111111111111:certificate/b"},
		SSLPolicy:    "ELBSecurityPolicy-TLS13-1-2-2021-06",
		SourceIPs:    []string{"10.1.0.0/16", "192.0.2.0/24"},
	}
	dev.Network.AZs = []string{"us-east-1a", "us-east-1b"}
	imported := testEnv("imported", "444444444444")
	imported.Network = schema.Network{Import: &schema.ImportedNetwork{
		VPCID: "vpc-1", PublicSubnetIDs: []string{"subnet-a", "subnet-b"}, PrivateSubnetIDs: []string{"subnet-c", "subnet-d"},
	}}
	cfg.Environments = append(cfg.Environments, dev, imported)
	envs := []string{"dev", "imported"}
	cfg.Workloads = append(cfg.Workloads,
		workload("web", schema.KindService, schema.TypeLoadBalancedWeb, envs, webDeployment),
		workload("internal", schema.KindService, schema.TypeBackend, envs, backendDeployment),
		workload("quiet", schema.KindService, schema.TypeBackend, envs, quietDeployment),
		workload("manual-job", schema.KindJob, schema.TypeScheduledJob, envs, manualJobDeployment),
	)
	return cfg
}

// workload builds a workload deployed to envs, each deployment from mk.
func workload(name string, kind schema.Kind, typ schema.ServiceType, envs []string, mk func(name, env string) *schema.Deployment) *schema.Workload {
	w := &schema.Workload{Name: name, Kind: kind, Type: typ, Environments: envs, Deployments: map[string]*schema.Deployment{}}
	for _, env := range envs {
		d := mk(name, env)
		d.Workload, d.Env, d.Type = name, env, typ
		w.Deployments[env] = d
	}
	return w
}

// baseDeployment has lang's defaults.
func baseDeployment() *schema.Deployment {
	return &schema.Deployment{
		Image: schema.ImageRef{Name: "app", Platform: schema.PlatformAMD64},
		CPU:   schema.DefaultCPU, Memory: schema.DefaultMemory, Count: schema.DefaultCount,
		Network:  schema.WorkloadNetwork{Placement: schema.PlacementPublic},
		Strategy: schema.DeploymentStrategy{Strategy: schema.StrategyRolling},
		Logging:  schema.Logging{Retention: schema.DefaultLogRetention},
	}
}

func webDeployment(_, _ string) *schema.Deployment {
	d := baseDeployment()
	d.Image = schema.ImageRef{Name: "arm-img", Platform: schema.PlatformARM64}
	d.Port, d.CPU, d.Memory = 8080, 1024, 2048
	d.Autoscaling = &schema.Autoscaling{Min: 2, Max: 10, CPUPercentage: 70, MemoryPercentage: 80, Requests: 500, ResponseTime: 2 * time.Second}
	d.Variables = map[string]string{"LOG_LEVEL": "info", "A_FIRST": "1"}
	d.Secrets = map[string]string{
		"DB_PASSWORD": "/copilot/copilot-test/dev/secrets/db",
		"API_KEY":     "arn:aws:secretsmanager:us-east-1:111111111111:secret:api-key-AbCdEf:token::",
		"PLAIN":       "plain-param",
	}
	d.Exec = true
	d.HTTP = &schema.ServiceHTTP{
		Path: "/api", Alias: []string{"api.example.com"},
		Healthcheck: schema.Healthcheck{
			Path: "/ping", Port: 8081, SuccessCodes: "200-299", HealthyThreshold: 5, UnhealthyThreshold: 4,
			Interval: 30 * time.Second, Timeout: 7 * time.Second, GracePeriod: 90 * time.Second,
		},
		DeregistrationDelay: 15 * time.Second, Stickiness: true, AllowedSourceIPs: []string{"203.0.113.0/24"},
	}
	d.Network = schema.WorkloadNetwork{Placement: schema.PlacementPrivate, SecurityGroups: []string{"sg-extra"}}
	d.Strategy = schema.DeploymentStrategy{Strategy: schema.StrategyRecreate, RollbackAlarms: []string{"web-5xx"}}
	d.Command, d.Entrypoint = []string{"serve"}, []string{"/bin/entry"}
	d.Logging.Retention = 7
	return d
}

func backendDeployment(_, _ string) *schema.Deployment {
	d := baseDeployment()
	d.Image = schema.ImageRef{Name: "nginx", Platform: schema.PlatformAMD64}
	d.Port = 80
	d.HTTP = schema.DefaultHTTP()
	d.HTTP.Path = "/internal"
	return d
}

func quietDeployment(_, _ string) *schema.Deployment {
	d := baseDeployment()
	d.Image = schema.ImageRef{URI: "docker.io/library/busybox:1", Platform: schema.PlatformAMD64}
	d.Autoscaling = &schema.Autoscaling{Min: 1, Max: 3, CPUPercentage: 50}
	return d
}

func manualJobDeployment(_, _ string) *schema.Deployment {
	d := baseDeployment()
	d.Schedule = schema.Schedule{Source: "none"}
	d.Retries = 3
	d.Network.Placement = schema.PlacementPrivate
	return d
}
