package lang

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkLoad loads generated files of N services over five environments.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{100, 500, 1000} {
		b.Run(fmt.Sprintf("services=%d/envs=5", n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "flightplan.hcl")
			if err := os.WriteFile(path, []byte(generate(n, 5)), 0o644); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, diags := Load(Options{File: path}); diags.HasErrors() {
					b.Fatal(diags.Error())
				}
			}
		})
	}
}

// generate writes a valid file with services services of mixed types and
// envs environments.
func generate(services, envs int) string {
	var s strings.Builder
	s.WriteString("variable \"tag\" {\n  default = \"v1\"\n}\nlocals {\n  big = [\"env-0\", \"env-1\"]\n}\n")
	s.WriteString("app \"bench\" {\n  account = \"111111111111\"\n  region  = \"us-east-1\"\n}\n")
	for e := range envs {
		fmt.Fprintf(&s, "environment \"env-%d\" {\n  account = \"%012d\"\n  region = \"us-east-1\"\n}\n", e, 100000000000+e)
	}
	s.WriteString("image \"app\" {\n  build {}\n}\n")
	types := []string{"load-balanced-web", "backend", "worker"}
	for i := range services {
		t := types[i%len(types)]
		fmt.Fprintf(&s, "service \"svc-%d\" {\n  type = %q\n  image = image.app\n", i, t)
		fmt.Fprintf(&s, "  count = contains(local.big, env.name) ? 3 : 1\n  variables = { TAG = var.tag, ENV = env.name }\n")
		if t != "worker" {
			s.WriteString("  port = 8080\n  http {\n    healthcheck {\n      path = \"/health\"\n      interval = \"15s\"\n    }\n  }\n")
		}
		s.WriteString("  network { placement = env.name == \"env-0\" ? \"private\" : \"public\" }\n}\n")
	}
	return s.String()
}

// BenchmarkLoadDistinct is BenchmarkLoad with no two services' expressions
// written alike, so that none shares another's values (sharedValues).
func BenchmarkLoadDistinct(b *testing.B) {
	path := filepath.Join(b.TempDir(), "flightplan.hcl")
	if err := os.WriteFile(path, []byte(generateDistinct(500, 5)), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := Load(Options{File: path}); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
	}
}

// generateDistinct is generate with each service's expressions its own.
func generateDistinct(services, envs int) string {
	var s strings.Builder
	s.WriteString("variable \"tag\" {\n  default = \"v1\"\n}\nlocals {\n  big = [\"env-0\", \"env-1\"]\n}\n")
	s.WriteString("app \"bench\" {\n  account = \"111111111111\"\n  region  = \"us-east-1\"\n}\n")
	for e := range envs {
		fmt.Fprintf(&s, "environment \"env-%d\" {\n  account = \"%012d\"\n  region = \"us-east-1\"\n}\n", e, 100000000000+e)
	}
	s.WriteString("image \"app\" {\n  build {}\n}\n")
	types := []string{"load-balanced-web", "backend", "worker"}
	for i := range services {
		t := types[i%len(types)]
		fmt.Fprintf(&s, "service \"svc-%d\" {\n  type = %q\n  image = image.app\n", i, t)
		fmt.Fprintf(&s, "  count = contains(local.big, env.name) ? %d : 1\n  variables = { TAG = \"${var.tag}-%d\", ENV = env.name }\n", i+2, i)
		if t != "worker" {
			fmt.Fprintf(&s, "  port = %d\n  http {\n    healthcheck {\n      path = \"/health/%d\"\n      interval = \"15s\"\n    }\n  }\n", 8000+i, i)
		}
		fmt.Fprintf(&s, "  network { placement = env.name == \"env-%d\" ? \"private\" : \"public\" }\n}\n", i%envs)
	}
	return s.String()
}
