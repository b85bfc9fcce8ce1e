package stacks

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/lang"
	"flightplan/schema"
)

// compileWith compiles cfg with the given number of workers.
func compileWith(t *testing.T, workers int, cfg *schema.Config, opts Options) (*Desired, error) {
	t.Helper()
	saved := compileWorkers
	compileWorkers = func(int) int { return workers }
	defer func() { compileWorkers = saved }()
	return Compile(cfg, opts)
}

// checkSameAsSequential compiles cfg one workload at a time and then on
// four workers, and fails unless the two give the same nodes, templates,
// warnings and errors, in the same order.
func checkSameAsSequential(t *testing.T, cfg *schema.Config, opts Options) {
	t.Helper()
	want, wantErr := compileWith(t, 1, cfg, opts)
	got, gotErr := compileWith(t, 4, cfg, opts)
	if fmt.Sprint(wantErr) != fmt.Sprint(gotErr) {
		t.Fatalf("errors differ:\nsequential: %v\nconcurrent: %v", wantErr, gotErr)
	}
	if wantErr != nil {
		return
	}
	if len(want.Nodes) != len(got.Nodes) {
		t.Fatalf("%d nodes, sequentially %d", len(got.Nodes), len(want.Nodes))
	}
	for i := range want.Nodes {
		if !reflect.DeepEqual(want.Nodes[i], got.Nodes[i]) {
			t.Fatalf("node %d (%s) differs:\n%s", i, want.Nodes[i].Addr, cmp.Diff(want.Nodes[i], got.Nodes[i]))
		}
	}
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("compilations differ:\n%s", cmp.Diff(want, got))
	}
}

// TestCompileConcurrentSameAsSequential: compiling the workloads on
// several cores gives what compiling them in turn gives, for every
// example, a generated application (written and only sized) and files
// whose workloads fail to compile in several environments.
func TestCompileConcurrentSameAsSequential(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "examples", "*", "flightplan.hcl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(filepath.Dir(file)), func(t *testing.T) {
			cfg, diags := lang.Load(lang.Options{File: file})
			if diags.HasErrors() {
				t.Fatalf("load: %s", diags.Error())
			}
			checkSameAsSequential(t, cfg, Options{ImageTag: "abc1234"})
			checkSameAsSequential(t, cfg, Options{ImageTag: "abc1234", SizesOnly: true})
		})
	}
	t.Run("generated", func(t *testing.T) {
		cfg := generatedConfig(60, 5)
		checkSameAsSequential(t, cfg, Options{ImageTag: "abc1234"})
		checkSameAsSequential(t, cfg, Options{ImageTag: "abc1234", SizesOnly: true})
	})
	t.Run("errors", func(t *testing.T) {
		var src strings.Builder
		src.WriteString("app \"patched\" {\n  account = \"123456789012\"\n  region  = \"us-east-1\"\n}\n")
		src.WriteString("environment \"dev\" {}\nenvironment \"prod\" {}\n")
		for i := range 12 {
			fmt.Fprintf(&src, "service \"api-%d\" {\n  type  = \"backend\"\n  image = \"public.ecr.aws/example/api:1\"\n  port  = 8080\n", i)
			if i%3 != 2 {
				fmt.Fprintf(&src, "  override {\n    op = \"remove\"\n    path = \"/Resources/Nope%d\"\n  }\n", i)
			}
			src.WriteString("}\n")
		}
		file := filepath.Join(t.TempDir(), "flightplan.hcl")
		if err := os.WriteFile(file, []byte(src.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, diags := lang.Load(lang.Options{File: file})
		if diags.HasErrors() {
			t.Fatalf("load: %s", diags.Error())
		}
		_, err := compileWith(t, 1, cfg, Options{})
		if err == nil || strings.Count(err.Error(), "(environments dev, prod)") != 8 {
			t.Fatalf("want eight override errors, each in both environments; got %v", err)
		}
		checkSameAsSequential(t, cfg, Options{})
		checkSameAsSequential(t, cfg, Options{SizesOnly: true})
	})
}
