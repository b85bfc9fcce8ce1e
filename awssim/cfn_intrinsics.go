package awssim

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// cfnNoValue is what Ref AWS::NoValue evaluates to; maps and lists drop it.
type cfnNoValue struct{}

// evalCtx evaluates intrinsic functions for one stack operation.
type evalCtx struct {
	t      *cfnTemplate
	params map[string]any // string, or []any for list types
	pseudo map[string]string
	conds  map[string]bool
	// res returns the planned record of a resource, nil when the template
	// has no such (included) resource.
	res func(id string) *cfnResource
	// importValue resolves Fn::ImportValue; the names are recorded in imports.
	importValue func(name string) (string, bool)
	imports     map[string]bool
	// attr computes Fn::GetAtt of a planned resource.
	attr func(r *cfnResource, attr string) (any, bool)
}

func evalError(format string, args ...any) *APIError {
	return Errorf("ValidationError", "Template error: "+format, args...)
}

// eval returns v with every intrinsic function evaluated.
func (c *evalCtx) eval(v any) (any, error) {
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

func (c *evalCtx) evalList(v []any) (any, error) {
	out := make([]any, 0, len(v))
	for _, x := range v {
		e, err := c.eval(x)
		if err != nil {
			return nil, err
		}
		if _, skip := e.(cfnNoValue); !skip {
			out = append(out, e)
		}
	}
	return out, nil
}

func (c *evalCtx) evalMap(v map[string]any) (any, error) {
	out := make(map[string]any, len(v))
	for k, x := range v {
		e, err := c.eval(x)
		if err != nil {
			return nil, err
		}
		if _, skip := e.(cfnNoValue); !skip {
			out[k] = e
		}
	}
	return out, nil
}

func (c *evalCtx) function(name string) func(any) (any, error) {
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

func (c *evalCtx) ref(arg any) (any, error) {
	name, _ := arg.(string)
	if name == "AWS::NoValue" {
		return cfnNoValue{}, nil
	}
	if v, ok := c.pseudo[name]; ok {
		return v, nil
	}
	if v, ok := c.params[name]; ok {
		return v, nil
	}
	if r := c.res(name); r != nil {
		return r.PhysicalID, nil
	}
	return nil, formatError("Unresolved resource dependencies [%s] in the Resources block of the template", name)
}

func (c *evalCtx) getAtt(arg any) (any, error) {
	a, err := c.eval(arg)
	if err != nil {
		return nil, err
	}
	res, attr, ok := getAttArgs(a)
	if !ok {
		return nil, evalError("every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute")
	}
	r := c.res(res)
	if r == nil {
		return nil, formatError("Unresolved resource dependencies [%s] in the Resources block of the template", res)
	}
	if v, ok := c.attr(r, attr); ok {
		return v, nil
	}
	return nil, evalError("resource %s does not support attribute type %s in Fn::GetAtt", res, attr)
}

func (c *evalCtx) sub(arg any) (any, error) {
	s, vars := subArgs(arg)
	local := map[string]any{}
	for k, v := range vars {
		e, err := c.eval(v)
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
		return strOf(v)
	})
	return out, firstErr
}

func (c *evalCtx) subValue(name string, local map[string]any) (any, error) {
	if v, ok := local[name]; ok {
		return v, nil
	}
	if r := subRef(name); r.Attr != "" {
		return c.getAtt([]any{r.Name, r.Attr})
	}
	return c.ref(name)
}

func (c *evalCtx) join(arg any) (any, error) {
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

func (c *evalCtx) evalStrings(v any) ([]string, error) {
	e, err := c.eval(v)
	if err != nil {
		return nil, err
	}
	list, ok := e.([]any)
	if !ok {
		return nil, evalError("Fn::Join/Fn::Select requires a list, got %s", describe(e))
	}
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = strOf(x)
	}
	return out, nil
}

func (c *evalCtx) selectFn(arg any) (any, error) {
	a, _ := arg.([]any)
	if len(a) != 2 {
		return nil, evalError("Fn::Select requires a list argument with two elements: an integer index and a list")
	}
	idx, err := c.eval(a[0])
	if err != nil {
		return nil, err
	}
	i, err := strconv.Atoi(strOf(idx))
	if err != nil {
		return nil, evalError("Fn::Select requires a list argument with two elements: an integer index and a list")
	}
	e, err := c.eval(a[1])
	if err != nil {
		return nil, err
	}
	list, _ := e.([]any)
	if i < 0 || i >= len(list) {
		return nil, evalError("Fn::Select cannot select nonexistent value at index %d", i)
	}
	return list[i], nil
}

func (c *evalCtx) split(arg any) (any, error) {
	a, _ := arg.([]any)
	if len(a) != 2 {
		return nil, evalError("every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.")
	}
	s, err := c.eval(a[1])
	if err != nil {
		return nil, err
	}
	var out []any
	for _, p := range strings.Split(strOf(s), strOf(a[0])) {
		out = append(out, p)
	}
	return out, nil
}

func (c *evalCtx) fnIf(arg any) (any, error) {
	a, _ := arg.([]any)
	if len(a) != 3 {
		return nil, evalError("Fn::If requires a list argument with three elements")
	}
	name, _ := a[0].(string)
	ok, err := c.namedCondition(name)
	if err != nil {
		return nil, err
	}
	if ok {
		return c.eval(a[1])
	}
	return c.eval(a[2])
}

func (c *evalCtx) getAZs(arg any) (any, error) {
	region, _ := arg.(string)
	if region == "" {
		region = c.pseudo["AWS::Region"]
	}
	return []any{region + "a", region + "b", region + "c"}, nil
}

func (c *evalCtx) importFn(arg any) (any, error) {
	e, err := c.eval(arg)
	if err != nil {
		return nil, err
	}
	name := strOf(e)
	v, ok := c.importValue(name)
	if !ok {
		return nil, Errorf("ValidationError", "No export named %s found.", name)
	}
	c.imports[name] = true
	return v, nil
}

func (c *evalCtx) base64(arg any) (any, error) {
	e, err := c.eval(arg)
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.EncodeToString([]byte(strOf(e))), nil
}

func (c *evalCtx) findInMap(arg any) (any, error) {
	a, _ := arg.([]any)
	if len(a) < 3 {
		return nil, evalError("Fn::FindInMap requires a list argument with three elements")
	}
	keys := make([]string, 3)
	for i := range keys {
		e, err := c.eval(a[i])
		if err != nil {
			return nil, err
		}
		keys[i] = strOf(e)
	}
	v, ok := asMap(asMap(c.t.Mappings[keys[0]])[keys[1]])[keys[2]]
	if !ok {
		return nil, evalError("Unable to get mapping for %s::%s::%s", keys[0], keys[1], keys[2])
	}
	return v, nil
}

// strOf renders a scalar as CloudFormation does when it needs a string.
func strOf(v any) string {
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
			parts[i] = strOf(x)
		}
		return strings.Join(parts, ",")
	}
	return fmt.Sprint(v)
}

// condition evaluates a condition expression.
func (c *evalCtx) condition(v any) (bool, error) {
	m := asMap(v)
	if name, ok := m["Condition"].(string); ok && len(m) == 1 {
		return c.namedCondition(name)
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

func (c *evalCtx) equals(a []any) (bool, error) {
	if len(a) != 2 {
		return false, evalError("Fn::Equals requires a list argument with two elements")
	}
	x, err := c.eval(a[0])
	if err != nil {
		return false, err
	}
	y, err := c.eval(a[1])
	return strOf(x) == strOf(y), err
}

func (c *evalCtx) andOr(and bool, a []any) (bool, error) {
	for _, x := range a {
		b, err := c.condition(x)
		if err != nil || b != and {
			return !and, err
		}
	}
	return and, nil
}

func (c *evalCtx) namedCondition(name string) (bool, error) {
	if b, ok := c.conds[name]; ok {
		return b, nil
	}
	expr, ok := c.t.Conditions[name]
	if !ok {
		return false, formatError("Unresolved dependencies [%s]. Cannot reference resources in the Conditions block of the template", name)
	}
	b, err := c.condition(expr)
	c.conds[name] = b
	return b, err
}

// sortedStrings returns the keys of a set, sorted.
func sortedStrings(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
