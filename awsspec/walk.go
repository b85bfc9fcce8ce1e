package awsspec

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// walker checks values against property types. With a template (ValidateTemplate) it also
// checks literal value types and intrinsic functions; without one (CheckResource) it checks only
// that properties are known and required ones present.
type walker struct {
	res      *Resource
	tmpl     *validator // nil when checking resolved properties
	inCond   bool       // inside the Conditions section: Ref may name parameters only
	problems []Problem
}

func (w *walker) add(path, msg string) {
	w.problems = append(w.problems, Problem{Path: path, Message: msg})
}

// object checks the properties m of one object (a resource's Properties or a nested type).
func (w *walker) object(path string, m map[string]any, props map[string]*Property) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		p, ok := props[k]
		if !ok {
			w.add(join(path, k), "Encountered unsupported property "+k)
			continue
		}
		w.value(join(path, k), k, m[k], p.Type)
	}
	for _, name := range slices.Sorted(maps.Keys(props)) {
		if _, set := m[name]; props[name].Required && !set {
			w.add(join(path, name), "Property "+name+" cannot be empty.")
		}
	}
}

// value checks v, the value of property name (or of one of its items), against t.
func (w *walker) value(path, name string, v any, t Type) {
	if fn, arg, ok := intrinsic(v); ok {
		if w.tmpl != nil {
			w.intrinsic(path, fn, arg, &expected{name: name, t: t})
		}
		return
	}
	if v == nil {
		w.nullValue(path)
		return
	}
	switch t.Kind {
	case "primitive":
		w.primitive(path, name, v, t)
	case "list":
		w.list(path, name, v, t)
	case "map":
		w.mapValue(path, name, v, t)
	case "object":
		w.objectValue(path, name, v, t)
	case "union":
		w.union(path, name, v, t)
	}
}

func (w *walker) nullValue(path string) {
	if w.tmpl != nil {
		w.add(path, "'null' values are not allowed in templates")
	}
}

func (w *walker) primitive(path, name string, v any, t Type) {
	if w.tmpl == nil {
		return
	}
	if !primitiveAccepts(t.Primitive, v) {
		w.typeMismatch(path, name, t)
		return
	}
	if t.Primitive == "Json" {
		w.untyped(path, v)
	}
}

func (w *walker) list(path, name string, v any, t Type) {
	items, ok := v.([]any)
	if !ok {
		w.typeMismatch(path, name, t)
		return
	}
	for i, item := range items {
		w.value(join(path, strconv.Itoa(i)), name, item, *t.Item)
	}
}

func (w *walker) mapValue(path, name string, v any, t Type) {
	m, ok := v.(map[string]any)
	if !ok {
		w.typeMismatch(path, name, t)
		return
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		w.value(join(path, k), name, m[k], *t.Item)
	}
}

func (w *walker) objectValue(path, name string, v any, t Type) {
	m, ok := v.(map[string]any)
	if !ok {
		w.typeMismatch(path, name, t)
		return
	}
	w.object(path, m, w.res.Types[t.Object])
}

// union accepts v if any alternative does; otherwise it reports the problems of the
// alternative that came closest.
func (w *walker) union(path, name string, v any, t Type) {
	var best []Problem
	for i, alt := range t.Union {
		sub := &walker{res: w.res, tmpl: w.tmpl}
		sub.value(path, name, v, alt)
		if len(sub.problems) == 0 {
			return
		}
		if i == 0 || len(sub.problems) < len(best) {
			best = sub.problems
		}
	}
	if w.tmpl != nil && len(best) == 1 && best[0].Path == path {
		w.typeMismatch(path, name, t)
		return
	}
	w.problems = append(w.problems, best...)
}

// typeMismatch reports a literal of the wrong type, in CloudFormation's words.
func (w *walker) typeMismatch(path, name string, t Type) {
	if w.tmpl == nil {
		return
	}
	if t.Kind == "object" || t.Kind == "map" {
		w.add(path, "Value of property "+name+" must be an object")
		return
	}
	w.add(path, "Value of property "+name+" must be of type "+t.String())
}

// untyped walks a value whose type the spec does not constrain (Json properties, Outputs,
// intrinsic arguments) to check the intrinsic functions inside it.
func (w *walker) untyped(path string, v any) {
	if w.tmpl == nil {
		return
	}
	if fn, arg, ok := intrinsic(v); ok {
		w.intrinsic(path, fn, arg, nil)
		return
	}
	switch v := v.(type) {
	case nil:
		w.nullValue(path)
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			w.untyped(join(path, k), v[k])
		}
	case []any:
		for i, item := range v {
			w.untyped(join(path, strconv.Itoa(i)), item)
		}
	}
}

// primitiveAccepts reports whether CloudFormation accepts literal v for primitive type prim. It
// converts scalars to strings, and numeric strings to numbers, and "true"/"false" to booleans.
func primitiveAccepts(prim string, v any) bool {
	switch prim {
	case "String", "Timestamp":
		return isScalar(v)
	case "Integer", "Long":
		return isInteger(v)
	case "Double":
		return isNumber(v)
	case "Boolean":
		return isBoolean(v)
	}
	return true // Json: anything
}

func isScalar(v any) bool {
	switch v.(type) {
	case string, float64, bool, int:
		return true
	}
	return false
}

func isInteger(v any) bool {
	switch v := v.(type) {
	case float64:
		return v == math.Trunc(v) && !math.IsInf(v, 0)
	case int:
		return true
	case string:
		_, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		return err == nil
	}
	return false
}

func isNumber(v any) bool {
	switch v := v.(type) {
	case float64, int:
		return true
	case string:
		_, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return err == nil
	}
	return false
}

func isBoolean(v any) bool {
	switch v := v.(type) {
	case bool:
		return true
	case string:
		return strings.EqualFold(v, "true") || strings.EqualFold(v, "false")
	}
	return false
}

// intrinsic reports whether v is an intrinsic function call: a map with the single key Ref or
// Fn::Name.
func intrinsic(v any) (fn string, arg any, ok bool) {
	m, isMap := v.(map[string]any)
	if !isMap || len(m) != 1 {
		return "", nil, false
	}
	for k, a := range m {
		if k == "Ref" || strings.HasPrefix(k, "Fn::") {
			return k, a, true
		}
	}
	return "", nil, false
}
