package lang

import (
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"flightplan/schema"
)

// evaluator evaluates expressions in one scope, collecting diagnostics into
// diags. The typed getters read an attribute of a node into a Go value; each
// returns the attribute when it was set to a usable (non-null) value and nil
// otherwise, so that callers can check the value against its source range.
type evaluator struct {
	ctx   *hcl.EvalContext
	diags *hcl.Diagnostics
	where string // names the scope in messages about unavailable names
	// seen remembers, of the expressions of a body evaluated once per
	// environment, those whose references were found in scope and those
	// already instrumented, so that neither is done again. Nil disables it.
	seen map[hcl.Expression]seenAs
	// memo keeps, beside seen, the values of the expressions that do not
	// depend on the environment (memoValue). Nil disables it.
	memo map[hcl.Expression][]memoRecord
	// shared keeps the values of expressions without diagnostics across
	// the workloads evaluated in turn, by source text (sharedValue), for
	// the environment env. Nil disables it.
	shared *sharedValues
	env    string
	files  map[string][]byte // the sources, for the text of expressions
	marked bool              // an evaluation met sensitive values (eval)
	// plain says that no variable of ctx holds a marked value. Marks come
	// only from sensitive variables (loadVariables marks them); hcl and the
	// functions carry them from their inputs to their results and add none,
	// so nothing evaluated here holds one, and eval does not look for them.
	plain   bool
	budget  *budget  // the Load's budget; nil means no limits (for tests)
	secrets *secrets // the Load's sensitive strings; nil means none
	// importsHere is set while an attribute that may hold import_value is
	// evaluated (importsOK); locals set it for good, as they are values
	// used elsewhere.
	importsHere bool
}

// fastPaths enables the shortcuts of evaluation, each of which gives what
// the general path would (convertCommon, …); tests turn it off to compare
// the two on whole files.
var fastPaths = true

// seenAs says what was done once to an expression (evaluator.seen).
type seenAs uint8

const (
	refsChecked seenAs = 1 << iota
	instrumented
	namesEnv  // a reference names env (set with refsChecked)
	pureCalls // only pure functions are called (set with instrumented)
)

func (l *loader) evaluator(vars map[string]cty.Value, where string) *evaluator {
	return &evaluator{
		ctx:     &hcl.EvalContext{Variables: vars, Functions: l.funcs},
		diags:   &l.diags,
		where:   where,
		budget:  l.budget,
		secrets: l.secrets,
	}
}

func (e *evaluator) errorf(rng hcl.Range, summary, detail string, args ...any) {
	*e.diags = append(*e.diags, diagf(hcl.DiagError, rng, summary, detail, args...))
}

// check adds an error at the attribute's value when err is non-nil.
func (e *evaluator) check(a *hcl.Attribute, summary string, err error) bool {
	if a == nil || err == nil {
		return err == nil
	}
	e.errorf(a.Expr.Range(), summary, "%s", sentence(err.Error()))
	return false
}

// value evaluates expr and converts it to ty; ok is false when that failed
// (and was reported) or the value is null. Once the budget is used up, no
// expression is evaluated any more; the expression that used it up is the
// one reported.
func (e *evaluator) value(expr hcl.Expression, ty cty.Type) (cty.Value, bool) {
	if fastPaths {
		if v, ok := literal(expr); ok {
			return e.literalValue(expr, v, ty)
		}
		if text, ok := e.sharedText(expr); ok {
			return e.sharedValue(text, expr, ty)
		}
	}
	return e.checkedValue(expr, ty)
}

// checkedValue is value once literals and shared values are ruled out.
func (e *evaluator) checkedValue(expr hcl.Expression, ty cty.Type) (cty.Value, bool) {
	if e.seen[expr]&refsChecked == 0 {
		ok, env := e.checkRefs(expr)
		if !ok {
			return cty.NilVal, false
		}
		if e.seen != nil {
			bits := refsChecked
			if env {
				bits |= namesEnv
			}
			e.seen[expr] |= bits
		}
	}
	if fastPaths && e.memo != nil && e.budget != nil && e.seen[expr]&namesEnv == 0 {
		return e.memoValue(expr, ty)
	}
	return e.evaluate(expr, ty)
}

// evaluate is value once the references of expr are checked.
func (e *evaluator) evaluate(expr hcl.Expression, ty cty.Type) (cty.Value, bool) {
	v, diags, ok := e.eval(expr)
	*e.diags = append(*e.diags, diags...)
	if !ok || diags.HasErrors() || v.IsNull() {
		return cty.NilVal, false
	}
	if !whollyKnown(v) {
		// Only a value that failed earlier (and was reported) is unknown.
		return cty.NilVal, false
	}
	return e.converted(expr, v, ty)
}

// whollyKnown is v.IsWhollyKnown, reading an object's attributes by name
// rather than through an iterator that makes a key value for each.
func whollyKnown(v cty.Value) bool {
	v, _ = v.Unmark()
	if !v.IsKnown() {
		return false
	}
	if ty := v.Type(); ty.IsObjectType() && !v.IsNull() {
		for name := range ty.AttributeTypes() {
			if !whollyKnown(v.GetAttr(name)) {
				return false
			}
		}
		return true
	}
	return v.IsWhollyKnown()
}

// converted is value's end: v, the value of expr, converted to ty, where
// it may be.
func (e *evaluator) converted(expr hcl.Expression, v cty.Value, ty cty.Type) (cty.Value, bool) {
	v, ok := e.convert(expr, v, ty)
	if !ok {
		return cty.NilVal, false
	}
	if !e.importsHere && hasImport(v) {
		e.errorf(expr.Range(), "import_value not allowed here",
			"A value imported from another stack is known only when CloudFormation deploys; import_value may be used in variables, secrets (and logging's secret_options) and network.security_groups only.")
		return cty.NilVal, false
	}
	return v, true
}

// literal returns the value of expr when it is written as a literal: a
// literal number, bool, string or null, or a quoted string without
// interpolations (a template of literal strings, whose value is their
// concatenation, made as the template makes it); ok is false for every
// other expression. A literal refers to no name and calls no function,
// instrument leaves it as it is, and it holds no marks, so evaluating it
// gives its value, no diagnostics and no charge (literalValue).
func literal(expr hcl.Expression) (cty.Value, bool) {
	switch x := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		v := x.Val
		if v.IsMarked() || !v.IsKnown() || !v.Type().IsPrimitiveType() && !v.IsNull() {
			return cty.NilVal, false
		}
		return v, true
	case *hclsyntax.TemplateExpr:
		var s strings.Builder
		for _, p := range x.Parts {
			lit, ok := p.(*hclsyntax.LiteralValueExpr)
			if !ok || lit.Val.Type() != cty.String || lit.Val.IsMarked() || !lit.Val.IsKnown() || lit.Val.IsNull() {
				return cty.NilVal, false
			}
			s.WriteString(lit.Val.AsString())
		}
		return cty.StringVal(s.String()), true
	}
	return cty.NilVal, false
}

// literalValue is value for a literal expr of value v: what evaluating it
// would give, without the evaluation.
func (e *evaluator) literalValue(expr hcl.Expression, v cty.Value, ty cty.Type) (cty.Value, bool) {
	if e.budget != nil {
		if e.budget.exhausted() {
			return cty.NilVal, false
		}
		if err := checkValue(v, "This value"); err != nil {
			*e.diags = append(*e.diags, limitDiag(expr.Range(), err.(*limitError)))
			return cty.NilVal, false
		}
	}
	if v.IsNull() {
		return cty.NilVal, false
	}
	return e.converted(expr, v, ty)
}

// memoRecord is what value gave for an expression of a body evaluated per
// environment whose value is the same in every environment (memoValue):
// the value, the diagnostics it added and the steps it charged.
type memoRecord struct {
	ty          cty.Type
	importsHere bool
	v           cty.Value
	ok          bool
	diags       hcl.Diagnostics
	steps       int
	marked      bool // the evaluation met sensitive values
}

// memoValue is value for an expression that does not name env: the first
// evaluation is recorded when it called only pure functions (not file or
// templatefile, which read files; instrument finds them), and the later
// ones, in the other environments of the body, give what it gave. An
// evaluation is a function of the expression, the variables (the same but
// for env, which it does not name), the functions (pure) and, through the
// budget, of the steps left: one that did not use the budget up charged
// every value its whole size, so it charges the same again wherever that
// many steps are left. So a record is made only when the budget was not
// used up, and replayed only when the steps it charged are left; the
// other evaluations are made in full. The sensitive strings it met are
// known already, and its diagnostics are the same in each environment, as
// they would be evaluated again.
func (e *evaluator) memoValue(expr hcl.Expression, ty cty.Type) (cty.Value, bool) {
	for i := range e.memo[expr] {
		if r := &e.memo[expr][i]; r.fits(e, ty) {
			if v, ok, replayed := e.replay(r); replayed {
				return v, ok
			}
			return e.evaluate(expr, ty)
		}
	}
	v, ok, r, kept := e.recorded(expr, ty, false)
	if kept && e.seen[expr]&pureCalls != 0 {
		e.memo[expr] = append(e.memo[expr], r)
	}
	return v, ok
}

// fits reports whether r is of an evaluation as e is about to make: to
// the type ty, with import_value allowed or not alike.
func (r *memoRecord) fits(e *evaluator, ty cty.Type) bool {
	return r.importsHere == e.importsHere && r.ty.Equals(ty)
}

// replay gives what r records, charging its steps and adding its
// diagnostics, when the budget has the steps left; replayed is false when
// it has not, and the expression must be evaluated in full.
func (e *evaluator) replay(r *memoRecord) (v cty.Value, ok, replayed bool) {
	b := e.budget
	if b.exhausted() || b.reported || b.steps+r.steps > stepLimit {
		return cty.NilVal, false, false
	}
	b.steps += r.steps
	*e.diags = append(*e.diags, r.diags...)
	e.marked = e.marked || r.marked
	return r.v, r.ok, true
}

// recorded evaluates expr to the type ty (through checkedValue when
// checked, else evaluate) and returns the record of the evaluation, kept
// false when the budget was used up, before it or on the way (an
// evaluation then depends on where it stood).
func (e *evaluator) recorded(expr hcl.Expression, ty cty.Type, checked bool) (v cty.Value, ok bool, r memoRecord, kept bool) {
	eval := e.evaluate
	if checked {
		eval = e.checkedValue
	}
	b := e.budget
	if b.exhausted() || b.reported {
		v, ok = eval(expr, ty)
		return v, ok, r, false
	}
	start, from, marked := b.steps, len(*e.diags), e.marked
	e.marked = false
	v, ok = eval(expr, ty)
	r = memoRecord{ty: ty, importsHere: e.importsHere, v: v, ok: ok, steps: b.steps - start, marked: e.marked}
	if len(*e.diags) > from {
		r.diags = slices.Clone((*e.diags)[from:])
	}
	e.marked = e.marked || marked
	return v, ok, r, !b.exhausted() && !b.reported
}

// sharedValues are the values of the expressions of workloads' bodies
// that gave no diagnostics, by their source text and then by environment:
// an expression is a function of its text, so two expressions of one text
// in two workloads, evaluated in one environment (the same variables, and
// functions that differ only in the budget they charge), give the same
// value and charge the same steps. The text of a workload's expression is
// often another's: files repeat the same settings in many services.
//
// Only a value whose evaluation gave no diagnostics is kept, as those say
// where they are; and only one that met no sensitive value, whose strings
// a later evaluation would record again. Of the functions, only pure ones
// may be called (instrument finds them). As in memoValue, a value
// is kept only when the budget was not used up, and given again only where
// the steps it charged are left. The references of a text that evaluated
// without diagnostics are in scope wherever that text is, in that
// environment, and are not checked again.
//
// One sharedValues serves the workloads evaluated on one goroutine.
type sharedValues struct {
	byText map[string]*sharedText
	envs   int // the file's environments, the records a text may have of one type
}

// sharedText is what is known of the expressions of one text.
type sharedText struct {
	records []sharedRecord
}

type sharedRecord struct {
	env string
	memoRecord
}

func newSharedValues(envs int) *sharedValues {
	return &sharedValues{byText: map[string]*sharedText{}, envs: envs}
}

// sharedText returns the source text of expr when its value may be shared
// (sharedValues): expr is of the native syntax (not a stepFunc call that
// instrument added), and e shares values.
func (e *evaluator) sharedText(expr hcl.Expression) ([]byte, bool) {
	if e.shared == nil || e.budget == nil {
		return nil, false
	}
	switch x := expr.(type) {
	case *stepExpr:
		return nil, false
	case *hclsyntax.FunctionCallExpr:
		if x.Name == stepFunc {
			return nil, false
		}
	}
	if _, native := expr.(hclsyntax.Expression); !native {
		return nil, false
	}
	rng := expr.Range()
	src := e.files[rng.Filename]
	if rng.Start.Byte < 0 || rng.Start.Byte >= rng.End.Byte || rng.End.Byte > len(src) {
		return nil, false
	}
	return src[rng.Start.Byte:rng.End.Byte], true
}

// sharedValue is value for an expression of text text, given from another
// workload's expression of that text when there is one (sharedValues).
func (e *evaluator) sharedValue(text []byte, expr hcl.Expression, ty cty.Type) (cty.Value, bool) {
	st := e.shared.byText[string(text)]
	if st != nil {
		for i := range st.records {
			if r := &st.records[i]; r.env == e.env && r.fits(e, ty) {
				if v, ok, replayed := e.replay(&r.memoRecord); replayed {
					return v, ok
				}
				return e.checkedValue(expr, ty)
			}
		}
	}
	v, ok, r, kept := e.recorded(expr, ty, true)
	if kept && e.seen[expr]&pureCalls != 0 && len(r.diags) == 0 && !r.marked {
		if st == nil {
			st = &sharedText{records: make([]sharedRecord, 0, e.shared.envs)}
			e.shared.byText[string(text)] = st
		}
		st.records = append(st.records, sharedRecord{env: e.env, memoRecord: r})
	}
	return v, ok
}

// pureNames are the functions whose result depends on their arguments
// only.
var pureNames = func() map[string]bool {
	names := map[string]bool{"import_value": true, stepFunc: true}
	for name := range pureFunctions() {
		names[name] = true
	}
	return names
}()

// importsOK reports whether the attribute's value may hold import_value.
func importsOK(name string) bool {
	return name == "variables" || name == "secrets" || name == "secret_options" || name == "security_groups"
}

// hasImport reports whether a string of v holds import_value's marker.
// Numbers and bools cannot hold it, so they are not turned into strings
// (for a number that costs more than the whole attribute's evaluation).
func hasImport(v cty.Value) bool {
	if v.IsNull() || !v.IsKnown() {
		return false
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return schema.HasImport(v.AsString())
	case ty.IsObjectType():
		// By name: an iterator would make a key value for each attribute.
		for name := range ty.AttributeTypes() {
			if hasImport(v.GetAttr(name)) {
				return true
			}
		}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType():
		for it := v.ElementIterator(); it.Next(); {
			if _, el := it.Element(); hasImport(el) {
				return true
			}
		}
	}
	return false
}

func typeName(ty cty.Type) string {
	switch {
	case ty == cty.String:
		return "a string"
	case ty == cty.Number:
		return "a number"
	case ty == cty.Bool:
		return "true or false"
	case ty.IsListType():
		return "a list of " + ty.ElementType().FriendlyName() + "s"
	case ty.IsMapType():
		return "a map of " + ty.ElementType().FriendlyName() + "s"
	}
	return ty.FriendlyName()
}

// attr evaluates the named attribute of n.
func (e *evaluator) attr(n *node, name string, ty cty.Type) (cty.Value, *hcl.Attribute) {
	a := n.attr(name)
	if a == nil {
		return cty.NilVal, nil
	}
	saved := e.importsHere
	e.importsHere = saved || importsOK(name)
	v, ok := e.value(a.Expr, ty)
	e.importsHere = saved
	if !ok {
		if n.required(name) && e.isNull(a.Expr) {
			e.errorf(a.Expr.Range(), "Missing value for "+name, "%s is required and cannot be null.", name)
		}
		return cty.NilVal, nil
	}
	return v, a
}

// eval evaluates expr within the limits of the Load: ok is false when a
// limit was crossed (and the diagnostics say which). The value comes back
// without marks; the strings of its sensitive parts are recorded, and the
// diagnostics of an expression that uses a sensitive value quote nothing.
func (e *evaluator) eval(expr hcl.Expression) (cty.Value, hcl.Diagnostics, bool) {
	if e.budget != nil && e.budget.exhausted() {
		return cty.NilVal, nil, false
	}
	v, diags, ok := e.evalLimited(expr)
	if diags.HasErrors() && touchesSensitive(expr, e.ctx) {
		source := ""
		if e.secrets != nil {
			source = sourceOf(e.secrets.files, expr.Range())
		}
		diags = maskAllQuoted(diags, source)
	}
	if e.plain && fastPaths {
		return v, diags, ok
	}
	if e.secrets != nil && v != cty.NilVal {
		var marked bool
		v, marked = e.secrets.unmarkSensitive(v)
		e.marked = e.marked || marked
	} else if v != cty.NilVal {
		var marks cty.ValueMarks
		v, marks = v.UnmarkDeep()
		e.marked = e.marked || len(marks) > 0
	}
	return v, diags, ok
}

func (e *evaluator) evalLimited(expr hcl.Expression) (cty.Value, hcl.Diagnostics, bool) {
	if e.budget == nil {
		v, diags := expr.Value(e.ctx)
		return v, diags, true
	}
	if e.seen[expr]&instrumented == 0 {
		pure := instrument(expr, e.budget)
		if e.seen != nil {
			bits := instrumented
			if pure {
				bits |= pureCalls
			}
			e.seen[expr] |= bits
		}
	}
	v, diags := expr.Value(e.ctx)
	diags = limitDiags(diags, e.budget)
	if e.budget.exhausted() && !e.budget.reported {
		// Used up inside try or can, which hid the error.
		e.budget.reported = true
		return cty.NilVal, append(diags, limitDiag(expr.Range(), errTooMuchWork)), false
	}
	if diags.HasErrors() {
		return v, diags, true
	}
	if err := checkValue(v, "This value"); err != nil {
		return cty.NilVal, append(diags, limitDiag(expr.Range(), err.(*limitError))), false
	}
	return v, diags, true
}

// sensitive reports whether s is a sensitive string or part of one, so
// that a message leaves out what would hint at it (a suggestion).
func (e *evaluator) sensitive(s string) bool {
	return e.secrets != nil && e.secrets.has(s)
}

func limitDiag(rng hcl.Range, le *limitError) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: le.summary, Detail: le.detail, Subject: rng.Ptr()}
}

// isNull reports whether expr evaluates, without errors, to null.
func (e *evaluator) isNull(expr hcl.Expression) bool {
	v, diags, ok := e.eval(expr)
	return ok && !diags.HasErrors() && v.IsNull()
}

// str reads a string; like strs and strMap, it refuses control characters
// other than tabs and line breaks (AWS refuses them, and a NUL can cut a
// value short), pointing at the value.
func (e *evaluator) str(n *node, name string, dst *string) *hcl.Attribute {
	v, a := e.attr(n, name, cty.String)
	if a == nil {
		return nil
	}
	if !e.text(a.Expr.Range(), v.AsString(), false) {
		return nil
	}
	*dst = v.AsString()
	return a
}

// tags reads a map of AWS tags and checks each one (schema.CheckTag).
func (e *evaluator) tags(n *node, name string, dst *map[string]string) {
	if e.strMap(n, name, dst) == nil {
		return
	}
	for _, k := range sortedNames(*dst) {
		if err := schema.CheckTag(k, (*dst)[k]); err != nil {
			e.errorf(keyRange(n, name, k), "Invalid tag", "%s.", capitalize(err.Error()))
		}
	}
}

// text checks s with schema.CheckText, reporting a problem at rng.
func (e *evaluator) text(rng hcl.Range, s string, name bool) bool {
	if err := schema.CheckText(s, name); err != nil {
		e.textError(rng, err)
		return false
	}
	return true
}

func (e *evaluator) textError(rng hcl.Range, err error) {
	e.errorf(rng, "Control character in a string", "%s.", capitalize(err.Error()))
}

func (e *evaluator) flag(n *node, name string, dst *bool) *hcl.Attribute {
	v, a := e.attr(n, name, cty.Bool)
	if a != nil {
		*dst = v.True()
	}
	return a
}

func (e *evaluator) integer(n *node, name string, dst *int) *hcl.Attribute {
	v, a := e.attr(n, name, cty.Number)
	if a == nil || !e.whole(a, v, dst) {
		return nil
	}
	return a
}

// whole stores number v of attribute a in dst when it is a whole number
// (and reports it when not).
func (e *evaluator) whole(a *hcl.Attribute, v cty.Value, dst *int) bool {
	i, acc := v.AsBigFloat().Int64()
	if acc != big.Exact || i != int64(int(i)) || i > 1<<40 || i < -(1<<40) {
		e.errorf(a.Expr.Range(), "Whole number required", "This must be a whole number; it is %s.", v.AsBigFloat().Text('g', 10))
		return false
	}
	*dst = int(i)
	return true
}

// convert converts v, the value of expr, to ty, and reports it when it
// cannot.
func (e *evaluator) convert(expr hcl.Expression, v cty.Value, ty cty.Type) (cty.Value, bool) {
	if c, ok := convertCommon(v, ty); ok && fastPaths {
		return c, true
	}
	v, err := convert.Convert(v, ty)
	if err != nil {
		e.errorf(expr.Range(), "Incorrect value type", "This must be %s: %s.", typeName(ty), err)
		return cty.NilVal, false
	}
	return v, true
}

// convertCommon converts v to ty as convert.Convert does, for the two
// conversions most attributes need, without building a conversion for the
// pair of types first (which costs more than converting): any value to
// cty.DynamicPseudoType, which passes it through as it is, and an object
// whose attributes are all strings to a map of strings, whose elements are
// the attributes as they are. ok is false for every other case: then
// convert.Convert decides.
func convertCommon(v cty.Value, ty cty.Type) (cty.Value, bool) {
	if ty == cty.DynamicPseudoType {
		return v, true
	}
	vty := v.Type()
	if !ty.Equals(stringMap) || !vty.IsObjectType() || v.IsMarked() || !v.IsKnown() || v.IsNull() {
		return cty.NilVal, false
	}
	atys := vty.AttributeTypes()
	for _, aty := range atys {
		if aty != cty.String {
			return cty.NilVal, false
		}
	}
	if len(atys) == 0 {
		return cty.MapValEmpty(cty.String), true
	}
	// The attributes as AsValueMap gives them, without its iterator's
	// sorting and key values.
	m := make(map[string]cty.Value, len(atys))
	for name := range atys {
		m[name] = v.GetAttr(name)
	}
	return cty.MapVal(m), true
}

// The types of string maps and lists, made once.
var (
	stringMap  = cty.Map(cty.String)
	stringList = cty.List(cty.String)
)

func (e *evaluator) float(n *node, name string, dst *float64) *hcl.Attribute {
	v, a := e.attr(n, name, cty.Number)
	if a != nil {
		*dst, _ = v.AsBigFloat().Float64()
	}
	return a
}

func (e *evaluator) strs(n *node, name string, dst *[]string) *hcl.Attribute {
	v, a := e.attr(n, name, stringList)
	if a == nil {
		return nil
	}
	out := make([]string, 0, v.LengthInt())
	for i, el := range v.AsValueSlice() {
		if el.IsNull() {
			e.errorf(a.Expr.Range(), "Null list element", "The list must not contain null.")
			return nil
		}
		if !e.text(elemRange(n, name, i), el.AsString(), false) {
			return nil
		}
		out = append(out, el.AsString())
	}
	*dst = out
	return a
}

func (e *evaluator) strMap(n *node, name string, dst *map[string]string) *hcl.Attribute {
	v, a := e.attr(n, name, stringMap)
	if a == nil {
		return nil
	}
	// The iterator gives the keys in order, as sortedNames would.
	out := make(map[string]string, v.LengthInt())
	ok := true
	for it := v.ElementIterator(); it.Next(); {
		key, el := it.Element()
		k := key.AsString()
		if el.IsNull() {
			e.errorf(a.Expr.Range(), "Null map value", "The value of %q must not be null.", k)
			return nil
		}
		// The ranges are found only for a message: finding one evaluates
		// the object's keys.
		if err := schema.CheckText(k, true); err != nil {
			e.textError(keyRange(n, name, k), err)
			ok = false
		} else if err := schema.CheckText(el.AsString(), false); err != nil {
			e.textError(valueRange(n, name, k), err)
			ok = false
		}
		out[k] = el.AsString()
	}
	if !ok {
		return nil
	}
	*dst = out
	return a
}

func (e *evaluator) duration(n *node, name string, dst *time.Duration) *hcl.Attribute {
	var s string
	a := e.str(n, name, &s)
	if a == nil {
		return nil
	}
	d, err := schema.ParseDuration(s)
	if !e.check(a, "Invalid duration", err) {
		return nil
	}
	*dst = d
	return a
}

// durationIn reads a duration and checks it lies in [lo, hi].
func (e *evaluator) durationIn(n *node, name, what string, dst *time.Duration, lo, hi time.Duration) *hcl.Attribute {
	a := e.duration(n, name, dst)
	if a != nil && !e.check(a, "Invalid "+what, schema.CheckDuration(what, *dst, lo, hi)) {
		return nil
	}
	return a
}

// intIn reads a whole number and checks it lies in [lo, hi].
func (e *evaluator) intIn(n *node, name, what string, dst *int, lo, hi int) *hcl.Attribute {
	a := e.integer(n, name, dst)
	if a != nil && !e.check(a, "Invalid "+what, schema.CheckRange(what, *dst, lo, hi)) {
		return nil
	}
	return a
}

// oneOf reads a string that must be one of the allowed values.
func (e *evaluator) oneOf(n *node, name string, dst *string, allowed ...string) *hcl.Attribute {
	var s string
	a := e.str(n, name, &s)
	if a == nil {
		return nil
	}
	for _, ok := range allowed {
		if s == ok {
			*dst = s
			return a
		}
	}
	hint := suggest(s, allowed)
	if e.sensitive(s) {
		hint = ""
	}
	e.errorf(a.Expr.Range(), "Invalid value for "+name, "%q is not one of %s.%s", s, known(allowed), hint)
	return nil
}

// sentence capitalises a message and ends it with a full stop.
func sentence(s string) string {
	s = capitalize(s)
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") {
		s += "."
	}
	return s
}
