package awsspec

import (
	"strconv"
	"strings"
)

// pseudoParameters are the names Ref accepts besides parameters and resources.
var pseudoParameters = map[string]bool{
	"AWS::AccountId": true, "AWS::NotificationARNs": true, "AWS::NoValue": true,
	"AWS::Partition": true, "AWS::Region": true, "AWS::StackId": true, "AWS::StackName": true,
	"AWS::URLSuffix": true,
}

// expected is what a value must be: the property it belongs to and its type.
type expected struct {
	name string
	t    Type
}

// intrinsicFunc checks the argument of one intrinsic function found at path; expect is what
// the call's result must be, or nil when unconstrained.
type intrinsicFunc func(w *walker, path string, arg any, expect *expected)

// intrinsicFor returns the checker of function fn, or nil for an unknown function.
func intrinsicFor(fn string) intrinsicFunc {
	switch fn {
	case "Ref":
		return (*walker).ref
	case "Fn::GetAtt":
		return (*walker).getAtt
	case "Fn::Join":
		return (*walker).join
	case "Fn::Sub":
		return (*walker).sub
	case "Fn::If":
		return (*walker).fnIf
	case "Fn::Select":
		return (*walker).selectFn
	case "Fn::Split":
		return (*walker).split
	case "Fn::Equals":
		return (*walker).equals
	case "Fn::And", "Fn::Or":
		return (*walker).andOr
	case "Fn::Not":
		return (*walker).not
	case "Fn::FindInMap":
		return (*walker).findInMap
	case "Fn::Cidr":
		return (*walker).cidr
	case "Fn::ImportValue", "Fn::Base64", "Fn::GetAZs":
		return (*walker).single
	case "Fn::Transform", "Fn::Length", "Fn::ToJsonString":
		return (*walker).any
	}
	return nil
}

// intrinsic checks the call {fn: arg} found at path; problems about it are reported at
// path.fn.
func (w *walker) intrinsic(path, fn string, arg any, expect *expected) {
	check := intrinsicFor(fn)
	if check == nil {
		w.add(path, "Encountered unsupported function: "+fn)
		return
	}
	check(w, join(path, fn), arg, expect)
}

// condition checks a condition expression: the body of a Conditions entry or an argument of
// Fn::And, Fn::Or, Fn::Not.
func (w *walker) condition(path string, v any) {
	outer := w.inCond
	w.inCond = true
	defer func() { w.inCond = outer }()
	if m, ok := v.(map[string]any); ok && len(m) == 1 {
		if name, ok := m["Condition"]; ok {
			w.conditionName(join(path, "Condition"), name, "Condition")
			return
		}
	}
	fn, arg, ok := intrinsic(v)
	if !ok || !conditionFuncs[fn] {
		w.add(path, "Template error: every condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition")
		return
	}
	w.intrinsic(path, fn, arg, nil)
}

var conditionFuncs = map[string]bool{"Fn::Equals": true, "Fn::And": true, "Fn::Or": true, "Fn::Not": true}

func (w *walker) conditionName(path string, v any, fn string) {
	name, ok := v.(string)
	if !ok {
		w.add(path, "Template error: "+fn+" requires a condition name")
		return
	}
	if _, defined := w.tmpl.conditions[name]; !defined {
		w.add(path, "Template error: unresolved condition dependency "+name+" in "+fn)
	}
}

func (w *walker) ref(path string, arg any, _ *expected) {
	name, ok := arg.(string)
	if !ok {
		w.add(path, "Template format error: Every Ref object must have a single String value.")
		return
	}
	_, isParam := w.tmpl.params[name]
	_, isRes := w.tmpl.types[name]
	switch {
	case isParam || pseudoParameters[name]:
	case isRes && w.inCond:
		w.add(path, "Template format error: Unresolved dependencies ["+name+"]. Cannot reference resources in the Conditions block of the template")
	case !isRes:
		w.add(path, unresolved(name))
	}
}

func (w *walker) getAtt(path string, arg any, _ *expected) {
	res, attr, ok := getAttArgs(arg)
	if !ok {
		w.add(path, "Template error: every Fn::GetAtt object requires two non-empty parameters")
		return
	}
	if a, isCall := arg.([]any); isCall && attr == "" {
		w.untyped(join(path, "1"), a[1]) // the attribute name is itself a function call
	}
	w.attribute(path, res, attr, "Fn::GetAtt")
}

// getAttArgs reads ["res", "attr"] or "res.attr"; attr is "" when it is a function call.
func getAttArgs(arg any) (res, attr string, ok bool) {
	switch a := arg.(type) {
	case string:
		res, attr, ok = strings.Cut(a, ".")
		return res, attr, ok && res != "" && attr != ""
	case []any:
		if len(a) != 2 {
			return "", "", false
		}
		res, _ = a[0].(string)
		attr, isString := a[1].(string)
		_, _, isCall := intrinsic(a[1])
		return res, attr, res != "" && (isString && attr != "" || isCall)
	}
	return "", "", false
}

// attribute checks that resource res exists and that its type has attribute attr ("" skips
// the attribute check).
func (w *walker) attribute(path, res, attr, fn string) {
	typ, ok := w.tmpl.types[res]
	if !ok {
		w.add(path, "Template error: instance of "+fn+" references undefined resource "+res)
		return
	}
	if attr != "" && !w.tmpl.hasAttribute(typ, attr) {
		w.add(path, "Template error: resource "+res+" does not support attribute type "+attr+" in "+fn)
	}
}

// hasAttribute reports whether typ has attribute attr; custom resources and types the spec
// lacks (reported elsewhere) have every attribute, and nested stacks have Outputs.NAME.
func (v *validator) hasAttribute(typ, attr string) bool {
	if isCustom(typ) {
		return true
	}
	r, ok := v.spec.Resource(typ)
	if !ok {
		return true
	}
	if typ == "AWS::CloudFormation::Stack" && strings.HasPrefix(attr, "Outputs.") {
		return true
	}
	_, ok = r.Attributes[attr]
	return ok
}

func (w *walker) join(path string, arg any, _ *expected) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 || !isStringLit(a[0]) || !isListOrCall(a[1]) {
		w.add(path, "Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.")
		return
	}
	w.untyped(join(path, "1"), a[1])
}

func (w *walker) fnIf(path string, arg any, expect *expected) {
	a, ok := arg.([]any)
	if !ok || len(a) != 3 {
		w.add(path, "Template error: Fn::If requires a list argument with three elements")
		return
	}
	w.conditionName(join(path, "0"), a[0], "Fn::If")
	for i := 1; i <= 2; i++ {
		if expect == nil || isNoValue(a[i]) {
			w.untyped(join(path, strconv.Itoa(i)), a[i])
			continue
		}
		w.value(join(path, strconv.Itoa(i)), expect.name, a[i], expect.t)
	}
}

func (w *walker) selectFn(path string, arg any, _ *expected) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 || !isIndex(a[0]) || !isListOrCall(a[1]) {
		w.add(path, "Template error: Fn::Select requires a list argument with two elements: an integer index and a list")
		return
	}
	w.untyped(path, a)
}

func (w *walker) split(path string, arg any, _ *expected) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 || !isStringLit(a[0]) || !isStringOrCall(a[1]) {
		w.add(path, "Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.")
		return
	}
	w.untyped(join(path, "1"), a[1])
}

func (w *walker) equals(path string, arg any, _ *expected) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 {
		w.add(path, "Template error: every Fn::Equals object requires a list of 2 string parameters.")
		return
	}
	w.untyped(path, a)
}

func (w *walker) andOr(path string, arg any, _ *expected) {
	fn := lastSegment(path)
	a, ok := arg.([]any)
	if !ok || len(a) < 2 || len(a) > 10 {
		w.add(path, "Template error: every "+fn+" object requires a list of at least 2 and at most 10 boolean parameters.")
		return
	}
	for i, c := range a {
		w.condition(join(path, strconv.Itoa(i)), c)
	}
}

func (w *walker) not(path string, arg any, _ *expected) {
	a, ok := arg.([]any)
	if !ok || len(a) != 1 {
		w.add(path, "Template error: every Fn::Not object requires one boolean parameter.")
		return
	}
	w.condition(join(path, "0"), a[0])
}

func (w *walker) findInMap(path string, arg any, _ *expected) {
	a, ok := arg.([]any)
	if !ok || len(a) < 3 || len(a) > 4 {
		w.add(path, "Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value")
		return
	}
	if name, literal := a[0].(string); literal {
		if _, exists := w.tmpl.mappings[name]; !exists {
			w.add(join(path, "0"), "Template error: Unable to get mapping for "+name)
		}
	}
	w.untyped(path, a)
}

func (w *walker) cidr(path string, arg any, _ *expected) {
	a, ok := arg.([]any)
	if !ok || len(a) < 2 || len(a) > 3 {
		w.add(path, "Template error: Fn::Cidr requires a list of an IP block, a count and the CIDR bits")
		return
	}
	w.untyped(path, a)
}

// single checks functions that take one string or a function call: Fn::ImportValue,
// Fn::Base64, Fn::GetAZs.
func (w *walker) single(path string, arg any, _ *expected) {
	if !isStringOrCall(arg) {
		w.add(path, "Template error: "+lastSegment(path)+" requires a string or a function that returns one")
		return
	}
	w.untyped(path, arg)
}

func (w *walker) any(path string, arg any, _ *expected) { w.untyped(path, arg) }

func isStringLit(v any) bool {
	_, ok := v.(string)
	return ok
}

func isCall(v any) bool {
	_, _, ok := intrinsic(v)
	return ok
}

func isListOrCall(v any) bool {
	_, ok := v.([]any)
	return ok || isCall(v)
}

func isStringOrCall(v any) bool { return isStringLit(v) || isCall(v) }

func isIndex(v any) bool { return isInteger(v) || isCall(v) }

func isNoValue(v any) bool {
	fn, arg, ok := intrinsic(v)
	return ok && fn == "Ref" && arg == "AWS::NoValue"
}

func lastSegment(path string) string {
	if i := strings.LastIndex(path, "."); i >= 0 {
		return path[i+1:]
	}
	return path
}
