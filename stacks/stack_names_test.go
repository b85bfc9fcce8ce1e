package stacks

import (
	"errors"
	"strings"
	"testing"
)

// Two declarations whose stack names meet (environment "dev" with service
// "api-web", environment "dev-api" with service "web") are refused at the
// second one's block, naming both nodes and saying what to do.
func TestStackNamesCollide(t *testing.T) {
	for name, tc := range map[string]struct {
		src, want string
		line      int
	}{
		"service and environment names": {src: `app "demo" {
  account = "111111111111"
  region  = "us-east-1"
}
environment "dev" {}
environment "dev-api" {}
service "api-web" {
  type         = "backend"
  image        = "public.ecr.aws/example/api:1"
  environments = ["dev"]
}
service "web" {
  type         = "backend"
  image        = "public.ecr.aws/example/web:1"
  environments = ["dev-api"]
}
`, want: "deploy/dev/api-web and deploy/dev-api/web would both deploy the stack demo-dev-api-web (account 111111111111, region us-east-1)", line: 12},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := compileSource(t, tc.src)
			var ce *CompileError
			if !errors.As(err, &ce) || len(ce.Diagnostics) != 1 {
				t.Fatalf("Compile: %v, want one compile error", err)
			}
			d := ce.Diagnostics[0]
			if d.Summary != tc.want {
				t.Errorf("summary %q, want %q", d.Summary, tc.want)
			}
			if d.Subject == nil || d.Subject.Start.Line != tc.line {
				t.Errorf("placed at %v, want line %d", d.Subject, tc.line)
			}
			if !strings.Contains(d.Detail, "Rename") {
				t.Errorf("detail %q says nothing of what to do", d.Detail)
			}
		})
	}
}
