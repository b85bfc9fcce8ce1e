package lang

import (
	"fmt"
	"strings"
	"testing"
)

// TestRequestDrivenAlias: a request-driven service's alias follows
// Copilot's rules, each refusal located at the alias's value (line 12);
// one string is accepted, as Copilot writes it.
func TestRequestDrivenAlias(t *testing.T) {
	cfg, diags := Load(Options{File: writeConfig(t, "flightplan.hcl", `app "shop" {
  account = "111111111111"
  region  = "us-east-1"
  domain {
    name = "example.com"
  }
}
environment "test" {}
service "api" {
  type  = "request-driven-web"
  image = "public.ecr.aws/nginx/nginx:latest"
  port  = 8080
  http {
    alias = "API.example.com"
  }
}
`)})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if got := cfg.Workload("api").Deployments["test"].HTTP.Alias; len(got) != 1 || got[0] != "API.example.com" {
		t.Fatalf("alias %v", got)
	}

	const domain = `
  domain {
    name = "example.com"
  }`
	for name, tc := range map[string]struct {
		domain, alias, summary, detail string
	}{
		"no domain":        {"", `["api.example.com"]`, "Alias without the app's domain", `app "shop" has none`},
		"two aliases":      {domain, `["api.example.com", "www.example.com"]`, "More than one alias on a request-driven service", "keep one of api.example.com, www.example.com"},
		"hosted zone":      {domain, `[{ name = "api.example.com", hosted_zone = "Z123" }]`, "hosted_zone on a request-driven service's alias", "remove hosted_zone"},
		"environment zone": {domain, `["api.test.shop.example.com"]`, "Invalid alias for a request-driven service", "in the environment's zone test.shop.example.com"},
		"app zone":         {domain, `["shop.example.com"]`, "Invalid alias for a request-driven service", "in the app's zone shop.example.com"},
		"apex":             {domain, `["example.com"]`, "Invalid alias for a request-driven service", "is the domain itself"},
		"two labels":       {domain, `["a.b.example.com"]`, "Invalid alias for a request-driven service", "not a name just below the app's domain example.com. Use a name just below"},
		"other domain":     {domain, `["api.example.org"]`, "Invalid alias for a request-driven service", "not a name just below"},
	} {
		t.Run(name, func(t *testing.T) {
			src := fmt.Sprintf(`app "shop" {
  account = "111111111111"
  region  = "us-east-1"%s
}
environment "test" {}
service "api" {
  type  = "request-driven-web"
  image = "public.ecr.aws/nginx/nginx:latest"
  port  = 8080
  http {
    path  = "/"
    alias = %s
  }
}
`, tc.domain, tc.alias)
			src = strings.Replace(src, "\n}\nenvironment", "\n}\nenvironment", 1)
			_, diags := Load(Options{File: writeConfig(t, "flightplan.hcl", src)})
			if len(diags) != 1 {
				t.Fatalf("diagnostics %d, want 1:\n%s", len(diags), diags.Error())
			}
			d := diags[0]
			if d.Summary != tc.summary || !strings.Contains(d.Detail, tc.detail) {
				t.Errorf("got %q: %q\nwant %q containing %q", d.Summary, d.Detail, tc.summary, tc.detail)
			}
			if line := 12 + strings.Count(tc.domain, "\n"); d.Subject == nil || d.Subject.Start.Line != line {
				t.Errorf("at %v, want line %d", d.Subject, line)
			}
		})
	}
}
