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
		b.Run(fmt.Sprintf("services=%d/envs=5", n), func(b *testing.B) { benchLoad(b, generate(n, 5)) })
	}
}

// BenchmarkLoadDistinct is BenchmarkLoad with no two services' expressions
// written alike, so that none shares another's values (sharedValues).
func BenchmarkLoadDistinct(b *testing.B) {
	benchLoad(b, generateDistinct(500, 5))
}

func benchLoad(b *testing.B, src string) {
	path := filepath.Join(b.TempDir(), "flightplan.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := Load(Options{File: path}); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
	}
}

// generate writes a valid file with services services of mixed types and
// envs environments, every service's body written alike.
func generate(services, envs int) string { return generated(services, envs, false) }

// generateDistinct is generate with each service's expressions its own.
func generateDistinct(services, envs int) string { return generated(services, envs, true) }

func generated(services, envs int, distinct bool) string {
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
		// Alike, every service has count 3, port 8080, TAG var.tag, the
		// path /health and placement by env-0; distinct, each its own.
		count, port, tag, path, placed := 3, 8080, "var.tag", "/health", 0
		if distinct {
			count, port, tag, path, placed = i+2, 8000+i, fmt.Sprintf("\"${var.tag}-%d\"", i), fmt.Sprintf("/health/%d", i), i%envs
		}
		fmt.Fprintf(&s, "service \"svc-%d\" {\n  type = %q\n  image = image.app\n", i, t)
		fmt.Fprintf(&s, "  count = contains(local.big, env.name) ? %d : 1\n  variables = { TAG = %s, ENV = env.name }\n", count, tag)
		if t != "worker" {
			fmt.Fprintf(&s, "  port = %d\n  http {\n    healthcheck {\n      path = %q\n      interval = \"15s\"\n    }\n  }\n", port, path)
		}
		fmt.Fprintf(&s, "  network { placement = env.name == \"env-%d\" ? \"private\" : \"public\" }\n}\n", placed)
	}
	return s.String()
}
