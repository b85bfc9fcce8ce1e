package lang

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
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
	files := filesOf(t, "../testdata/examples/*/flightplan.hcl", "../testdata/invalid/*.hcl")
	for _, f := range files {
		checkFastSameAsGeneral(t, f)
	}
	// Files without sensitive variables, whose scopes are plain.
	checkFastSameAsGeneral(t, writeConfig(t, "flightplan.hcl", generate(20, 3)))
	checkFastSameAsGeneral(t, writeConfig(t, "flightplan.hcl", generateDistinct(20, 3)))
	// Parsed in parts (parseParts): the text of an expression, which keys
	// shared values, is read at its range in the whole file.
	checkFastSameAsGeneral(t, writeConfig(t, "flightplan.hcl", generateDistinct(150, 2)))
	for name, tc := range map[string]struct {
		body string
		want string // in the diagnostics, when not empty
		low  bool   // with a budget of 20,000 steps
	}{
		"maps of strings":      {body: "  variables = { B = \"2\", A = var.key, C = env.name }\n  labels = { team = \"x\" }\n"},
		"map converted":        {body: "  variables = { N = 1, T = true, S = \"s\" }\n"},
		"empty map":            {body: "  variables = {}\n"},
		"map null":             {body: "  variables = { A = null }\n", want: "Null map value"},
		"map nested":           {body: "  variables = { A = {} }\n", want: "Incorrect value type"},
		"map from a map":       {body: "  variables = tomap({ A = \"1\" })\n"},
		"map control":          {body: "  variables = { A = \"a\\u0001\" }\n", want: "Control character"},
		"map import":           {body: "  variables = { A = import_value(\"x\") }\n  labels = { b = import_value(\"y\") }\n", want: "import_value not allowed here"},
		"map sensitive":        {body: "  variables = { K = \"k-${var.key}\" }\n  labels = { k = var.key }\n"},
		"templates":            {body: "  variables = { A = \"${env.name}-x\", B = join(\",\", [for i in range(3) : \"${i}\"]) }\n  command = [for s in [\"a\", \"b\"] : upper(s)]\n"},
		"step error":           {body: "  variables = { A = \"${tonumber(env.name)}\" }\n", want: "Invalid function argument"},
		"budget":               {body: "  count = length([for a in range(40) : [for b in range(40) : a]]) - 39\n", want: "Evaluation takes too long", low: true},
		"budget in try":        {body: "  count = try(length([for a in range(90) : [for b in range(90) : a]]), 1)\n", want: "Evaluation takes too long", low: true},
		"literals":             {body: "  cpu = 512\n  memory = 1024\n  port = 8080\n  entrypoint = [\"/bin/sh\"]\n  network {\n    placement = \"private\"\n  }\n  variables = { A = \"e\\u0301\", B = <<EOT\nline $${x} %%{y}\nEOT\n  }\n"},
		"literal wrong type":   {body: "  port = \"http\"\n", want: "Incorrect value type"},
		"literal not whole":    {body: "  port = 80.5\n", want: "Whole number required"},
		"literal not one of":   {body: "  network {\n    placement = \"privat\"\n  }\n", want: "is not one of"},
		"literal null":         {body: "  port = null\n  network {\n    placement = null\n  }\n"},
		"literal import":       {body: "  entrypoint = [\"\\uE000import:x\"]\n  network {\n    placement = \"\\uE000import:x\"\n  }\n", want: "import_value not allowed here"},
		"literal control":      {body: "  network {\n    placement = \"a\\u0001\"\n  }\n", want: "Control character"},
		"same everywhere":      {body: "  count = length(var.list)\n  variables = { A = var.key, B = upper(\"b\") }\n  command = [for s in var.list : \"${s}-x\"]\n"},
		"errors everywhere":    {body: "  count = tonumber(\"x\")\n  variables = { A = [1] }\n  command = var.list[5]\n", want: "Invalid index"},
		"sensitive everywhere": {body: "  count = var.key\n  variables = { K = \"${var.key}-x\" }\n  network {\n    placement = lower(var.key)\n  }\n", want: "(sensitive value)"},
		"errors in some":       {body: "  count = env.name == \"dev\" ? tonumber(\"x\") : 1\n  variables = { A = var.list[0] }\n", want: "This happens in environment \"dev\""},
		"files":                {body: "  variables = { A = file(\"a.txt\"), B = templatefile(\"t.tpl\", { x = var.key }) }\n  command = [file(\"nosuch.txt\")]\n", want: "nosuch.txt"},
		"budget across environments": {body: "  count = length([for a in range(50) : [for b in range(50) : a]]) - 2499\n  variables = { A = \"${env.name}\" }\n",
			want: "Evaluation takes too long", low: true},
		"budget by one": {body: "  count = length([for a in range(200) : [for b in range(200) : \"${a}\"]])\n  variables = { A = \"${env.name}\" }\n",
			want: "Evaluation takes too long", low: true},
	} {
		t.Run(name, func(t *testing.T) {
			if tc.low {
				lowStepLimit(t)
			}
			file := writeMemoFile(t, workloadsFile(20, func(int) string { return tc.body }))
			diags := checkFastSameAsGeneral(t, file)
			if all := strings.Join(diags, "\n"); !strings.Contains(all, tc.want) {
				t.Errorf("diagnostics without %q:\n%s", tc.want, all)
			}
		})
	}
}

// evalStepped parses src, instruments it for a budget of its own and
// evaluates it with the Load's functions, the fast paths on or off.
func evalStepped(t *testing.T, src string, vars map[string]cty.Value, fast bool) (cty.Value, hcl.Diagnostics, budget) {
	t.Helper()
	return evalWith(t, src, vars, fast, false)
}

// evalWith is evalStepped, with the functions for unmarked values when
// unmarked.
func evalWith(t *testing.T, src string, vars map[string]cty.Value, fast, unmarked bool) (cty.Value, hcl.Diagnostics, budget) {
	t.Helper()
	saved := fastPaths
	fastPaths = fast
	defer func() { fastPaths = saved }()
	expr, diags := hclsyntax.ParseExpression([]byte(src), "expr.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", src, diags.Error())
	}
	b := &budget{}
	instrument(expr, b)
	v, diags := expr.Value(&hcl.EvalContext{Variables: vars, Functions: functionsMarks(t.TempDir(), b, unmarked)})
	// A diagnostic of a call to stepFunc names the call in the tree, as
	// hcl's does.
	calls := map[hcl.Expression]bool{}
	hclsyntax.VisitAll(expr.(hclsyntax.Node), func(n hclsyntax.Node) hcl.Diagnostics {
		switch n := n.(type) {
		case *hclsyntax.FunctionCallExpr:
			calls[n] = true
		case *stepExpr:
			calls[n.FunctionCallExpr] = true
		}
		return nil
	})
	for _, d := range diags {
		if c, ok := d.Expression.(*hclsyntax.FunctionCallExpr); ok && c.Name == stepFunc && !calls[c] {
			t.Errorf("%s (fast %v): %q names a call to %s not in the expression", src, fast, d.Detail, stepFunc)
		}
	}
	return v, diags, *b
}

// compareEvals evaluates each of exprs both ways (eval's second argument
// false, then true) under each step limit, and fails where the values,
// the diagnostics (as diagText says them) or the steps charged differ;
// label names the two ways in a diff.
func compareEvals(t *testing.T, label string, limits []int, exprs []string, eval func(src string, other bool) (cty.Value, hcl.Diagnostics, budget)) {
	t.Helper()
	saved := stepLimit
	defer func() { stepLimit = saved }()
	for _, limit := range limits {
		stepLimit = limit
		for _, src := range exprs {
			wantV, wantDiags, wantB := eval(src, false)
			gotV, gotDiags, gotB := eval(src, true)
			if diff := cmp.Diff(wantV, gotV, ctyEqual); diff != "" {
				t.Errorf("limit %d, %s: value %#v, want %#v", limit, src, gotV, wantV)
			}
			var want, got []string
			for _, d := range wantDiags {
				want = append(want, diagText(d))
			}
			for _, d := range gotDiags {
				got = append(got, diagText(d))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("limit %d, %s: diagnostics differ (%s):\n%s", limit, src, label, diff)
			}
			if wantB.steps != gotB.steps {
				t.Errorf("limit %d, %s: %d steps charged, want %d", limit, src, gotB.steps, wantB.steps)
			}
		}
	}
}

// diagText is what a diagnostic says and where, the expression it names
// and, for a function call, the function and its error.
func diagText(d *hcl.Diagnostic) string {
	s := fmt.Sprintf("%v %s: %s at %v (context %v)", d.Severity, d.Summary, d.Detail, d.Subject, d.Context)
	if d.Expression != nil {
		s += fmt.Sprintf(" expression %T %v", d.Expression, d.Expression.Range())
	}
	if extra, ok := hcl.DiagnosticExtra[hclsyntax.FunctionCallDiagExtra](d); ok {
		s += fmt.Sprintf(" calling %s: %v", extra.CalledFunctionName(), extra.FunctionCallError())
	}
	return s
}

// TestStepExprSameAsCall: a stepExpr gives the value (marks included),
// diagnostics and charge of the call to stepFunc it stands for, with
// values plain, sensitive and unknown, errors inside what it wraps, and
// budgets used up in the middle, inside try and can too.
func TestStepExprSameAsCall(t *testing.T) {
	vars := map[string]cty.Value{
		"x":    cty.StringVal("a"),
		"s":    cty.StringVal("secret").Mark(sensitiveMark{}),
		"u":    cty.UnknownVal(cty.String),
		"list": cty.TupleVal([]cty.Value{cty.StringVal("p"), cty.StringVal("q")}),
		"objs": cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"n": cty.StringVal("1")})}),
	}
	exprs := []string{
		`"a-${x}-b"`, `"${s}-${x}"`, `"${u}"`, `{ a = x, b = [x, s], c = { d = u } }`, `x == "a" ? 1 : 2`,
		`[for i in range(30) : "${i}-${x}"]`, `{ for i, v in list : v => i if i > 0 }`, `objs[*].n`, `[for v in list : upper(v)]`,
		`[tonumber(x), 1]`, `"${tonumber(x)}"`, `[for i in range(5) : tonumber("x${i}")]`, `[for v in list : nosuch(v)]`,
		`[for a in range(200) : [for b in range(200) : "${a}${b}"]]`, `{ a = [for a in range(300) : [for b in range(300) : a]] }`,
		`try([for a in range(300) : [for b in range(300) : a]], "fallback")`, `can([for a in range(300) : [for b in range(300) : a]])`,
		`[for i in range(100) : s]`, `length([for a in range(40) : [for b in range(40) : a]]) - 39`,
	}
	compareEvals(t, "-call +stepExpr", []int{MaxSteps, 1_000, 20, 1}, exprs, func(src string, fast bool) (cty.Value, hcl.Diagnostics, budget) {
		return evalStepped(t, src, vars, fast)
	})
}

// TestStepExprTaken: instrument makes stepExprs charged directly by the
// budget whose functions evaluate them, and leaves them to hcl's call when
// the evaluation's stepFunc charges another budget.
func TestStepExprTaken(t *testing.T) {
	expr, _ := hclsyntax.ParseExpression([]byte(`[1, x]`), "expr.hcl", hcl.InitialPos)
	mine, other := &budget{}, &budget{}
	instrument(expr, mine)
	s, ok := expr.(*hclsyntax.TupleConsExpr).Exprs[1].(*stepExpr)
	if !ok || s.b != mine {
		t.Fatalf("x is wrapped in %T, want a stepExpr charging its budget", expr.(*hclsyntax.TupleConsExpr).Exprs[1])
	}
	vars := map[string]cty.Value{"x": cty.StringVal("b")}
	if _, diags := expr.Value(&hcl.EvalContext{Variables: vars, Functions: functions(t.TempDir(), mine)}); diags.HasErrors() || mine.steps != 1 {
		t.Errorf("its own budget: %d steps (%v), want 1", mine.steps, diags)
	}
	// Evaluated with another budget's functions: hcl calls stepFunc, which
	// charges that budget, not the one bound.
	if _, diags := expr.Value(&hcl.EvalContext{Variables: vars, Functions: functions(t.TempDir(), other)}); diags.HasErrors() || mine.steps != 1 || other.steps != 1 {
		t.Errorf("another budget: %d and %d steps (%v), want 1 and 1", mine.steps, other.steps, diags)
	}
	// Instrumenting for the other budget binds it.
	instrument(expr, other)
	if s.b != other {
		t.Errorf("instrumenting again left the stepExpr bound to its first budget")
	}
}

// writeMemoFile writes a workloadsFile with a list variable added, and the
// files that file and templatefile read beside it.
func writeMemoFile(t *testing.T, src string) string {
	t.Helper()
	file := writeConfig(t, "flightplan.hcl", "variable \"list\" {\n  default = [\"p\", \"q\"]\n}\n"+src)
	for name, text := range map[string]string{"a.txt": "A", "t.tpl": "${x}!"} {
		if err := os.WriteFile(filepath.Join(filepath.Dir(file), name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return file
}

// TestLiteral: literal gives the value of a literal expression as
// evaluating it does (marks and refinements included), and declines every
// other expression.
func TestLiteral(t *testing.T) {
	for src, want := range map[string]bool{
		`1`: true, `true`: true, `null`: true, `"a"`: true, `""`: true, `"e\u0301"`: true,
		`"tab\there \"q\""`: true, `"$${x} %%{y}"`: true, "<<EOT\nline\nEOT\n": true, "<<-EOT\n  a\n  b\nEOT\n": true,
		`"\uE000import:x"`: true,
		`"${x}"`:           false, `"a${x}"`: false, `"%{if true}a%{endif}"`: false, `x`: false, `[1]`: false, `{}`: false,
		`1 + 1`: false, `-1.5`: false, `!true`: false, `upper("a")`: false, "<<EOT\n${x}\nEOT\n": false,
	} {
		expr, diags := hclsyntax.ParseExpression([]byte(src), "expr.hcl", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", src, diags.Error())
		}
		got, ok := literal(expr)
		if ok != want {
			t.Errorf("%s: literal %v, want %v", src, ok, want)
			continue
		}
		if !ok {
			continue
		}
		instrument(expr, &budget{})
		v, diags := expr.Value(&hcl.EvalContext{Functions: functions(t.TempDir(), &budget{})})
		if diags.HasErrors() {
			t.Fatalf("%s: %s", src, diags.Error())
		}
		if diff := cmp.Diff(v, got, ctyEqual); diff != "" {
			t.Errorf("%s: literal gives %#v, evaluating it %#v", src, got, v)
		}
	}
}

// TestMemoTaken: the values of a body that do not depend on the
// environment are recorded in its first environment and not evaluated
// again, and those that depend on it, or read files, are evaluated in
// each.
func TestMemoTaken(t *testing.T) {
	body := "  count = length(var.list)\n  variables = { A = env.name }\n  command = [file(\"a.txt\")]\n  entrypoint = [var.list[0]]\n"
	file := writeMemoFile(t, workloadsFile(1, func(int) string { return body }))
	l := newLoader(Options{File: file})
	l.decodeTop(l.parse(l.opts.File))
	l.loadBeforeWorkloads()
	l.envScopes, l.plainScopes = l.deploymentScopes()
	n := l.unique("service")[0]
	w := &schema.Workload{Name: "svc-0", Kind: schema.KindService, Type: schema.TypeBackend}
	seen, memo := map[hcl.Expression]seenAs{}, map[hcl.Expression][]memoRecord{}
	var diags hcl.Diagnostics
	for _, env := range []string{"dev", "prod"} {
		l.deployment(n, w, l.cfg.Environment(env), &diags, seen, memo)
	}
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	recorded := map[string]int{}
	for expr, rs := range memo {
		for name, a := range n.Attrs {
			if a.Expr == expr {
				recorded[name] += len(rs)
			}
		}
	}
	if want := map[string]int{"count": 1, "entrypoint": 1}; !cmp.Equal(recorded, want) {
		t.Errorf("recorded %v, want %v", recorded, want)
	}
	steps := l.budget.steps
	l.deployment(n, w, l.cfg.Environment("dev"), &diags, seen, memo)
	if l.budget.steps == steps {
		t.Errorf("a replayed evaluation charged nothing")
	}
}

// TestSharedTaken: workloads evaluated in turn share the values of
// expressions of the same text in the same environment, charging their
// steps again, except those with diagnostics, those that met sensitive
// values and those that read files.
func TestSharedTaken(t *testing.T) {
	body := "  count = length(var.list)\n  variables = { K = var.key }\n  command = [file(\"a.txt\")]\n  entrypoint = [var.list[5]]\n"
	l := newLoader(Options{File: writeMemoFile(t, workloadsFile(2, func(int) string { return body }))})
	l.decodeTop(l.parse(l.opts.File))
	l.loadBeforeWorkloads()
	l.envScopes, l.plainScopes = l.deploymentScopes()
	l.shared = newSharedValues(2)
	services := l.unique("service")
	l.workload(services[0])
	before := l.budget.steps
	l.workload(services[1])
	if !l.diags.HasErrors() {
		t.Fatalf("no errors, want the index out of range")
	}
	var texts []string
	for text, st := range l.shared.byText {
		if len(st.records) > 0 {
			texts = append(texts, fmt.Sprintf("%s (%d)", text, len(st.records)))
		}
	}
	slices.Sort(texts)
	// Two environments each; literals are taken as they are.
	if want := []string{`length(var.list) (2)`}; !slices.Equal(texts, want) {
		t.Errorf("shared %q, want %q", texts, want)
	}
	if l.budget.steps == before {
		t.Errorf("the second workload charged nothing")
	}
}

// TestPlainScopes: a deployment's scope is plain when no variable holds a
// sensitive value, and not when one does.
func TestPlainScopes(t *testing.T) {
	for src, want := range map[string]bool{
		generate(2, 2): true,
		strings.Replace(generate(2, 2), "default = \"v1\"", "default = \"v1\"\n  sensitive = true", 1): false,
		workloadsFile(1, func(int) string { return "" }):                                               false,
	} {
		l := newLoader(Options{File: writeConfig(t, "flightplan.hcl", src)})
		l.decodeTop(l.parse(l.opts.File))
		l.loadBeforeWorkloads()
		_, plain := l.deploymentScopes()
		if len(plain) != 2 {
			t.Fatalf("%d scopes, want 2", len(plain))
		}
		for env, got := range plain {
			if got != want {
				t.Errorf("%s plain %v, want %v, in:\n%s", env, got, want, src)
			}
		}
	}
}

// TestUnmarkedFunctionsSame: without marked values, the functions for
// unmarked values give the values, diagnostics and steps of the others,
// for calls that succeed, fail, get null or unknown arguments or too many
// or too few, and use the budget up.
func TestUnmarkedFunctionsSame(t *testing.T) {
	vars := map[string]cty.Value{
		"x":    cty.StringVal("a"),
		"u":    cty.UnknownVal(cty.String),
		"n":    cty.NullVal(cty.String),
		"list": cty.TupleVal([]cty.Value{cty.StringVal("p"), cty.StringVal("q")}),
		"m":    cty.ObjectVal(map[string]cty.Value{"k": cty.ListVal([]cty.Value{cty.NumberIntVal(1)})}),
	}
	exprs := []string{
		`contains(list, x)`, `upper(x)`, `upper(u)`, `upper(n)`, `length(list)`, `length(u)`, `tonumber(x)`,
		`join("-", list)`, `join("-", [x, u])`, `format("%s-%d", x, 3)`, `format("%s", list...)`, `concat(list, [x])`,
		`lookup(m, "k", [])`, `merge(m, { a = x })`, `coalesce(n, x)`, `upper()`, `upper(x, x)`, `nosuch(x)`,
		`range(5)`, `setproduct(range(300), range(300))`, `length([for a in range(200) : [for b in range(200) : a]])`,
		`try(tonumber(x), 0)`, `can(tonumber(x))`, `jsonencode(m)`, `keys(m)`, `distinct(concat(list, list))`,
		`templatefile("nosuch.tpl", {})`, `file("nosuch")`, `import_value("e")`,
	}
	compareEvals(t, "-marks +unmarked", []int{MaxSteps, 500, 5}, exprs, func(src string, unmarked bool) (cty.Value, hcl.Diagnostics, budget) {
		return evalWith(t, src, vars, true, unmarked)
	})
}

// TestStrMapControlRanges: a control character in a key is reported at
// the key, one in a value at the value, and a key's error leaves its value
// unchecked.
func TestStrMapControlRanges(t *testing.T) {
	body := "  variables = {\n    \"k\\u0001\" = \"v\\u0001\"\n    B = \"ok\"\n    C = \"w\\u0002\"\n  }\n"
	file := writeConfig(t, "flightplan.hcl", workloadsFile(1, func(int) string { return body }))
	cfg, srcs, diags := LoadFiles(Options{File: file})
	if cfg != nil {
		t.Fatal("loaded, want control character errors")
	}
	var got []string
	for _, d := range diags {
		if d.Summary == "Control character in a string" {
			got = append(got, sourceOf(srcs, *d.Subject))
		}
	}
	if want := []string{`"w\u0002"`, `"k\u0001"`}; !slices.Equal(got, want) { // in key order: C, then k
		t.Errorf("reported at %q, want %q", got, want)
	}
}

// valueSizeIter, countElementsIter and hasImportIter are valueSize,
// countElements and hasImport with every element taken from an iterator,
// objects' attributes too: the references the walks by name must agree
// with.
func valueSizeIter(v cty.Value, limit int) int {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return 1
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return 1 + len(v.AsString())/64
	case ty.IsCollectionType() || ty.IsObjectType() || ty.IsTupleType():
		n := 1
		for it := v.ElementIterator(); it.Next() && n <= limit; {
			_, el := it.Element()
			n += valueSizeIter(el, limit-n)
		}
		return n
	}
	return 1
}

func countElementsIter(v cty.Value, what string, n int) (int, error) {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return n, nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		if l := len(v.AsString()); l > MaxStringBytes {
			return n, stringTooLong(what, l)
		}
	case ty.IsCollectionType() || ty.IsObjectType() || ty.IsTupleType():
		for it := v.ElementIterator(); it.Next() && n <= MaxElements; {
			_, el := it.Element()
			var err error
			if n, err = countElementsIter(el, what, n+1); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

func hasImportIter(v cty.Value) bool {
	if v.IsNull() || !v.IsKnown() {
		return false
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return schema.HasImport(v.AsString())
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			if _, el := it.Element(); hasImportIter(el) {
				return true
			}
		}
	}
	return false
}

// TestWalksByNameSameAsIterator: the walks that read objects' attributes
// by name (whollyKnown too) give what walking them with an iterator gives, including where
// they stop (sizes past a limit, the first string too long).
func TestWalksByNameSameAsIterator(t *testing.T) {
	long := strings.Repeat("x", MaxStringBytes+1)
	wide := map[string]cty.Value{}
	for i := range MaxElements + 5 {
		wide[fmt.Sprintf("k%05d", i)] = cty.StringVal("v")
	}
	wide["z-long"] = cty.StringVal(long + "y")
	wide["a-long"] = cty.StringVal(long)
	values := []cty.Value{
		cty.EmptyObjectVal,
		cty.ObjectVal(map[string]cty.Value{"b": cty.StringVal(strings.Repeat("y", 200)), "a": cty.NumberIntVal(1), "é": cty.True}),
		cty.ObjectVal(map[string]cty.Value{"s": cty.StringVal("x").Mark(sensitiveMark{}), "o": cty.ObjectVal(map[string]cty.Value{"i": cty.StringVal("\uE000import:e")})}),
		cty.ObjectVal(map[string]cty.Value{"u": cty.UnknownVal(cty.String), "n": cty.NullVal(cty.String), "l": cty.ListVal([]cty.Value{cty.StringVal("a")})}).Mark(sensitiveMark{}),
		cty.ObjectVal(map[string]cty.Value{"b": cty.StringVal(long + "b"), "a": cty.StringVal(long)}),
		cty.ObjectVal(wide),
		cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"x": cty.StringVal("1"), "y": cty.StringVal("2")}), cty.StringVal("z")}),
		cty.MapVal(map[string]cty.Value{"k": cty.ObjectVal(map[string]cty.Value{"i": cty.StringVal("\uE000import:f")})}),
		cty.ObjectVal(map[string]cty.Value{"o": cty.ObjectVal(map[string]cty.Value{"u": cty.UnknownVal(cty.Number).Mark(sensitiveMark{})})}),
		cty.ObjectVal(map[string]cty.Value{"t": cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"u": cty.DynamicVal})})}),
		cty.NullVal(cty.Object(map[string]cty.Type{"a": cty.String})),
		cty.UnknownVal(cty.Object(map[string]cty.Type{"a": cty.String})),
		cty.DynamicVal,
	}
	for i, v := range values {
		for _, limit := range []int{0, 1, 2, 3, 50, MaxElements, MaxSteps} {
			if got, want := valueSize(v, limit), valueSizeIter(v, limit); got != want {
				t.Errorf("value %d, limit %d: size %d, want %d", i, limit, got, want)
			}
		}
		gotN, gotErr := countElements(v, "This value", 0)
		wantN, wantErr := countElementsIter(v, "This value", 0)
		if gotN != wantN || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("value %d: %d elements (%v), want %d (%v)", i, gotN, gotErr, wantN, wantErr)
		}
		if whollyKnown(v) != v.IsWhollyKnown() {
			t.Errorf("value %d: wholly known %v, want %v", i, whollyKnown(v), v.IsWhollyKnown())
		}
		if unmarked, _ := v.UnmarkDeep(); hasImport(unmarked) != hasImportIter(unmarked) {
			t.Errorf("value %d: hasImport %v, want %v", i, hasImport(unmarked), hasImportIter(unmarked))
		}
	}
}

// FuzzFastPaths loads arbitrary input with the fast paths of evaluation
// and without, evaluating the workloads in turn: the configurations, the
// diagnostics (as sets: see below; TestFastPathsSameAsGeneral compares
// their order) and the steps charged must be the same.
func FuzzFastPaths(f *testing.F) {
	for _, pattern := range []string{"../testdata/examples/*/flightplan.hcl", "../testdata/invalid/*.hcl"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if src, err := os.ReadFile(file); err == nil && len(src) <= maxFuzzInput {
				f.Add(src)
			}
		}
	}
	f.Add([]byte(generate(3, 2)))
	f.Add([]byte(generateDistinct(3, 2)))
	f.Add([]byte(workloadsFile(3, func(i int) string {
		return fmt.Sprintf("  count = length([for a in range(%d) : a])\n  variables = { K = \"${var.key}-%d\", E = env.name }\n", i, i)
	})))
	path := filepath.Join(f.TempDir(), "flightplan.hcl")
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > maxFuzzInput {
			t.Skip()
		}
		load := func(fast bool) loadResult {
			saved, savedWorkers := fastPaths, evalWorkers
			fastPaths, evalWorkers = fast, func(int) int { return 1 }
			defer func() { fastPaths, evalWorkers = saved, savedWorkers }()
			l := newLoader(Options{File: path})
			l.runBody(l.parseSource(src, path))
			var diags []string
			for _, d := range l.diags {
				detail := d.Detail
				if d.Summary == "Unsupported block type" {
					// hcl suggests the first close name in the order of the
					// schema's blocks, which spec.bodySchema takes from a
					// map: with two as close, either, in any Load.
					detail, _, _ = strings.Cut(detail, " Did you mean")
				}
				diags = append(diags, fmt.Sprintf("%v %s: %s at %v (context %v)", d.Severity, d.Summary, detail, d.Subject, d.Context))
			}
			return loadResult{cfg: l.cfg, diags: diags, steps: l.budget.steps}
		}
		// With the limit and with a small budget, used up on the way.
		for _, limit := range []int{MaxSteps, 300} {
			saved := stepLimit
			stepLimit = limit
			want, got := load(false), load(true)
			stepLimit = saved
			compareLoads(t, limit, want, got)
		}
	})
}

// compareLoads fails unless two loads of FuzzFastPaths agree.
func compareLoads(t *testing.T, limit int, want, got loadResult) {
	t.Helper()
	// In order of text: hcl reports some problems of a body (arguments not
	// expected, say) in the order of a map of its attributes, which differs
	// from one Load to the next whatever the path.
	slices.Sort(want.diags)
	slices.Sort(got.diags)
	if diff := cmp.Diff(want.diags, got.diags); diff != "" {
		t.Fatalf("limit %d: diagnostics differ (-general +fast):\n%s", limit, diff)
	}
	if diff := cmp.Diff(want.cfg, got.cfg, ctyEqual); diff != "" {
		t.Fatalf("limit %d: configurations differ (-general +fast):\n%s", limit, diff)
	}
	if want.steps != got.steps {
		t.Fatalf("limit %d: %d steps charged, %d by the general path", limit, got.steps, want.steps)
	}
}
