package lang

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// variable is a declared variable and, once resolved, its value.
type variable struct {
	node      *node
	name      string
	ty        cty.Type
	defaults  *typeexpr.Defaults
	sensitive bool
	value     cty.Value
	source    string     // where the value came from, for messages
	rng       *hcl.Range // the value's source range, when it came from a file
}

// envVarPrefix prefixes the environment variables that set variables.
const envVarPrefix = "FLIGHTPLAN_VAR_"

// loadVariables declares the variables, resolves their values in order of
// precedence (--var, then --var-file in order, then FLIGHTPLAN_VAR_x, then
// the default), checks their validation blocks and puts var in scope.
func (l *loader) loadVariables() {
	vars := map[string]*variable{}
	var order []*variable
	for _, n := range l.unique("variable") {
		v := l.declareVariable(n)
		vars[v.name] = v
		order = append(order, v)
	}
	l.setFromEnviron(vars)
	for _, f := range l.opts.VarFiles {
		l.setFromFile(vars, f)
	}
	l.setFromFlags(vars)
	values := map[string]cty.Value{}
	for _, v := range order {
		values[v.name] = cty.DynamicVal // unknown: uses of a failed variable stay quiet
		if l.finishVariable(v) {
			values[v.name] = v.value
			if v.sensitive {
				values[v.name] = v.value.Mark(sensitiveMark{})
			}
		}
	}
	l.scope["var"] = cty.ObjectVal(values)
	for _, v := range order {
		l.validateVariable(v, values)
	}
}

func (l *loader) declareVariable(n *node) *variable {
	v := &variable{node: n, name: n.Labels[0], ty: cty.DynamicPseudoType, value: cty.NilVal}
	e := l.evaluator(nil, "A variable block")
	if a := n.attr("type"); a != nil {
		ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(a.Expr)
		l.diags = append(l.diags, diags...)
		if !diags.HasErrors() {
			v.ty, v.defaults = ty, defaults
		}
	}
	var desc string
	e.str(n, "description", &desc)
	e.flag(n, "sensitive", &v.sensitive)
	if a := n.attr("default"); a != nil {
		if val, ok := e.value(a.Expr, cty.DynamicPseudoType); ok {
			v.set(val, "its default", a.Expr.Range().Ptr())
		}
	}
	return v
}

func (v *variable) set(val cty.Value, source string, rng *hcl.Range) {
	v.value, v.source, v.rng = val, source, rng
}

// setFromEnviron applies FLIGHTPLAN_VAR_name=value entries for declared
// variables; other entries are ignored, since the environment is shared.
func (l *loader) setFromEnviron(vars map[string]*variable) {
	for _, kv := range l.opts.Environ {
		name, raw, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, envVarPrefix) {
			continue
		}
		suffix := strings.TrimPrefix(name, envVarPrefix)
		if v := vars[suffix]; v != nil {
			l.setRaw(v, raw, name)
		} else if other := sameButCase(suffix, vars); other != "" {
			l.warnf(hcl.Range{}, "Variable name in the environment differs in case",
				"%s sets nothing: variable names are case-sensitive, and the file declares %q. Set %s%s instead.",
				name, other, envVarPrefix, other)
		}
	}
}

// sameButCase returns the declared variable whose name equals name but for
// case, or "".
func sameButCase(name string, vars map[string]*variable) string {
	for declared := range vars {
		if strings.EqualFold(declared, name) {
			return declared
		}
	}
	return ""
}

// setFromFlags applies --var k=v in order; a later flag wins.
func (l *loader) setFromFlags(vars map[string]*variable) {
	for _, kv := range l.opts.Vars {
		name, raw, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			l.errorf(hcl.Range{}, "Invalid --var", "--var %q must have the form NAME=VALUE.", kv)
			continue
		}
		v := vars[name]
		if v == nil {
			l.errorf(hcl.Range{}, "Unknown variable in --var", "--var sets %q, but the file declares no variable %q; the variables are %s.%s",
				name, name, known(sortedNames(vars)), suggest(name, sortedNames(vars)))
			continue
		}
		l.setRaw(v, raw, "--var "+name)
	}
}

// setRaw sets a variable from command-line or environment text. Strings,
// numbers and booleans take the text as it is; other types parse it as an
// HCL expression, such as ["a", "b"] or { k = "v" }.
func (l *loader) setRaw(v *variable, raw, source string) {
	if v.ty.IsPrimitiveType() || v.ty == cty.DynamicPseudoType {
		v.set(cty.StringVal(raw), source, nil)
		return
	}
	diags := checkNesting([]byte(raw), source)
	var expr hclsyntax.Expression
	if !diags.HasErrors() {
		expr, diags = hclsyntax.ParseExpression([]byte(raw), source, hcl.InitialPos)
	}
	if diags.HasErrors() {
		l.errorf(v.node.labelRange(), "Invalid value for variable",
			"The value of %s for var.%s is not a valid expression: %s", source, v.name, diags.Error())
		return
	}
	e := l.evaluator(nil, "A variable value")
	if val, ok := e.value(expr, cty.DynamicPseudoType); ok {
		v.set(val, source, nil)
	}
}

// setFromFile applies the assignments of a variables file, in HCL native
// or JSON syntax.
func (l *loader) setFromFile(vars map[string]*variable, path string) {
	body := l.parse(path)
	if body == nil {
		return
	}
	attrs, diags := body.JustAttributes()
	l.diags = append(l.diags, diags...)
	e := l.evaluator(nil, "A variables file")
	for _, name := range sortedNames(attrs) {
		a := attrs[name]
		v := vars[name]
		if v == nil {
			l.errorf(a.NameRange, "Unknown variable", "The file declares no variable %q; the variables are %s.%s",
				name, known(sortedNames(vars)), suggest(name, sortedNames(vars)))
			continue
		}
		if val, ok := e.value(a.Expr, cty.DynamicPseudoType); ok {
			v.set(val, path, a.Expr.Range().Ptr())
		}
	}
}

// finishVariable converts the value to the declared type; it reports a
// variable without a value, saying how to set it.
func (l *loader) finishVariable(v *variable) bool {
	if v.value == cty.NilVal {
		l.errorf(v.node.labelRange(), "No value for required variable",
			"Variable %q has no default and was not set. Set it with --var %s=VALUE, in a --var-file, with the environment variable %s%s=VALUE, or give it a default.",
			v.name, v.name, envVarPrefix, v.name)
		return false
	}
	val := v.value
	if v.sensitive {
		l.secrets.add(stringLeaves(val)...) // as given, in case it does not convert
	}
	if v.defaults != nil {
		val = v.defaults.Apply(val)
	}
	val, err := convert.Convert(val, v.ty)
	if err != nil {
		l.errorf(v.valueRange(), "Invalid value for variable", "The value from %s for var.%s must be %s: %s.",
			v.source, v.name, typeexpr.TypeString(v.ty), err)
		return false
	}
	v.value = val
	if v.sensitive {
		l.cfg.Sensitive = append(l.cfg.Sensitive, stringLeaves(val)...)
	}
	return true
}

// valueRange is where the value was written, for messages about it; for a
// sensitive variable it is the declaration, so that the message's snippet
// does not show the value.
func (v *variable) valueRange() hcl.Range {
	if v.rng != nil && !v.sensitive {
		return *v.rng
	}
	return v.node.labelRange()
}

// validateVariable checks the variable's validation blocks; each condition
// sees only var.<this variable>.
func (l *loader) validateVariable(v *variable, values map[string]cty.Value) {
	val := values[v.name]
	if !val.IsWhollyKnown() {
		return
	}
	e := l.evaluator(map[string]cty.Value{"var": cty.ObjectVal(map[string]cty.Value{v.name: val})}, "A validation condition")
	for _, vn := range v.node.Blocks["validation"] {
		var msg string
		e.str(vn, "error_message", &msg)
		cond, a := e.attr(vn, "condition", cty.Bool)
		if a == nil || cond.True() {
			continue
		}
		l.errorf(v.valueRange(), "Invalid value for variable", "%s\n\nThe value of var.%s from %s fails the condition at %s.",
			msg, v.name, v.source, a.Expr.Range())
	}
}

// stringLeaves returns every string inside a value (a number or bool is
// rendered as text), for masking sensitive values.
func stringLeaves(v cty.Value) []string {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return []string{v.AsString()}
	case ty.IsPrimitiveType():
		s, err := convert.Convert(v, cty.String)
		if err != nil {
			return nil
		}
		return []string{s.AsString()}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType() || ty.IsObjectType():
		var out []string
		for it := v.ElementIterator(); it.Next(); {
			_, el := it.Element()
			out = append(out, stringLeaves(el)...)
		}
		return out
	}
	return nil
}

// unique returns the top-level blocks of a type, skipping any whose name
// repeats an earlier one (reported by checkDuplicateNames).
func (l *loader) unique(typ string) []*node {
	seen := map[string]bool{}
	var out []*node
	for _, n := range l.top[typ] {
		if len(n.Labels) == 0 || seen[n.Labels[0]] {
			continue
		}
		seen[n.Labels[0]] = true
		out = append(out, n)
	}
	return out
}
