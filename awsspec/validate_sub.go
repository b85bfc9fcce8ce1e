package awsspec

import "strings"

// sub checks Fn::Sub: a string, or [string, {name: value}], whose ${NAME} and ${Resource.Attr}
// variables must resolve to a variable of the map, a parameter, a resource, a pseudo parameter,
// or a resource attribute. ${!Literal} is not a variable.
func (w *walker) sub(path string, arg any, _ *expected) {
	body, vars, ok := subArgs(arg)
	if !ok {
		w.add(path, "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string")
		return
	}
	if vars != nil {
		w.untyped(join(path, "1"), vars)
	}
	for _, name := range subVariables(body) {
		if _, local := vars[name]; !local {
			w.subVariable(path, name)
		}
	}
}

func subArgs(arg any) (string, map[string]any, bool) {
	switch a := arg.(type) {
	case string:
		return a, nil, true
	case []any:
		if len(a) != 2 {
			return "", nil, false
		}
		body, ok := a[0].(string)
		vars, isMap := a[1].(map[string]any)
		return body, vars, ok && isMap
	}
	return "", nil, false
}

// subVariables returns the variable names in an Fn::Sub string, in order, without ${!...}
// literals.
func subVariables(s string) []string {
	var names []string
	for {
		start := strings.Index(s, "${")
		if start < 0 {
			return names
		}
		end := strings.Index(s[start:], "}")
		if end < 0 {
			return names
		}
		name := strings.TrimSpace(s[start+2 : start+end])
		if !strings.HasPrefix(name, "!") {
			names = append(names, name)
		}
		s = s[start+end+1:]
	}
}

func (w *walker) subVariable(path, name string) {
	if _, isParam := w.tmpl.params[name]; isParam || pseudoParameters[name] {
		return
	}
	if _, isRes := w.tmpl.types[name]; isRes {
		return
	}
	res, attr, dotted := strings.Cut(name, ".")
	if _, isRes := w.tmpl.types[res]; dotted && isRes {
		w.attribute(path, res, attr, "Fn::Sub")
		return
	}
	w.add(path, unresolved(res))
}
