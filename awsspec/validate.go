package awsspec

import (
	"maps"
	"slices"
	"strings"
)

// ValidateTemplate checks a whole CloudFormation template, JSON or YAML (see ParseTemplate),
// and returns every problem found, in a stable order: top-level sections, Parameters,
// Conditions, Resources (by logical ID), Outputs. Nil means the template passed.
//
// It checks: known top-level sections; Parameters have a Type; resource types are known
// (Custom::* types accept any properties); resource attributes (Type, Properties, DependsOn,
// Condition, …) are known; properties are known at every depth, through nested types, lists and
// maps; literal values have the property's type (CloudFormation accepts numeric strings for
// numbers, "true"/"false" for booleans, and any scalar for strings); required properties are
// present; Ref names a parameter, resource or pseudo parameter; Fn::GetAtt names a resource and
// one of its type's attributes; intrinsic functions have their argument shapes; Fn::If and
// Condition name defined conditions; Fn::Sub variables resolve; DependsOn targets exist;
// Outputs have a Value. A value given by an intrinsic function is not type-checked; both branches
// of an Fn::If are.
func (s *Spec) ValidateTemplate(body []byte) []Problem {
	doc, err := ParseTemplate(body)
	if err != nil {
		return []Problem{{Message: err.Error()}}
	}
	v := newValidator(s, doc)
	v.sections()
	v.parameters()
	v.conditionsSection()
	v.checkResources()
	v.outputs()
	return v.w.problems
}

// validator holds what a template declares, for resolving references.
type validator struct {
	spec       *Spec
	doc        map[string]any
	params     map[string]any
	conditions map[string]any
	mappings   map[string]any
	resources  map[string]any
	types      map[string]string // logical ID → resource type
	w          *walker
}

func newValidator(s *Spec, doc map[string]any) *validator {
	v := &validator{spec: s, doc: doc, types: map[string]string{}}
	v.w = &walker{tmpl: v}
	v.params = v.section("Parameters")
	v.conditions = v.section("Conditions")
	v.mappings = v.section("Mappings")
	v.resources = v.section("Resources")
	for id, r := range v.resources {
		if m, ok := r.(map[string]any); ok {
			typ, _ := m["Type"].(string)
			v.types[id] = typ
		}
	}
	return v
}

// section returns a top-level section, reporting one that is not a mapping.
func (v *validator) section(name string) map[string]any {
	raw, ok := v.doc[name]
	if !ok {
		return map[string]any{}
	}
	m, ok := raw.(map[string]any)
	if !ok {
		v.w.add(name, "Template format error: "+name+" must be an object")
		return map[string]any{}
	}
	return m
}

var topLevel = map[string]bool{
	"AWSTemplateFormatVersion": true, "Description": true, "Metadata": true, "Parameters": true,
	"Rules": true, "Mappings": true, "Conditions": true, "Transform": true, "Resources": true,
	"Outputs": true, "Hooks": true,
}

func (v *validator) sections() {
	var unknown []string
	for _, k := range slices.Sorted(maps.Keys(v.doc)) {
		if !topLevel[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		v.w.add("", "Invalid template property or properties ["+strings.Join(unknown, ", ")+"]")
	}
	if len(v.resources) == 0 {
		v.w.add("Resources", "At least one Resources member must be defined.")
	}
}

func (v *validator) parameters() {
	for _, name := range slices.Sorted(maps.Keys(v.params)) {
		p, ok := v.params[name].(map[string]any)
		if _, typed := p["Type"].(string); !ok || !typed {
			v.w.add(join("Parameters", name), "Every Parameters object must contain a Type member.")
		}
	}
}

func (v *validator) conditionsSection() {
	for _, name := range slices.Sorted(maps.Keys(v.conditions)) {
		v.w.condition(join("Conditions", name), v.conditions[name])
	}
}

var outputKeys = map[string]bool{"Value": true, "Description": true, "Export": true, "Condition": true}

func (v *validator) outputs() {
	outs := v.section("Outputs")
	for _, name := range slices.Sorted(maps.Keys(outs)) {
		path := join("Outputs", name)
		o, ok := outs[name].(map[string]any)
		if _, hasValue := o["Value"]; !ok || !hasValue {
			v.w.add(path, "Every Outputs member must contain a Value object")
			continue
		}
		v.attributes(path, o, outputKeys, "Invalid template output property")
		v.w.untyped(join(path, "Value"), o["Value"])
		v.conditionRef(join(path, "Condition"), o["Condition"])
		v.export(join(path, "Export"), o["Export"])
	}
}

func (v *validator) export(path string, e any) {
	if e == nil {
		return
	}
	m, ok := e.(map[string]any)
	if _, named := m["Name"]; !ok || !named {
		v.w.add(path, "Every Export member must contain a Name")
		return
	}
	v.w.untyped(join(path, "Name"), m["Name"])
}

// attributes reports keys of m that are not in allowed, with CloudFormation's message prefix.
func (v *validator) attributes(path string, m map[string]any, allowed map[string]bool, msg string) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !allowed[k] {
			v.w.add(join(path, k), msg+" '"+k+"'")
		}
	}
}

// conditionRef checks the Condition attribute of a resource or output, when set.
func (v *validator) conditionRef(path string, c any) {
	if c == nil {
		return
	}
	name, ok := c.(string)
	if !ok {
		v.w.add(path, "Condition must be a string")
		return
	}
	if _, defined := v.conditions[name]; !defined {
		v.w.add(path, "Unresolved condition dependency "+name)
	}
}
