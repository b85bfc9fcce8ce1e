package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkCommandScaling runs the built binary, as a user does (start-up
// included), on generated files of 100, 250, 500 and 1,000 services over
// five environments, and reports for validate and render the wall time and
// the CPU time (user and system) of each size in milliseconds (aim:
// validate 500 × 5 under 150 ms, render under 1 s) and x-linear: the time
// per service at 1,000 over that at 100 (1 is linear; the fixed start-up
// cost makes it less), and x-cpu-M/N: the CPU time at M services over that
// at N (M/N when linear). On a loaded machine the CPU times are the steadier.
func BenchmarkCommandScaling(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "flightplan")
	if out, err := exec.Command("go", "build", "-o", bin, "../..").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	sizes := []int{100, 250, 500, 1000}
	files := map[int]string{}
	for _, n := range sizes {
		files[n] = filepath.Join(b.TempDir(), fmt.Sprintf("app-%d.hcl", n))
		if err := os.WriteFile(files[n], []byte(generatedApp(n, 5)), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, cmd := range []string{"validate", "render"} {
		b.Run(cmd, func(b *testing.B) {
			took, cpu := map[int]time.Duration{}, map[int]time.Duration{}
			for b.Loop() {
				for _, n := range sizes {
					args := []string{"-f", files[n], cmd}
					if cmd == "render" {
						args = append(args, "--out", b.TempDir(), "--image-tag", "bench")
					}
					c := exec.Command(bin, args...)
					start := time.Now()
					if out, err := c.CombinedOutput(); err != nil {
						b.Fatalf("%s %d: %v\n%s", cmd, n, err, out)
					}
					took[n] += time.Since(start)
					cpu[n] += c.ProcessState.UserTime() + c.ProcessState.SystemTime()
				}
			}
			for _, n := range sizes {
				b.ReportMetric(float64(took[n].Milliseconds())/float64(b.N), fmt.Sprintf("ms-%d", n))
				b.ReportMetric(float64(cpu[n].Milliseconds())/float64(b.N), fmt.Sprintf("cpu-ms-%d", n))
			}
			b.ReportMetric(float64(took[1000])/1000/(float64(took[100])/100), "x-linear")
			b.ReportMetric(float64(cpu[1000])/1000/(float64(cpu[100])/100), "x-linear-cpu")
			// Each size over the one before, in CPU time: linear is the
			// ratio of the sizes (2.5, 2, 2).
			for i := 1; i < len(sizes); i++ {
				b.ReportMetric(float64(cpu[sizes[i]])/float64(cpu[sizes[i-1]]), fmt.Sprintf("x-cpu-%d/%d", sizes[i], sizes[i-1]))
			}
		})
	}
}

// generatedApp writes a valid file with n services of mixed types over
// envs environments.
func generatedApp(n, envs int) string {
	var s strings.Builder
	s.WriteString("app \"bench\" {\n  account = \"111111111111\"\n  region  = \"us-east-1\"\n}\n")
	for e := range envs {
		fmt.Fprintf(&s, "environment \"env-%d\" {\n  account = \"%012d\"\n  region = \"us-east-1\"\n}\n", e, 100000000000+e)
	}
	s.WriteString("image \"app\" {\n  build {}\n}\n")
	types := []string{"load-balanced-web", "backend", "worker"}
	sizes := [][2]int{{256, 512}, {512, 1024}, {1024, 2048}, {256, 1024}}
	for i := range n {
		// Each service's body differs from the others' (its count, sizes,
		// variables, port and health check), as in a real file, so that
		// nothing measured gains from services repeating one body.
		t := types[i%len(types)]
		size := sizes[(i/3)%len(sizes)]
		fmt.Fprintf(&s, "service \"svc-%d\" {\n  type = %q\n  image = image.app\n", i, t)
		fmt.Fprintf(&s, "  count = env.name == \"env-%d\" ? %d : 1\n  cpu = %d\n  memory = %d\n", i%envs, 2+i%4, size[0], size[1])
		fmt.Fprintf(&s, "  variables = { ENV = env.name, SERVICE = \"svc-%d\", SHARD = \"${env.name}-%d\" }\n", i, i%7)
		if t != "worker" {
			fmt.Fprintf(&s, "  port = %d\n  http {\n    healthcheck {\n      path = \"/health/%d\"\n    }\n  }\n", 8000+i%100, i)
		}
		s.WriteString("}\n")
	}
	return s.String()
}

// BenchmarkCommandInProcess runs validate and render of 500 services × 5
// environments inside the test process, without start-up, so that
// -cpuprofile sees where the commands' own time goes.
func BenchmarkCommandInProcess(b *testing.B) {
	file := filepath.Join(b.TempDir(), "app.hcl")
	if err := os.WriteFile(file, []byte(generatedApp(500, 5)), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, cmd := range []string{"validate", "render"} {
		b.Run(cmd, func(b *testing.B) {
			for b.Loop() {
				args := []string{"-f", file, cmd}
				if cmd == "render" {
					args = append(args, "--out", b.TempDir(), "--image-tag", "bench")
				}
				var out strings.Builder
				if code := Main(context.Background(), args, Stdio{In: strings.NewReader(""), Out: &out, Err: &out}, Signals{}); code != 0 {
					b.Fatalf("%s: exit %d\n%s", cmd, code, out.String())
				}
			}
		})
	}
}
