package stacks

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/schema"
)

// TestJSONSize: the size counted without writing is that of the written
// template once compacted, on every template of the fixtures and on values
// that need escaping, numbers, empty and nil containers.
func TestJSONSize(t *testing.T) {
	values := []any{
		nil, "", "plain", "quote \" and \\ and \n and <html> & é \u2028", true, false, 0, -42, 1.5, 1e21,
		obj{}, obj(nil), list{}, list(nil), []string{}, []string(nil), []string{"a", "b\"c"},
		map[string]string{}, map[string]string(nil), map[string]string{"k\t": "v", "x": "y"},
		obj{"a": list{obj{"b": "c"}, 1, nil, []string{"x"}}, "e \"q\"": obj{"f": true}},
		[]int{1, 2}, struct{ A string }{"x y"},
	}
	for _, v := range values {
		var compact bytes.Buffer
		if err := json.Compact(&compact, canonicalJSON(v)); err != nil {
			t.Fatal(err)
		}
		if got, want := jsonSize(v), compact.Len(); got != want {
			t.Errorf("jsonSize(%#v) = %d, want %d", v, got, want)
		}
	}
	for name, cfg := range specConfigs() {
		c, err := newCompiler(cfg, Options{ImageTag: "t"})
		if err != nil {
			t.Fatal(err)
		}
		for _, env := range cfg.Environments {
			tpl, _ := c.envTemplate(env)
			if got, want := tpl.size(), compactSize(tpl.json()); got != want {
				t.Errorf("%s: environment %s: size %d, want %d", name, env.Name, got, want)
			}
		}
	}
}

// TestSizesOnlyMatchesFullCompile: compiling to check gives the
// diagnostics of a full compilation: the same warnings on the fixtures,
// and the same limit errors at and around the 51,200-byte inline and 1 MB
// TemplateURL limits, overrides or not.
func TestSizesOnlyMatchesFullCompile(t *testing.T) {
	configs := specConfigs()
	configs["generated"] = generatedConfig(12, 3)
	for _, size := range []int{0, 50 << 10, 100 << 10, 1<<20 - 2000, 1 << 20, 2 << 20} {
		big := referenceConfig()
		big.Workload("api").Deployments["test"].Variables = map[string]string{"BIG": strings.Repeat("x", size) + "\"é"}
		configs["api with a variable of "+strconv.Itoa(size)] = big
		overridden := referenceConfig()
		dep := overridden.Workload("api").Deployments["test"]
		dep.Variables = map[string]string{"BIG": strings.Repeat("y", size)}
		dep.Overrides = []*schema.Override{{Op: schema.OverrideReplace, Path: "/Description", Value: "changed"}}
		configs["overridden api with a variable of "+strconv.Itoa(size)] = overridden
	}
	for name, cfg := range configs {
		full, fullErr := Compile(cfg, Options{ImageTag: "t"})
		check, checkErr := Compile(cfg, Options{ImageTag: "t", SizesOnly: true})
		if diff := cmp.Diff(diagnosticsOf(full, fullErr), diagnosticsOf(check, checkErr)); diff != "" {
			t.Errorf("%s: diagnostics differ (-full +sizes only):\n%s", name, diff)
		}
	}
}

// diagnosticsOf is the summary and detail of a compilation's warnings, or
// of its error's diagnostics.
func diagnosticsOf(d *Desired, err error) []string {
	var out []string
	var compileErr *CompileError
	switch {
	case errors.As(err, &compileErr):
		for _, dg := range compileErr.Diagnostics {
			out = append(out, "error: "+dg.Summary+": "+dg.Detail)
		}
	case err != nil:
		out = append(out, "failed: "+err.Error())
	default:
		for _, dg := range d.Warnings {
			out = append(out, "warning: "+dg.Summary+": "+dg.Detail)
		}
	}
	return out
}

// TestTemplateSizes: the size noted of every environment's and
// deployment's template, written (counted while writing) or only sized
// (Options.SizesOnly), is the compact size of the template written, on the
// fixtures, a generated application and the examples that compile.
func TestTemplateSizes(t *testing.T) {
	configs := invariantConfigs(t)
	sized := 0
	for name, cfg := range configs {
		full, err := newCompiler(cfg, Options{ImageTag: "t"})
		if err != nil {
			t.Fatal(err)
		}
		check, err := newCompiler(cfg, Options{ImageTag: "t", SizesOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		compare := func(what string, written, placeholder *Node) {
			want := compactSize(written.Stack.Template)
			if got := full.templateSize(written.Stack.Template); got != want {
				t.Errorf("%s: %s: size noted when written %d, want %d", name, what, got, want)
			}
			if got := check.templateSize(placeholder.Stack.Template); got != want {
				t.Errorf("%s: %s: size noted when sized %d, want %d", name, what, got, want)
			}
			sized++
		}
		for _, env := range cfg.Environments {
			compare("environment "+env.Name, full.envNode(env), check.envNode(env))
		}
		for _, w := range cfg.Workloads {
			for _, env := range w.Environments {
				compare("deployment "+w.Name+" in "+env, full.deployNode(w, env), check.deployNode(w, env))
			}
		}
	}
	if sized < 100 {
		t.Errorf("only %d templates sized", sized)
	}
}
