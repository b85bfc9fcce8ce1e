package lang

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"flightplan/schema"
)

// ctyEqual compares cty values exactly: type, value and marks.
var ctyEqual = cmp.Comparer(func(a, b cty.Value) bool { return a.RawEquals(b) })

// TestConvertCommonSameAsConvert: where convertCommon converts, its value
// is convert.Convert's, marks included; it declines what it does not
// handle.
func TestConvertCommonSameAsConvert(t *testing.T) {
	sensitive := cty.StringVal("s").Mark(sensitiveMark{})
	values := map[string]cty.Value{
		"string":            cty.StringVal("a"),
		"number":            cty.NumberIntVal(3),
		"bool":              cty.True,
		"null string":       cty.NullVal(cty.String),
		"unknown":           cty.UnknownVal(cty.String),
		"dynamic unknown":   cty.DynamicVal,
		"marked string":     sensitive,
		"empty object":      cty.EmptyObjectVal,
		"object of strings": cty.ObjectVal(map[string]cty.Value{"b": cty.StringVal("2"), "a": cty.StringVal("1")}),
		"object with null":  cty.ObjectVal(map[string]cty.Value{"a": cty.NullVal(cty.String), "b": cty.StringVal("x")}),
		"object with mark":  cty.ObjectVal(map[string]cty.Value{"a": sensitive, "b": cty.StringVal("x")}),
		"marked object":     cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("x")}).Mark(sensitiveMark{}),
		"object of mixed":   cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("x"), "n": cty.NumberIntVal(1), "t": cty.True}),
		"object of objects": cty.ObjectVal(map[string]cty.Value{"a": cty.EmptyObjectVal}),
		"null object":       cty.NullVal(cty.Object(map[string]cty.Type{"a": cty.String})),
		"unknown object":    cty.UnknownVal(cty.Object(map[string]cty.Type{"a": cty.String})),
		"object, unknown":   cty.ObjectVal(map[string]cty.Value{"a": cty.UnknownVal(cty.String)}),
		"map of strings":    cty.MapVal(map[string]cty.Value{"a": cty.StringVal("1")}),
		"tuple":             cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.NumberIntVal(1)}),
		"list":              cty.ListVal([]cty.Value{cty.StringVal("a")}),
	}
	types := []cty.Type{cty.DynamicPseudoType, cty.Map(cty.String), cty.String, cty.Number, cty.Bool,
		cty.List(cty.String), cty.Map(cty.Number)}
	handled := 0
	for name, v := range values {
		for _, ty := range types {
			got, ok := convertCommon(v, ty)
			if !ok {
				continue
			}
			handled++
			want, err := convert.Convert(v, ty)
			if err != nil {
				t.Errorf("%s to %s: converted, but convert.Convert fails: %v", name, ty.GoString(), err)
				continue
			}
			if diff := cmp.Diff(want, got, ctyEqual); diff != "" {
				t.Errorf("%s to %s: %#v, convert.Convert gives %#v", name, ty.GoString(), got, want)
			}
		}
	}
	if handled < len(values)+3 {
		t.Errorf("convertCommon converted %d cases only", handled)
	}
}

// loadResult is what one Load gives, with the steps charged to its budget.
type loadResult struct {
	cfg   *schema.Config
	diags []string
	steps int
}

// loadFast loads file with the fast paths of evaluation on or off.
func loadFast(t *testing.T, file string, fast bool) loadResult {
	t.Helper()
	saved := fastPaths
	fastPaths = fast
	defer func() { fastPaths = saved }()
	l := newLoader(Options{File: file})
	l.run()
	var diags []string
	for _, d := range l.diags {
		diags = append(diags, fmt.Sprintf("%v %s: %s at %v (context %v)", d.Severity, d.Summary, d.Detail, d.Subject, d.Context))
	}
	return loadResult{cfg: l.cfg, diags: diags, steps: l.budget.steps}
}

// checkFastSameAsGeneral loads file both ways, in turn and with the
// workloads evaluated at once, and fails unless the configurations, the
// diagnostics (text, ranges, order) and the steps charged are the same.
func checkFastSameAsGeneral(t *testing.T, file string) []string {
	t.Helper()
	var got loadResult
	for _, workers := range []int{1, 4} {
		savedWorkers, savedMin := evalWorkers, evalAtOnceMin
		evalWorkers, evalAtOnceMin = func(int) int { return workers }, 1
		want := loadFast(t, file, false)
		got = loadFast(t, file, true)
		evalWorkers, evalAtOnceMin = savedWorkers, savedMin
		if diff := cmp.Diff(want.diags, got.diags); diff != "" {
			t.Errorf("%s, %d workers: diagnostics differ (-general +fast):\n%s", file, workers, diff)
		}
		if diff := cmp.Diff(want.cfg, got.cfg, ctyEqual); diff != "" {
			t.Errorf("%s, %d workers: configurations differ (-general +fast):\n%s", file, workers, diff)
		}
		if want.steps != got.steps {
			t.Errorf("%s, %d workers: %d steps charged, %d by the general path", file, workers, got.steps, want.steps)
		}
	}
	return got.diags
}

// TestFastPathsSameAsGeneral: the fast paths of evaluation give the
// configuration, diagnostics and budget of the general path, for every
// example and invalid file, and for bodies written to take each fast path
// and to fall off it.
func TestFastPathsSameAsGeneral(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../testdata/examples/*/flightplan.hcl", "../testdata/invalid/*.hcl"} {
		more, _ := filepath.Glob(pattern)
		files = append(files, more...)
	}
	if len(files) < 30 {
		t.Fatalf("only %d files", len(files))
	}
	for _, f := range files {
		checkFastSameAsGeneral(t, f)
	}
	for name, tc := range map[string]struct {
		body string
		want string // in the diagnostics, when not empty
	}{
		"maps of strings": {body: "  variables = { B = \"2\", A = var.key, C = env.name }\n  labels = { team = \"x\" }\n"},
		"map converted":   {body: "  variables = { N = 1, T = true, S = \"s\" }\n"},
		"empty map":       {body: "  variables = {}\n"},
		"map null":        {body: "  variables = { A = null }\n", want: "Null map value"},
		"map nested":      {body: "  variables = { A = {} }\n", want: "Incorrect value type"},
		"map from a map":  {body: "  variables = tomap({ A = \"1\" })\n"},
		"map control":     {body: "  variables = { A = \"a\\u0001\" }\n", want: "Control character"},
		"map import":      {body: "  variables = { A = import_value(\"x\") }\n  labels = { b = import_value(\"y\") }\n", want: "import_value not allowed here"},
		"map sensitive":   {body: "  variables = { K = \"k-${var.key}\" }\n  labels = { k = var.key }\n"},
	} {
		t.Run(name, func(t *testing.T) {
			file := writeConfig(t, "flightplan.hcl", workloadsFile(20, func(int) string { return tc.body }))
			diags := checkFastSameAsGeneral(t, file)
			if all := strings.Join(diags, "\n"); !strings.Contains(all, tc.want) {
				t.Errorf("diagnostics without %q:\n%s", tc.want, all)
			}
		})
	}
}
