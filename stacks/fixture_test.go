package stacks

import (
	"time"

	"flightplan/schema"
)

// referenceConfig mirrors the reference example of DESIGN §1 as package
// lang would evaluate it, defaults filled in.
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
			{Name: "develop", Stages: []schema.Stage{{Env: "test"}}},
			{Name: "release", Stages: []schema.Stage{{Env: "stage"}, {Env: "production", RequiresApproval: true}}},
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
		Image:   schema.ImageRef{Name: "app", Platform: schema.PlatformAMD64},
		CPU:     schema.DefaultCPU, Memory: schema.DefaultMemory, Count: 1,
		Command: []string{"bundle", "exec", "rake", "app:daily_batch"},
		Network: schema.WorkloadNetwork{Placement: schema.PlacementPublic},
		Logging: schema.Logging{Retention: schema.DefaultLogRetention},
		Schedule: schema.Schedule{Source: "0 0 * * *", Expression: "cron(0 0 * * ? *)"},
		Timeout:  time.Hour,
	}
}
