package lang

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// stepFunc is the internal function that instrument wraps around the parts
// of an expression that build values; it charges the budget for each value
// and returns it unchanged. Its namespaced name cannot collide with a
// function of the language.
const stepFunc = "flightplan::step"

func stepFunction(b *budget) function.Function {
	f := function.New(&function.Spec{
		Params: []function.Parameter{{
			Name: "value", Type: cty.DynamicPseudoType,
			AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true,
		}},
		Type: func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if err := b.chargeValue(args[0]); err != nil {
				return cty.NilVal, err
			}
			return args[0], nil
		},
	})
	b.stepFuncs = append(b.stepFuncs, f)
	return f
}

// limited wraps each function so that every call is charged to the budget
// (the size of its arguments before the call, of its result after), its
// result is checked against the limits of one value, and the functions
// whose result can be far larger than their arguments check the size it
// would have before building it.
func limited(fs map[string]function.Function, b *budget) map[string]function.Function {
	return limitedMarks(fs, b, false)
}

// limitedMarks is limited; with unmarked, the wrappers declare that their
// parameters take marked values, for evaluations where no value is marked
// (evaluator.plain). cty then leaves to the wrapped function, which sees
// the same arguments, the deep walk that takes the marks off arguments
// before a call and puts them on its result: with no marks, a walk that
// finds none and changes nothing.
func limitedMarks(fs map[string]function.Function, b *budget, unmarked bool) map[string]function.Function {
	out := make(map[string]function.Function, len(fs)+1)
	for name, f := range fs {
		out[name] = limitedFunc(name, f, b, unmarked)
	}
	out[stepFunc] = stepFunction(b)
	return out
}

func limitedFunc(name string, f function.Function, b *budget, unmarked bool) function.Function {
	pre := preChecks[name]
	params, varParam := f.Params(), f.VarParam()
	if unmarked {
		for i := range params {
			params[i].AllowMarked = true
		}
		if varParam != nil {
			vp := *varParam
			vp.AllowMarked = true
			varParam = &vp
		}
	}
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      params,
		VarParam:    varParam,
		Type:        f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			for _, a := range args {
				if err := b.chargeValue(a); err != nil {
					return cty.NilVal, err
				}
			}
			if pre != nil {
				if err := pre(args, b); err != nil {
					return cty.NilVal, err
				}
			}
			v, err := f.Call(args)
			if err != nil {
				return v, err
			}
			if err := b.chargeValue(v); err != nil {
				return cty.NilVal, err
			}
			if err := checkValue(v, "The result of "+name); err != nil {
				return cty.NilVal, err
			}
			return v, nil
		},
	})
}

// preChecks estimate, from the arguments, results that could be too large
// to build at all.
var preChecks = map[string]func(args []cty.Value, b *budget) error{
	"range":      checkRange,
	"setproduct": checkSetProduct,
	"format":     checkFormatWidths,
	"formatlist": checkFormatWidths,
	"indent":     checkIndent,
	"replace":    checkReplace,
	"distinct":   checkDistinct,
}

// wholly reports whether every argument is known and not null; the pre
// checks skip calls with unknown arguments, which do no work.
func wholly(args []cty.Value) bool {
	for _, a := range args {
		if !a.IsWhollyKnown() || a.IsNull() {
			return false
		}
	}
	return true
}

func number(v cty.Value) float64 {
	f, _ := v.AsBigFloat().Float64()
	return f
}

func checkRange(args []cty.Value, _ *budget) error {
	if !wholly(args) {
		return nil
	}
	start, limit, step := 0.0, 0.0, 1.0
	switch len(args) {
	case 1:
		limit = number(args[0])
	case 2:
		start, limit = number(args[0]), number(args[1])
	default:
		start, limit, step = number(args[0]), number(args[1]), number(args[2])
	}
	if step == 0 || math.IsInf(step, 0) {
		return nil // range refuses these itself
	}
	if n := math.Ceil((limit - start) / step); n > maxRange {
		return &limitError{summary: "Collection too large", detail: fmt.Sprintf(
			"This range would hold %.0f numbers; range makes at most %d. Use a smaller range.", n, maxRange)}
	}
	return nil
}

// maxRange is the most numbers range makes (a limit of go-cty's range).
const maxRange = 1024

func checkSetProduct(args []cty.Value, _ *budget) error {
	if !wholly(args) {
		return nil
	}
	n := 1.0
	for _, a := range args {
		if !a.Type().IsCollectionType() && !a.Type().IsTupleType() {
			return nil
		}
		n *= float64(a.LengthInt())
	}
	if n > MaxElements {
		return tooManyElements("This product of sets", n)
	}
	return nil
}

// formatNumber finds the widths and precisions of format verbs.
var formatNumber = regexp.MustCompile(`%[-+ #0]*([0-9]*)(?:\.([0-9]*))?`)

func checkFormatWidths(args []cty.Value, _ *budget) error {
	if len(args) == 0 || !args[0].IsKnown() || args[0].IsNull() {
		return nil
	}
	for _, m := range formatNumber.FindAllStringSubmatch(args[0].AsString(), -1) {
		for _, num := range m[1:] {
			if n, err := strconv.Atoi(num); err == nil && n > MaxStringBytes || len(num) > 9 {
				return stringTooLong("A value formatted with this width or precision", max(n, MaxStringBytes+1))
			}
		}
	}
	return nil
}

func checkIndent(args []cty.Value, _ *budget) error {
	if !wholly(args) {
		return nil
	}
	s := args[1].AsString()
	n := number(args[0])*float64(strings.Count(s, "\n")+1) + float64(len(s))
	if n > MaxStringBytes {
		return stringTooLong("The indented string", int(min(n, math.MaxInt32)))
	}
	return nil
}

// checkReplace bounds the result of replace: every match (for a regular
// expression, at most one per byte and one more) grows the string by the
// replacement.
func checkReplace(args []cty.Value, _ *budget) error {
	if !wholly(args) {
		return nil
	}
	s, old, repl := args[0].AsString(), args[1].AsString(), args[2].AsString()
	var matches int
	switch {
	case len(old) > 1 && strings.HasPrefix(old, "/") && strings.HasSuffix(old, "/"):
		matches = len(s) + 1
	case old == "":
		matches = utf8.RuneCountInString(s) + 1
	default:
		matches = strings.Count(s, old)
	}
	if n := float64(len(s)) + float64(matches)*float64(len(repl)); n > MaxStringBytes {
		return stringTooLong("The result of replace", int(min(n, math.MaxInt32)))
	}
	return nil
}

// checkDistinct charges distinct for comparing each element with the ones
// kept before it.
func checkDistinct(args []cty.Value, b *budget) error {
	if !wholly(args) || !args[0].CanIterateElements() {
		return nil
	}
	n := args[0].LengthInt()
	return b.charge(n * n / 64)
}

// instrument wraps the parts of expr that build values (the element and
// condition of a for expression, the interpolations of a template, the
// elements of tuples, the values of objects, the operands of operators,
// the element of a splat) in calls to stepFunc, so that the work of
// evaluating expr is charged to the budget as it happens. The wrappers
// keep the ranges of what they wrap, so diagnostics point where they did.
// expr itself is left as it is; instrumenting twice does nothing more.
// b is the budget that the evaluation's stepFunc charges (see stepExpr).
// pure says, from the same walk, that expr calls only pure functions
// (pureNames); it is false for JSON syntax, whose calls are not in a tree.
func instrument(expr hcl.Expression, b *budget) (pure bool) {
	root, ok := expr.(hclsyntax.Node)
	if !ok {
		return false // JSON syntax: functions and results are still checked
	}
	pure = true
	step := func(expr hclsyntax.Expression) hclsyntax.Expression { return step(expr, b) }
	hclsyntax.VisitAll(root, func(n hclsyntax.Node) hcl.Diagnostics {
		switch e := n.(type) {
		case *hclsyntax.FunctionCallExpr:
			pure = pure && pureNames[e.Name]
		case *hclsyntax.ForExpr:
			e.CollExpr, e.ValExpr = step(e.CollExpr), step(e.ValExpr)
			if e.CondExpr != nil {
				e.CondExpr = step(e.CondExpr)
			}
		case *hclsyntax.TemplateExpr:
			for i, p := range e.Parts {
				e.Parts[i] = step(p)
			}
		case *hclsyntax.TupleConsExpr:
			for i, x := range e.Exprs {
				e.Exprs[i] = step(x)
			}
		case *hclsyntax.ObjectConsExpr:
			for i := range e.Items {
				e.Items[i].ValueExpr = step(e.Items[i].ValueExpr)
			}
		case *hclsyntax.BinaryOpExpr:
			e.LHS, e.RHS = step(e.LHS), step(e.RHS)
		case *hclsyntax.SplatExpr:
			e.Each = step(e.Each)
		}
		return nil
	})
	return pure
}

// step wraps expr in a call to stepFunc, unless it is one already or a
// literal (which costs nothing and which templates treat specially). A
// call made before for another budget is bound to b.
func step(expr hclsyntax.Expression, b *budget) hclsyntax.Expression {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		return expr
	case *hclsyntax.FunctionCallExpr:
		if e.Name == stepFunc {
			return expr
		}
	case *stepExpr:
		e.b = b
		return expr
	}
	rng := expr.Range()
	call := &hclsyntax.FunctionCallExpr{
		Name: stepFunc, Args: []hclsyntax.Expression{expr},
		NameRange: rng, OpenParenRange: rng, CloseParenRange: rng,
	}
	if !fastPaths {
		return call
	}
	return &stepExpr{FunctionCallExpr: call, b: b}
}

// stepExpr is a call to stepFunc that charges its budget directly, rather
// than through hcl's function call and cty's (which look the function up,
// copy its parameters, convert the argument, walk it for marks, check its
// type and recover from panics, for a function that returns its argument):
// more than half of evaluating a plain attribute. It gives what the call
// gives: the wrapped expression's diagnostics and, when they hold an error,
// cty.DynamicVal without charging; otherwise the value, charged to b. It
// takes that path only when the function hcl would call for stepFunc in
// the evaluation's context is one that charges b (budget.stepFuncs), and
// is the call itself otherwise. Embedding the call keeps what walks the
// syntax tree (Variables, VisitAll, instrument) seeing the call and, inside
// it, the wrapped expression.
type stepExpr struct {
	*hclsyntax.FunctionCallExpr
	b *budget
}

func (s *stepExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if !fastPaths || len(s.Args) != 1 || s.ExpandFinal || !s.b.chargedBy(lookupFunc(ctx, s.Name)) {
		return s.FunctionCallExpr.Value(ctx)
	}
	v, diags := s.Args[0].Value(ctx)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	if s.b.chargeValue(v) == nil {
		return v, diags
	}
	// The budget is used up: the call itself fails as the first one did
	// (charge does not add to a budget used up) and makes the diagnostic,
	// given the value rather than the expression, which is not evaluated
	// twice.
	call := *s.FunctionCallExpr
	call.Args = []hclsyntax.Expression{&hclsyntax.LiteralValueExpr{Val: v, SrcRange: s.Args[0].Range()}}
	v, callDiags := call.Value(ctx)
	for _, d := range callDiags {
		if d.Expression == &call {
			d.Expression = s.FunctionCallExpr
		}
	}
	return v, append(diags, callDiags...)
}

// lookupFunc finds the function name in ctx or its parents, as hcl does
// for a call.
func lookupFunc(ctx *hcl.EvalContext, name string) (function.Function, bool) {
	for c := ctx; c != nil; c = c.Parent() {
		if f, ok := c.Functions[name]; ok {
			return f, true
		}
	}
	return function.Function{}, false
}
