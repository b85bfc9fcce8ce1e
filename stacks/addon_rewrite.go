package stacks

import (
	"regexp"
	"strings"
)

// rewriter renames an addon's logical IDs (resources, parameters,
// conditions, mappings) with its prefix, and replaces references to the
// literal parameters (App, Env, Name) by their values.
type rewriter struct {
	prefix     string
	literals   map[string]string // parameter → literal value
	names      map[string]bool   // resources and merged parameters
	conditions map[string]bool
	mappings   map[string]bool
	types      map[string]string // resource → type
}

func newRewriter(prefix string, doc map[string]any, literals, given map[string]string) *rewriter {
	rw := &rewriter{prefix: prefix, literals: map[string]string{}, names: map[string]bool{},
		conditions: map[string]bool{}, mappings: map[string]bool{}, types: map[string]string{}}
	params := section(doc, "Parameters")
	for name, v := range literals {
		if _, declared := params[name]; declared {
			rw.literals[name] = v
		}
	}
	for name, v := range given {
		if _, lit := rw.literals[name]; lit {
			rw.literals[name] = v
		}
	}
	for name := range params {
		if _, lit := rw.literals[name]; !lit {
			rw.names[name] = true
		}
	}
	for id, r := range section(doc, "Resources") {
		rw.names[id] = true
		if m, ok := r.(map[string]any); ok {
			rw.types[id], _ = m["Type"].(string)
		}
	}
	for name := range section(doc, "Conditions") {
		rw.conditions[name] = true
	}
	for name := range section(doc, "Mappings") {
		rw.mappings[name] = true
	}
	return rw
}

// resource rewrites one resource declaration.
func (rw *rewriter) resource(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := obj{}
	for k, val := range m {
		switch k {
		case "DependsOn":
			out[k] = rw.dependsOn(val)
		case "Condition":
			out[k] = rw.condition(val)
		case "Type", "Metadata":
			out[k] = val
		default:
			out[k] = rw.rewrite(val)
		}
	}
	return out
}

// output rewrites one output declaration.
func (rw *rewriter) output(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := obj{}
	for k, val := range m {
		if k == "Condition" {
			out[k] = rw.condition(val)
		} else {
			out[k] = rw.rewrite(val)
		}
	}
	return out
}

func (rw *rewriter) dependsOn(v any) any {
	switch d := v.(type) {
	case string:
		return rw.name(d)
	case []any:
		l := make(list, len(d))
		for i, e := range d {
			s, _ := e.(string)
			l[i] = rw.name(s)
		}
		return l
	}
	return v
}

func (rw *rewriter) name(n string) string {
	if rw.names[n] {
		return rw.prefix + n
	}
	return n
}

func (rw *rewriter) condition(v any) any {
	if s, ok := v.(string); ok && rw.conditions[s] {
		return rw.prefix + s
	}
	return v
}

// rewrite rewrites any value, intrinsic functions included.
func (rw *rewriter) rewrite(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for fn, arg := range x {
				if r, ok := rw.intrinsic(fn, arg); ok {
					return r
				}
			}
		}
		out := obj{}
		for k, val := range x {
			out[k] = rw.rewrite(val)
		}
		return out
	case []any:
		l := make(list, len(x))
		for i, e := range x {
			l[i] = rw.rewrite(e)
		}
		return l
	}
	return v
}

// intrinsic rewrites the functions that name logical IDs; ok is false for
// the others, which are rewritten as plain objects.
func (rw *rewriter) intrinsic(fn string, arg any) (any, bool) {
	switch fn {
	case "Ref":
		s, _ := arg.(string)
		if lit, ok := rw.literals[s]; ok {
			return lit, true
		}
		return ref(rw.name(s)), true
	case "Fn::GetAtt":
		if res, attr, ok := getAttParts(arg); ok {
			return getAtt(rw.name(res), attr), true
		}
	case "Fn::Sub":
		return rw.sub(arg), true
	case "Condition":
		return obj{"Condition": rw.condition(arg)}, true
	case "Fn::If":
		if l, ok := arg.([]any); ok && len(l) == 3 {
			return obj{"Fn::If": mkList(rw.condition(l[0]), rw.rewrite(l[1]), rw.rewrite(l[2]))}, true
		}
	case "Fn::FindInMap":
		if l, ok := arg.([]any); ok && len(l) >= 3 {
			out := rw.rewrite(arg).(list)
			if s, ok := l[0].(string); ok && rw.mappings[s] {
				out[0] = rw.prefix + s
			}
			return obj{"Fn::FindInMap": out}, true
		}
	}
	return nil, false
}

// getAttParts reads Fn::GetAtt's argument in either form.
func getAttParts(arg any) (res, attr string, ok bool) {
	switch a := arg.(type) {
	case string:
		res, attr, ok = strings.Cut(a, ".")
		return res, attr, ok
	case []any:
		if len(a) == 2 {
			res, _ = a[0].(string)
			attr, ok = a[1].(string)
			return res, attr, ok && res != ""
		}
	}
	return "", "", false
}

// subVar matches ${Name} and ${Name.Attr}, not ${!Literal}.
var subVar = regexp.MustCompile(`\$\{([^!}][^}]*)\}`)

// sub rewrites Fn::Sub's string and variable map; variables of the map
// shadow template names.
func (rw *rewriter) sub(arg any) any {
	s, vars := "", map[string]any{}
	switch a := arg.(type) {
	case string:
		s = a
	case []any:
		if len(a) == 2 {
			s, _ = a[0].(string)
			vars, _ = a[1].(map[string]any)
		}
	}
	out := subVar.ReplaceAllStringFunc(s, func(m string) string {
		name := strings.TrimSpace(m[2 : len(m)-1])
		head, rest, dotted := strings.Cut(name, ".")
		if _, shadowed := vars[head]; shadowed {
			return m
		}
		if lit, ok := rw.literals[name]; ok && !dotted {
			return strings.ReplaceAll(lit, "${", "${!")
		}
		if dotted {
			return "${" + rw.name(head) + "." + rest + "}"
		}
		return "${" + rw.name(name) + "}"
	})
	if _, isList := arg.([]any); isList {
		return obj{"Fn::Sub": mkList(out, rw.rewrite(vars))}
	}
	return obj{"Fn::Sub": out}
}
