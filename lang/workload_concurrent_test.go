package lang

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// loadWith loads file evaluating the workloads on the given number of
// workers, from the first workload on.
func loadWith(t *testing.T, workers int, file string) (cfgText string, cfg any, diags hcl.Diagnostics) {
	t.Helper()
	savedWorkers, savedMin := evalWorkers, evalAtOnceMin
	evalWorkers, evalAtOnceMin = func(int) int { return workers }, 1
	defer func() { evalWorkers, evalAtOnceMin = savedWorkers, savedMin }()
	c, diags := Load(Options{File: file})
	return fmt.Sprintf("%+v", c), c, diags
}

// checkWorkloadsSameAsInTurn loads file with the workloads evaluated in
// turn and on four workers, and fails unless the configurations and the
// diagnostics are the same.
func checkWorkloadsSameAsInTurn(t *testing.T, file string) hcl.Diagnostics {
	t.Helper()
	_, want, wantDiags := loadWith(t, 1, file)
	_, got, gotDiags := loadWith(t, 4, file)
	if wantDiags.Error() != gotDiags.Error() {
		t.Errorf("%s: diagnostics differ:\nin turn: %s\nat once: %s", file, wantDiags.Error(), gotDiags.Error())
	}
	if !reflect.DeepEqual(want, got) {
		t.Errorf("%s: configurations differ", file)
	}
	return gotDiags
}

// lowStepLimit makes the budget 20,000 steps for the test, so that using
// it up takes little time.
func lowStepLimit(t *testing.T) {
	saved := stepLimit
	stepLimit = 20_000
	t.Cleanup(func() { stepLimit = saved })
}

// workloadsFile is an app with n services, each body from body(i).
func workloadsFile(n int, body func(i int) string) string {
	var s strings.Builder
	s.WriteString("variable \"key\" {\n  type = string\n  default = \"/the/key\"\n  sensitive = true\n}\n")
	s.WriteString("app \"a\" {\n  account = \"111111111111\"\n  region  = \"us-east-1\"\n}\n")
	s.WriteString("environment \"dev\" {}\nenvironment \"prod\" {}\n")
	for i := range n {
		fmt.Fprintf(&s, "service \"svc-%d\" {\n  type = \"backend\"\n  image = \"public.ecr.aws/x/y:1\"\n%s}\n", i, body(i))
	}
	return s.String()
}

// filesOf lists the files the patterns match, at least 30 of them: tests
// that compare two ways of loading run over the examples and invalid files.
func filesOf(t *testing.T, patterns ...string) []string {
	t.Helper()
	var files []string
	for _, pattern := range patterns {
		more, _ := filepath.Glob(pattern)
		files = append(files, more...)
	}
	if len(files) < 30 {
		t.Fatalf("only %d files", len(files))
	}
	return files
}

// TestWorkloadsAtOnceSameAsInTurn: evaluating the workloads on several
// cores gives the configuration and diagnostics of evaluating them in
// turn: for every example and invalid file, files with errors in many
// workloads, secrets, a budget used up by one workload or by all of them
// together.
func TestWorkloadsAtOnceSameAsInTurn(t *testing.T) {
	files := filesOf(t, "../testdata/examples/*/flightplan.hcl", "../testdata/invalid/*.hcl", "testdata/*/*.hcl")
	for _, f := range files {
		checkWorkloadsSameAsInTurn(t, f)
	}
	for name, tc := range map[string]struct {
		body     func(i int) string
		want     string // in the diagnostics
		services int    // 20 when 0
	}{
		"errors": {body: func(i int) string {
			switch i % 4 {
			case 0:
				return "  port = \"x\"\n"
			case 1:
				return "  environments = [\"dve\"]\n"
			case 2:
				return "  count = env.name == \"dev\" ? -1 : 1\n"
			}
			return "  secrets = { KEY = var.key }\n"
		}, want: "Unknown environment"},
		"budget used by one": {body: func(i int) string {
			if i == 9 {
				return "  count = length([for a in range(200) : [for b in range(200) : a]])\n"
			}
			return "  count = 1\n"
		}, want: "Evaluation takes too long"},
		"budget used by all": {body: func(i int) string {
			return "  count = length([for a in range(40) : [for b in range(40) : a]]) - 39\n"
		}, want: "Evaluation takes too long", services: 12},
		"sensitive met": {body: func(i int) string {
			return fmt.Sprintf("  variables = { K = \"s%d-${var.key}\" }\n  environments = [\"dev\", \"s%d-/the/key\"]\n", i, i-1)
		}, want: "(sensitive value)"},
	} {
		t.Run(name, func(t *testing.T) {
			lowStepLimit(t)
			n := tc.services
			if n == 0 {
				n = 20
			}
			file := writeConfig(t, "flightplan.hcl", workloadsFile(n, tc.body))
			diags := checkWorkloadsSameAsInTurn(t, file)
			var all strings.Builder
			for _, d := range diags {
				fmt.Fprintf(&all, "%s: %s\n", d.Summary, d.Detail)
			}
			if !strings.Contains(all.String(), tc.want) {
				t.Errorf("diagnostics without %q:\n%s", tc.want, all.String())
			}
		})
	}
}

// TestWorkloadsAtOnceTaken: a plain file is evaluated at once; one whose
// budget runs out, or whose workloads meet sensitive values not known
// before, is evaluated in turn.
func TestWorkloadsAtOnceTaken(t *testing.T) {
	for name, tc := range map[string]struct {
		body func(i int) string
		want bool
	}{
		"plain": {func(i int) string { return "  count = env.name == \"dev\" ? 1 : 2\n  secrets = { K = var.key }\n" }, true},
		"budget": {func(i int) string {
			return "  count = length([for a in range(40) : [for b in range(40) : a]]) - 39\n"
		}, false},
		"sensitive met": {func(i int) string { return "  variables = { K = \"s-${var.key}\" }\n" }, false},
	} {
		t.Run(name, func(t *testing.T) {
			lowStepLimit(t)
			l := newLoader(Options{File: writeConfig(t, "flightplan.hcl", workloadsFile(12, tc.body))})
			l.decodeTop(l.parse(l.opts.File))
			l.loadBeforeWorkloads()
			savedWorkers, savedMin := evalWorkers, evalAtOnceMin
			evalWorkers, evalAtOnceMin = func(int) int { return 4 }, 1
			defer func() { evalWorkers, evalAtOnceMin = savedWorkers, savedMin }()
			if got := l.loadWorkloadsAtOnce(l.unique("service")); got != tc.want {
				t.Errorf("evaluated at once: %v, want %v (%s)", got, tc.want, l.diags.Error())
			}
		})
	}
}
