package cfntemplate

import (
	"encoding/base64"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// noValue is what Ref AWS::NoValue evaluates to; maps and lists drop it.
type noValue struct{}

// Evaluator evaluates intrinsic functions for one stack operation. The
// caller sets its fields; it is not safe for concurrent use.
type Evaluator struct {
	Template *Template
	Params   map[string]any // string, or []any for list types
	Pseudo   map[string]string
	// PhysicalID returns the physical ID of a planned resource, false when
	// the template has no such (included) resource.
	PhysicalID func(id string) (string, bool)
	// Attribute computes Fn::GetAtt attr of a planned resource.
	Attribute func(id, attr string) (any, bool)
	// ImportValue resolves Fn::ImportValue; Imports lists the names used.
	ImportValue func(name string) (string, bool)

	conds   map[string]bool
	imports map[string]bool
}

func evalError(format string, args ...any) *simcore.APIError {
	return simcore.Errorf("ValidationError", "Template error: "+format, args...)
}

// Eval returns v with every intrinsic function evaluated.
func (c *Evaluator) Eval(v any) (any, error) {
	switch v := v.(type) {
	case []any:
		return c.evalList(v)
	case map[string]any:
		if len(v) == 1 {
			for k, arg := range v {
				if fn := c.function(k); fn != nil {
					return fn(arg)
				}
			}
		}
		return c.evalMap(v)
	}
	return v, nil
}

func (c *Evaluator) evalList(v []any) (any, error) {
	out := make([]any, 0, len(v))
	for _, x := range v {
		e, err := c.Eval(x)
		if err != nil {
			return nil, err
		}
		if _, skip := e.(noValue); !skip {
			out = append(out, e)
		}
	}
	return out, nil
}

func (c *Evaluator) evalMap(v map[string]any) (any, error) {
	out := make(map[string]any, len(v))
	for k, x := range v {
		e, err := c.Eval(x)
		if err != nil {
			return nil, err
		}
		if _, skip := e.(noValue); !skip {
			out[k] = e
		}
	}
	return out, nil
}

func (c *Evaluator) function(name string) func(any) (any, error) {
	switch name {
	case "Ref":
		return c.ref
	case "Fn::GetAtt":
		return c.getAtt
	case "Fn::Sub":
		return c.sub
	case "Fn::Join":
		return c.join
	case "Fn::Select":
		return c.selectFn
	case "Fn::Split":
		return c.split
	case "Fn::If":
		return c.fnIf
	case "Fn::GetAZs":
		return c.getAZs
	case "Fn::ImportValue":
		return c.importFn
	case "Fn::Base64":
		return c.base64
	case "Fn::FindInMap":
		return c.findInMap
	case "Fn::Cidr":
		return c.cidr
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
		return func(arg any) (any, error) { return c.condition(map[string]any{name: arg}) }
	}
	return nil
}

func (c *Evaluator) ref(arg any) (any, error) {
	name, _ := arg.(string)
	if name == "AWS::NoValue" {
		return noValue{}, nil
	}
	if v, ok := c.Pseudo[name]; ok {
		return v, nil
	}
	if v, ok := c.Params[name]; ok {
		return v, nil
	}
	if phys, ok := c.PhysicalID(name); ok {
		return phys, nil
	}
	return nil, formatError("Unresolved resource dependencies [%s] in the Resources block of the template", name)
}

func (c *Evaluator) getAtt(arg any) (any, error) {
	a, err := c.Eval(arg)
	if err != nil {
		return nil, err
	}
	res, attr, ok := getAttArgs(a)
	if !ok {
		return nil, evalError("every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute")
	}
	if _, ok := c.PhysicalID(res); !ok {
		return nil, formatError("Unresolved resource dependencies [%s] in the Resources block of the template", res)
	}
	if v, ok := c.Attribute(res, attr); ok {
		return v, nil
	}
	return nil, evalError("resource %s does not support attribute type %s in Fn::GetAtt", res, attr)
}

func (c *Evaluator) sub(arg any) (any, error) {
	s, vars := subArgs(arg)
	local := map[string]any{}
	for k, v := range vars {
		e, err := c.Eval(v)
		if err != nil {
			return nil, err
		}
		local[k] = e
	}
	var firstErr error
	out := subVar.ReplaceAllStringFunc(s, func(m string) string {
		name := strings.TrimSpace(m[2 : len(m)-1])
		if strings.HasPrefix(name, "!") {
			return "${" + name[1:] + "}"
		}
		v, err := c.subValue(name, local)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return String(v)
	})
	return out, firstErr
}

func (c *Evaluator) subValue(name string, local map[string]any) (any, error) {
	if v, ok := local[name]; ok {
		return v, nil
	}
	if r := subRef(name); r.Attr != "" {
		return c.getAtt([]any{r.Name, r.Attr})
	}
	return c.ref(name)
}

func (c *Evaluator) join(arg any) (any, error) {
	a, _ := arg.([]any)
	if len(a) != 2 {
		return nil, evalError("every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.")
	}
	delim, _ := a[0].(string)
	list, err := c.evalStrings(a[1])
	if err != nil {
		return nil, err
	}
	return strings.Join(list, delim), nil
}

func (c *Evaluator) evalStrings(v any) ([]string, error) {
	e, err := c.Eval(v)
	if err != nil {
		return nil, err
	}
	list, ok := e.([]any)
	if !ok {
		return nil, evalError("Fn::Join/Fn::Select requires a list, got %s", describe(e))
	}
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = String(x)
	}
	return out, nil
}

func (c *Evaluator) selectFn(arg any) (any, error) {
	a, _ := arg.([]any)
	if len(a) != 2 {
		return nil, evalError("Fn::Select requires a list argument with two elements: an integer index and a list")
	}
	idx, err := c.Eval(a[0])
	if err != nil {
		return nil, err
	}
	i, err := strconv.Atoi(String(idx))
	if err != nil {
		return nil, evalError("Fn::Select requires a list argument with two elements: an integer index and a list")
	}
	e, err := c.Eval(a[1])
	if err != nil {
		return nil, err
	}
	list, _ := e.([]any)
	if i < 0 || i >= len(list) {
		return nil, evalError("Fn::Select cannot select nonexistent value at index %d", i)
	}
	return list[i], nil
}

func (c *Evaluator) split(arg any) (any, error) {
	a, _ := arg.([]any)
	if len(a) != 2 {
		return nil, evalError("every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.")
	}
	s, err := c.Eval(a[1])
	if err != nil {
		return nil, err
	}
	var out []any
	for _, p := range strings.Split(String(s), String(a[0])) {
		out = append(out, p)
	}
	return out, nil
}

func (c *Evaluator) fnIf(arg any) (any, error) {
	a, _ := arg.([]any)
	if len(a) != 3 {
		return nil, evalError("Fn::If requires a list argument with three elements")
	}
	name, _ := a[0].(string)
	ok, err := c.Condition(name)
	if err != nil {
		return nil, err
	}
	if ok {
		return c.Eval(a[1])
	}
	return c.Eval(a[2])
}

func (c *Evaluator) getAZs(arg any) (any, error) {
	region, _ := arg.(string)
	if region == "" {
		region = c.Pseudo["AWS::Region"]
	}
	return []any{region + "a", region + "b", region + "c"}, nil
}

func (c *Evaluator) importFn(arg any) (any, error) {
	e, err := c.Eval(arg)
	if err != nil {
		return nil, err
	}
	name := String(e)
	v, ok := c.ImportValue(name)
	if !ok {
		return nil, simcore.Errorf("ValidationError", "No export named %s found.", name)
	}
	if c.imports == nil {
		c.imports = map[string]bool{}
	}
	c.imports[name] = true
	return v, nil
}

func (c *Evaluator) base64(arg any) (any, error) {
	e, err := c.Eval(arg)
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.EncodeToString([]byte(String(e))), nil
}

func (c *Evaluator) findInMap(arg any) (any, error) {
	a, _ := arg.([]any)
	if len(a) < 3 {
		return nil, evalError("Fn::FindInMap requires a list argument with three elements")
	}
	keys := make([]string, 3)
	for i := range keys {
		e, err := c.Eval(a[i])
		if err != nil {
			return nil, err
		}
		keys[i] = String(e)
	}
	v, ok := AsMap(AsMap(c.Template.Mappings[keys[0]])[keys[1]])[keys[2]]
	if !ok {
		return nil, evalError("Unable to get mapping for %s::%s::%s", keys[0], keys[1], keys[2])
	}
	return v, nil
}

// String renders a scalar as CloudFormation does when it needs a string.
func String(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = String(x)
		}
		return strings.Join(parts, ",")
	}
	return fmt.Sprint(v)
}

// condition evaluates a condition expression.
func (c *Evaluator) condition(v any) (bool, error) {
	m := AsMap(v)
	if name, ok := m["Condition"].(string); ok && len(m) == 1 {
		return c.Condition(name)
	}
	for fn, arg := range m {
		a, _ := arg.([]any)
		switch fn {
		case "Fn::Equals":
			return c.equals(a)
		case "Fn::And", "Fn::Or":
			return c.andOr(fn == "Fn::And", a)
		case "Fn::Not":
			if len(a) != 1 {
				return false, evalError("Fn::Not requires a list argument with one element")
			}
			b, err := c.condition(a[0])
			return !b, err
		}
	}
	return false, evalError("unsupported condition %s", describe(v))
}

func (c *Evaluator) equals(a []any) (bool, error) {
	if len(a) != 2 {
		return false, evalError("Fn::Equals requires a list argument with two elements")
	}
	x, err := c.Eval(a[0])
	if err != nil {
		return false, err
	}
	y, err := c.Eval(a[1])
	return String(x) == String(y), err
}

func (c *Evaluator) andOr(and bool, a []any) (bool, error) {
	for _, x := range a {
		b, err := c.condition(x)
		if err != nil || b != and {
			return !and, err
		}
	}
	return and, nil
}

// Condition evaluates the template's condition name, once.
func (c *Evaluator) Condition(name string) (bool, error) {
	if b, ok := c.conds[name]; ok {
		return b, nil
	}
	expr, ok := c.Template.Conditions[name]
	if !ok {
		return false, formatError("Unresolved dependencies [%s]. Cannot reference resources in the Conditions block of the template", name)
	}
	b, err := c.condition(expr)
	if c.conds == nil {
		c.conds = map[string]bool{}
	}
	c.conds[name] = b
	return b, err
}

// Imports returns the export names Fn::ImportValue read, sorted.
func (c *Evaluator) Imports() []string { return slices.Sorted(maps.Keys(c.imports)) }
