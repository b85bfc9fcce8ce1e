package stacks

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/schema"
)

// TestNamedFromTemplates checks that the named resources the compiler
// notes when it writes a template are those read back from its JSON, for
// every environment and deployment of the reference application and of a
// generated one.
func TestNamedFromTemplates(t *testing.T) {
	for name, cfg := range map[string]*schema.Config{"reference": referenceConfig(), "generated": generatedConfig(6, 3)} {
		t.Run(name, func(t *testing.T) {
			c, err := newCompiler(cfg, Options{ImageTag: "t"})
			if err != nil {
				t.Fatal(err)
			}
			var nodes []*Node
			for _, env := range cfg.Environments {
				nodes = append(nodes, c.envNode(env))
			}
			for _, w := range cfg.Workloads {
				for _, env := range w.Environments {
					nodes = append(nodes, c.deployNode(w, env))
				}
			}
			named := 0
			for _, n := range nodes {
				if n.Stack == nil {
					continue
				}
				if _, ok := c.named[&n.Stack.Template[0]]; !ok {
					t.Errorf("%s: the template's named resources were not noted", n.Addr)
				}
				parsed := namedIn(n)
				if diff := cmp.Diff(parsed, c.namedOf(n), cmp.AllowUnexported(namedResourceValue{}, namedResource{})); diff != "" {
					t.Errorf("%s: named resources (-parsed +noted):\n%s", n.Addr, diff)
				}
				named += len(parsed)
			}
			if named == 0 {
				t.Fatal("no named resource in any template: the test checks nothing")
			}
		})
	}
}
