package stacks

import (
	"maps"
	"slices"
	"sort"
)

// obj is a JSON object of a template. encoding/json sorts map keys, which is
// what makes every template canonical.
type obj = map[string]any

// fields is a JSON object that is built once and not changed after: its
// members in any order, each key once. It is written and sized as the
// object (keys sorted) a map of the same members is, and costs a slice
// where a map costs a table: templates have tens of thousands of small
// objects, and their maps were most of a compilation's allocation. Code
// that reads members back, of an obj or of fields, uses member.
type fields []pair

// pair is a member of fields.
type pair struct {
	key string
	val any
}

func (f fields) object() obj {
	m := make(obj, len(f))
	for _, p := range f {
		m[p.key] = p.val
	}
	return m
}

func (f fields) MarshalJSON() ([]byte, error) { return marshalObject(f) }

// mk is an object of the members ps, built once: fields and their slice
// header in one allocation, held by a pointer, which an interface holds
// without boxing it again. (fields put in an interface cost their members
// and a box for the slice header: two allocations for each of the
// thousands of small objects of a template.)
func mk(ps ...pair) any {
	switch len(ps) {
	case 1:
		b := &struct {
			f fields
			a [1]pair
		}{a: [1]pair(ps)}
		b.f = b.a[:]
		return &b.f
	case 2:
		b := &struct {
			f fields
			a [2]pair
		}{a: [2]pair(ps)}
		b.f = b.a[:]
		return &b.f
	case 3:
		b := &struct {
			f fields
			a [3]pair
		}{a: [3]pair(ps)}
		b.f = b.a[:]
		return &b.f
	case 4:
		b := &struct {
			f fields
			a [4]pair
		}{a: [4]pair(ps)}
		b.f = b.a[:]
		return &b.f
	}
	f := fields(slices.Clone(ps))
	return &f
}

// mkList is the list of vs, made as mk makes objects: the elements and
// the slice header in one allocation, held by a pointer.
func mkList(vs ...any) any {
	switch len(vs) {
	case 1:
		b := &struct {
			l list
			a [1]any
		}{a: [1]any(vs)}
		b.l = b.a[:]
		return &b.l
	case 2:
		b := &struct {
			l list
			a [2]any
		}{a: [2]any(vs)}
		b.l = b.a[:]
		return &b.l
	case 3:
		b := &struct {
			l list
			a [3]any
		}{a: [3]any(vs)}
		b.l = b.a[:]
		return &b.l
	}
	l := list(slices.Clone(vs))
	if l == nil {
		l = list{} // [], as the literal list{} is
	}
	return &l
}

// set sets member key of f, replacing it when f has it, as assigning to a
// map does. It is for fields being built: a member set after f was put in
// a template or another object would not be seen there.
func (f *fields) set(key string, val any) {
	for i := range *f {
		if (*f)[i].key == key {
			(*f)[i].val = val
			return
		}
	}
	*f = append(*f, pair{key, val})
}

// del removes member key of f, which is being built (see set).
func (f *fields) del(key string) {
	*f = slices.DeleteFunc(*f, func(p pair) bool { return p.key == key })
}

// resource is a resource as add makes it: its type, its properties (nil:
// none) and its other members (DependsOn, DeletionPolicy, Metadata, …).
// It is one allocation where fields would be two (the members and their
// box): templates have tens of resources. It is written and sized as the
// object of its members.
type resource struct {
	typ   any // a string, held as a value so that it is boxed once
	props any
	more  fields
}

// members are r's members, appended to buf (which may be on the stack).
func (r *resource) members(buf []pair) fields {
	f := append(buf[:0], pair{"Type", r.typ})
	if r.props != nil {
		f = append(f, pair{"Properties", r.props})
	}
	return append(f, r.more...)
}

func (r *resource) object() obj                  { return r.members(nil).object() }
func (r *resource) MarshalJSON() ([]byte, error) { return marshalObject(r.members(nil)) }

// nameValue is {"Name": name, key: value}, key "Value" or "ValueFrom"
// (after "Name" in order): an entry of a container's Environment or
// Secrets. A task has tens; as fields each was three allocations.
type nameValue struct {
	name, key string
	value     any
}

// variable is a container's variable; secretFrom a container's secret.
func variable(name string, value any) *nameValue   { return &nameValue{name, "Value", value} }
func secretFrom(name string, value any) *nameValue { return &nameValue{name, "ValueFrom", value} }

func (v *nameValue) object() obj                  { return obj{"Name": v.name, v.key: v.value} }
func (v *nameValue) MarshalJSON() ([]byte, error) { return marshalObject(v) }

// stringParam is a String parameter, {"Description": description,
// "Type": "String"}; outputDecl an output, {"Export": {"Name": export},
// "Value": value}, without Export when export is empty. One small value
// each where fields were three or five allocations.
type stringParam struct{ description string }

type outputDecl struct {
	value  any
	export string
}

func (p *stringParam) object() obj                  { return obj{"Description": p.description, "Type": "String"} }
func (p *stringParam) MarshalJSON() ([]byte, error) { return marshalObject(p) }

func (o *outputDecl) object() obj {
	if o.export == "" {
		return obj{"Value": o.value}
	}
	return obj{"Export": obj{"Name": o.export}, "Value": o.value}
}
func (o *outputDecl) MarshalJSON() ([]byte, error) { return marshalObject(o) }

// member is the member key of o, an obj, fields, a resource or a
// nameValue; nil when o has none or is not one of them.
func member(o any, key string) any {
	switch x := o.(type) {
	case obj:
		return x[key]
	case *resource:
		switch key {
		case "Type":
			return x.typ
		case "Properties":
			return x.props
		}
		return x.more.member(key)
	case *nameValue:
		switch key {
		case "Name":
			return x.name
		case x.key:
			return x.value
		}
	case fields:
		return x.member(key)
	case *fields:
		return x.member(key)
	}
	return nil
}

// member is f's member key, nil when f has none.
func (f fields) member(key string) any {
	for _, p := range f {
		if p.key == key {
			return p.val
		}
	}
	return nil
}

// eachMember calls fn with every member of o, an obj, fields, a resource
// or a nameValue.
func eachMember(o any, fn func(key string, val any)) {
	switch x := o.(type) {
	case *resource:
		eachMember(x.members(nil), fn)
	case *nameValue:
		fn("Name", x.name)
		fn(x.key, x.value)
	case obj:
		for k, v := range x {
			fn(k, v)
		}
	case fields:
		for _, p := range x {
			fn(p.key, p.val)
		}
	case *fields:
		eachMember(*x, fn)
	}
}

// list is a JSON array of a template.
type list = []any

// template is a CloudFormation template under construction. Resources and
// outputs are keyed by logical ID; conditions and mappings come only from
// addons.
type template struct {
	description string
	parameters  obj
	conditions  obj
	mappings    obj
	resources   obj
	outputs     obj
}

func newTemplate(description string) *template {
	// Conditions and mappings, which only addons have, are made when an
	// addon is merged.
	return &template{description: description, parameters: obj{}, resources: obj{}, outputs: obj{}}
}

// add adds a resource. Passing nil properties leaves them out.
func (t *template) add(id, typ string, props any) {
	if m, isObj := props.(obj); isObj && m == nil {
		props = nil
	}
	t.resources[id] = &resource{typ: typ, props: props}
}

// setMember sets a member of resource id (DependsOn, DeletionPolicy, …),
// added by add or merged from an addon (an obj).
func (t *template) setMember(id, key string, val any) {
	switch r := t.resources[id].(type) {
	case obj:
		r[key] = val
	case *resource:
		switch key {
		case "Type":
			r.typ = val
		case "Properties":
			r.props = val
		default:
			r.more.set(key, val)
		}
	default:
		panic("stacks: setting " + key + " of " + id + ", which the template does not have") // invariant: set on what was added
	}
}

// dependsOn makes resource id wait for the named resources.
func (t *template) dependsOn(id string, on ...string) {
	deps, _ := member(t.resources[id], "DependsOn").([]string)
	deps = append(deps, on...)
	sort.Strings(deps)
	t.setMember(id, "DependsOn", deps)
}

// param declares a String parameter.
func (t *template) param(name, description string) {
	t.parameters[name] = &stringParam{description}
}

// output adds an output; a non-empty export name exports it.
func (t *template) output(id string, value any, export string) {
	t.outputs[id] = &outputDecl{value, export}
}

// json renders the template as canonical JSON: keys sorted, two-space
// indent, no HTML escaping, a final newline.
func (t *template) json() []byte {
	return canonicalJSON(t.document())
}

// document is the template as a JSON object.
func (t *template) document() fields {
	doc := append(make(fields, 0, 7),
		pair{"AWSTemplateFormatVersion", "2010-09-09"},
		pair{"Description", t.description},
		pair{"Resources", t.resources},
	)
	if len(t.parameters) > 0 {
		doc = append(doc, pair{"Parameters", t.parameters})
	}
	if len(t.outputs) > 0 {
		doc = append(doc, pair{"Outputs", t.outputs})
	}
	if len(t.conditions) > 0 {
		doc = append(doc, pair{"Conditions", t.conditions})
	}
	if len(t.mappings) > 0 {
		doc = append(doc, pair{"Mappings", t.mappings})
	}
	return doc
}

// compactJSON encodes v with sorted keys on one line, as encoding/json's
// Encoder with SetEscapeHTML(false) does, through canonicalJSON's writer.
func compactJSON(v any) string {
	buf := writers.Get().(*jsonWriter)
	defer writers.Put(buf)
	buf.Reset()
	writeJSON(buf, v, compactDepth)
	return buf.String()
}

// Intrinsic functions.
//
// The common ones are small values of their own rather than one-key
// objects: a workload's template holds hundreds, and a map each was the
// larger part of what compiling allocates. canonicalJSON and jsonSize know
// them; encoding/json writes them through MarshalJSON. Each is, in every
// output, exactly the object its object method returns
// (TestCompactFormsAsObjects).

// refFn is {"Ref": Name}.
type refFn struct{ Name string }

// getAttFn is {"Fn::GetAtt": [Resource, Attribute]}.
type getAttFn struct{ Resource, Attribute string }

// subFn is {"Fn::Sub": Text}.
type subFn struct{ Text string }

// importFn is {"Fn::ImportValue": Name}.
type importFn struct{ Name string }

// joinFn is {"Fn::Join": [Sep, Parts]}; Parts is a list or a function
// giving one.
type joinFn struct {
	Sep   string
	Parts any
}

// splitFn is {"Fn::Split": [Sep, Value]}.
type splitFn struct {
	Sep   string
	Value any
}

func (f refFn) object() obj    { return obj{"Ref": f.Name} }
func (f getAttFn) object() obj { return obj{"Fn::GetAtt": list{f.Resource, f.Attribute}} }
func (f subFn) object() obj    { return obj{"Fn::Sub": f.Text} }
func (f importFn) object() obj { return obj{"Fn::ImportValue": f.Name} }
func (f joinFn) object() obj   { return obj{"Fn::Join": list{f.Sep, f.Parts}} }
func (f splitFn) object() obj  { return obj{"Fn::Split": list{f.Sep, f.Value}} }

func (f refFn) MarshalJSON() ([]byte, error)    { return marshalObject(f) }
func (f getAttFn) MarshalJSON() ([]byte, error) { return marshalObject(f) }
func (f subFn) MarshalJSON() ([]byte, error)    { return marshalObject(f) }
func (f importFn) MarshalJSON() ([]byte, error) { return marshalObject(f) }
func (f joinFn) MarshalJSON() ([]byte, error)   { return marshalObject(f) }
func (f splitFn) MarshalJSON() ([]byte, error)  { return marshalObject(f) }

// marshalObject is v as compact JSON, HTML characters unescaped: an
// encoder that escapes them does so itself on what a MarshalJSON returns.
func marshalObject(v any) ([]byte, error) {
	return []byte(compactJSON(v)), nil
}

func ref(name string) any               { return refFn{name} }
func getAtt(res, attr string) any       { return getAttFn{res, attr} }
func sub(s string) any                  { return subFn{s} }
func importValue(name string) any       { return importFn{name} }
func join(sep string, parts ...any) any { return joinFn{sep, list(parts)} }
func joinList(sep string, l any) any    { return joinFn{sep, l} }
func split(sep string, v any) any       { return splitFn{sep, v} }
func selectc(i int, l any) obj          { return obj{"Fn::Select": mkList(i, l)} }
func getAZs() obj                       { return obj{"Fn::GetAZs": ""} }

// strs turns a string slice into a JSON list.
// It is a copy, never nil (an empty list is [], not null), and a
// []string, which the writers and the sizer know: a list of its own would
// box every string.
func strs(ss []string) []string {
	return append(make([]string, 0, len(ss)), ss...)
}

// strList turns a string slice into a JSON list that more values may be
// appended to.
func strList(ss []string) list {
	l := make(list, len(ss))
	for i, s := range ss {
		l[i] = s
	}
	return l
}

// tagList renders tags as CloudFormation's [{Key, Value}] list, sorted by key.
func tagList(tags map[string]string) list {
	keys := slices.Sorted(maps.Keys(tags))
	l := make(list, len(keys))
	for i, k := range keys {
		l[i] = obj{"Key": k, "Value": tags[k]}
	}
	return l
}
