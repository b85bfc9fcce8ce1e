package awsspec

import (
	"maps"
	"slices"
)

var resourceKeys = map[string]bool{
	"Type": true, "Properties": true, "DependsOn": true, "Condition": true, "Metadata": true,
	"DeletionPolicy": true, "UpdateReplacePolicy": true, "CreationPolicy": true,
	"UpdatePolicy": true, "Version": true,
}

func (v *validator) checkResources() {
	for _, id := range slices.Sorted(maps.Keys(v.resources)) {
		v.resource(id)
	}
}

func (v *validator) resource(id string) {
	path := join("Resources", id)
	m, ok := v.resources[id].(map[string]any)
	if !ok || v.types[id] == "" {
		v.w.add(path, "Every Resources object must contain a Type member.")
		return
	}
	v.attributes(path, m, resourceKeys, "Invalid template resource property")
	v.conditionRef(join(path, "Condition"), m["Condition"])
	v.dependsOn(join(path, "DependsOn"), m["DependsOn"])
	v.properties(path, v.types[id], m["Properties"])
}

func (v *validator) properties(path, typ string, raw any) {
	ppath := join(path, "Properties")
	if isCustom(typ) {
		v.w.untyped(ppath, raw)
		return
	}
	r, ok := v.spec.Resource(typ)
	if !ok {
		v.w.add(join(path, "Type"), "Unrecognized resource types: ["+typ+"]")
		return
	}
	if fn, arg, ok := intrinsic(raw); ok {
		v.w.intrinsic(ppath, fn, arg, nil)
		return
	}
	props, ok := raw.(map[string]any)
	if raw != nil && !ok {
		v.w.add(ppath, "Properties must be an object")
		return
	}
	w := &walker{res: r, tmpl: v}
	w.object(ppath, props, r.Properties)
	v.w.problems = append(v.w.problems, w.problems...)
}

func (v *validator) dependsOn(path string, d any) {
	var targets []any
	switch d := d.(type) {
	case nil:
		return
	case string:
		targets = []any{d}
	case []any:
		targets = d
	default:
		v.w.add(path, "DependsOn must be a string or list of strings")
		return
	}
	for _, t := range targets {
		name, ok := t.(string)
		if !ok {
			v.w.add(path, "DependsOn must be a string or list of strings")
			continue
		}
		if _, exists := v.types[name]; !exists {
			v.w.add(path, unresolved(name))
		}
	}
}

func unresolved(name string) string {
	return "Unresolved resource dependencies [" + name + "] in the Resources block of the template"
}
