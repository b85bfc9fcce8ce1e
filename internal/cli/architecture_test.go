package cli_test

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestArchitectureRules keeps docs/architecture.md true: each rule it
// states about imports is checked on the real dependency lists.
func TestArchitectureRules(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	for name, tc := range map[string]struct {
		pkg       string
		forbidden func(dep string) bool
	}{
		"the planner never calls AWS": {"flightplan/planner", func(d string) bool {
			return strings.Contains(d, "aws-sdk-go-v2/service/") || d == "flightplan/cloud" || d == "flightplan/live"
		}},
		"schema imports no AWS SDK": {"flightplan/schema", isAWSSDK},
		"stacks imports no AWS SDK": {"flightplan/stacks", isAWSSDK},
		"the binary links no test code": {"flightplan", func(d string) bool {
			return d == "testing" || d == "net/http/httptest"
		}},
		"the simulator imports no flightplan package but awsspec": {"flightplan/awssim", func(d string) bool {
			return strings.HasPrefix(d, "flightplan/") && !strings.HasPrefix(d, "flightplan/awssim") && !strings.HasPrefix(d, "flightplan/awsspec")
		}},
	} {
		t.Run(name, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-deps", tc.pkg).Output()
			if err != nil {
				t.Fatalf("go list -deps %s: %v", tc.pkg, err)
			}
			for _, dep := range strings.Fields(string(out)) {
				if tc.forbidden(dep) {
					t.Errorf("%s depends on %s", tc.pkg, dep)
				}
			}
		})
	}
}

// TestViewNeverCallsAWS checks view's own imports: it reads the models of
// planner, executor and drift (which link the SDK) but imports no client.
func TestViewNeverCallsAWS(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{join .Imports "\n"}}`, "flightplan/view").Output()
	if err != nil {
		t.Fatalf("go list flightplan/view: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if isAWSSDK(dep) || dep == "flightplan/cloud" || dep == "flightplan/live" {
			t.Errorf("view imports %s", dep)
		}
	}
}

func isAWSSDK(dep string) bool { return strings.HasPrefix(dep, "github.com/aws/") }

// TestOnlyViewPrints checks that no package but view (and main's signal
// notices) writes to the process's streams: every other package returns
// values and errors for view to render.
func TestOnlyViewPrints(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if rel == "view" || rel == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasSuffix(rel, filepath.Join("internal", "gen")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || rel == "main.go" {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, banned := range []string{"os.Stdout", "os.Stderr", "fmt.Print"} {
			if strings.Contains(string(src), banned) {
				t.Errorf("%s (package %s) uses %s: return the value and let view render it", rel, f.Name.Name, banned)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
