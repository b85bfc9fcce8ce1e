package stacks

import (
	"fmt"
	"testing"

	"flightplan/schema"
)

// BenchmarkCompile compiles generated applications of N services over 5
// environments (a third load-balanced, a third backends with http, a third
// scheduled jobs; every other deployment private) and reports the bytes of
// templates produced per compilation.
func BenchmarkCompile(b *testing.B) {
	for _, n := range []int{100, 500, 1000} {
		cfg := generatedConfig(n, 5)
		b.Run(fmt.Sprintf("workloads=%d/envs=5", n), func(b *testing.B) {
			var size int
			b.ReportAllocs()
			for b.Loop() {
				d, err := Compile(cfg, Options{ImageTag: "abc1234"})
				if err != nil {
					b.Fatal(err)
				}
				size = templateBytes(d)
			}
			b.ReportMetric(float64(size), "template-bytes")
			b.ReportMetric(float64(size)/float64(n*5), "bytes/deployment")
		})
	}
}

func templateBytes(d *Desired) int {
	n := 0
	for _, node := range d.Nodes {
		if node.Stack != nil {
			n += len(node.Stack.Template)
		}
		for _, p := range node.Parameters {
			n += len(p.Value)
		}
	}
	return n
}

// generatedConfig builds an app with envs environments in two accounts and
// two regions, and n workloads deployed to all of them.
func generatedConfig(n, envs int) *schema.Config {
	cfg := referenceConfig()
	cfg.Environments = nil
	var names []string
	for i := range envs {
		env := testEnv(fmt.Sprintf("env%d", i), fmt.Sprintf("%012d", 200000000000+i%2))
		if i%2 == 1 {
			env.Region = "us-east-1"
		}
		cfg.Environments = append(cfg.Environments, env)
		names = append(names, env.Name)
	}
	cfg.Workloads = nil
	for i := range n {
		name := fmt.Sprintf("svc-%04d", i)
		switch i % 3 {
		case 0:
			cfg.Workloads = append(cfg.Workloads, workload(name, schema.KindService, schema.TypeLoadBalancedWeb, names, genWeb(i)))
		case 1:
			cfg.Workloads = append(cfg.Workloads, workload(name, schema.KindService, schema.TypeBackend, names, backendDeployment))
		default:
			cfg.Workloads = append(cfg.Workloads, workload(name, schema.KindJob, schema.TypeScheduledJob, names, manualJobDeployment))
		}
	}
	return cfg
}

func genWeb(i int) func(name, env string) *schema.Deployment {
	return func(name, env string) *schema.Deployment {
		d := webDeployment(name, env)
		d.HTTP.Path = "/" + name
		d.HTTP.Alias = nil
		if i%2 == 0 {
			d.Network.Placement = schema.PlacementPublic
		}
		return d
	}
}

// BenchmarkCompileSizesOnly compiles to check, as validate does, the
// generated application of 500 services over 5 environments: templates
// are sized, not written.
func BenchmarkCompileSizesOnly(b *testing.B) {
	cfg := generatedConfig(500, 5)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(cfg, Options{ImageTag: "abc1234", SizesOnly: true}); err != nil {
			b.Fatal(err)
		}
	}
}
