package stacks

import (
	"encoding/json"
	"testing"

	"flightplan/addr"
)

// With copilot_zones, an environment's zone is Copilot's
// EnvironmentHostedZone in its own stack: no zone or delegation node, no
// zone Input, and the certificate validates in that zone.
func TestCopilotZones(t *testing.T) {
	cfg := referenceConfig()
	cfg.App.Domain.CopilotZones = true
	d := compile(t, cfg)
	for _, a := range []addr.Address{addr.Zone("test"), addr.DNS("test")} {
		if d.Node(a) != nil {
			t.Errorf("node %s compiled, want none", a)
		}
	}
	env := d.Node(addr.Env("test"))
	for _, dep := range env.DependsOn {
		if dep == addr.Zone("test") || dep == addr.DNS("test") {
			t.Errorf("env/test depends on %s", dep)
		}
	}
	if len(env.Stack.Inputs) != 0 {
		t.Errorf("env/test inputs = %v, want none", env.Stack.Inputs)
	}
	var tmpl struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
		Outputs map[string]struct{ Value any }
	}
	if err := json.Unmarshal(env.Stack.Template, &tmpl); err != nil {
		t.Fatal(err)
	}
	name := "test." + cfg.App.Name + "." + cfg.App.Domain.Name
	zone := tmpl.Resources["EnvironmentHostedZone"]
	if zone.Type != "AWS::Route53::HostedZone" || zone.Properties["Name"] != name {
		t.Errorf("EnvironmentHostedZone = %+v", zone)
	}
	want := `{"DomainName":"` + name + `","HostedZoneId":{"Ref":"EnvironmentHostedZone"}}`
	opts, _ := json.Marshal(tmpl.Resources["HTTPSCertificate"].Properties["DomainValidationOptions"].([]any)[0])
	if string(opts) != want {
		t.Errorf("certificate validation = %s, want %s", opts, want)
	}
	if out, _ := json.Marshal(tmpl.Outputs["EnvironmentHostedZone"].Value); string(out) != `{"Ref":"EnvironmentHostedZone"}` {
		t.Errorf("output EnvironmentHostedZone = %s", out)
	}
}
