package awsspec

import "strings"

// CheckResource checks one resource's properties the way CloudFormation does when it
// provisions the resource, after intrinsic functions are resolved: every property at every
// depth must be known (`Encountered unsupported property NAME`) and every required property
// present (`Property NAME cannot be empty.`). Problem paths start at the property name
// (Foo.Bar.0.Baz). Custom resources (Custom::*, AWS::CloudFormation::CustomResource) accept any
// property; a type the spec lacks is `Unrecognized resource types: [TYPE]`. Values that still
// look like intrinsic functions are skipped.
func (s *Spec) CheckResource(typ string, props map[string]any) []Problem {
	if isCustom(typ) {
		return nil
	}
	r, ok := s.Resource(typ)
	if !ok {
		return []Problem{{Message: "Unrecognized resource types: [" + typ + "]"}}
	}
	w := &walker{res: r}
	w.object("", props, r.Properties)
	return w.problems
}

// Replaces reports whether changing the property at path replaces a resource of type typ. The
// path names the property (["VpcId"]), optionally after "Properties", and may continue into
// nested types (["LoadBalancers", "0", "ContainerPort"]); a change replaces when the top-level
// property or any nested property along the path is marked to. Only certain replacements
// ("yes") count; see Property.MayReplace for the conditional ones. Unknown types and paths
// report false.
func (s *Spec) Replaces(typ string, path []string) bool {
	return s.propertyPath(typ, path, func(p *Property) bool { return p.Replaces })
}

// MayReplace is Replaces counting conditional replacements ("maybe") too.
func (s *Spec) MayReplace(typ string, path []string) bool {
	return s.propertyPath(typ, path, func(p *Property) bool { return p.MayReplace })
}

// propertyPath walks path through typ's properties and reports whether pred holds for any
// property along it.
func (s *Spec) propertyPath(typ string, path []string, pred func(*Property) bool) bool {
	r, ok := s.Resource(typ)
	if !ok {
		return false
	}
	if len(path) > 0 && path[0] == "Properties" {
		path = path[1:]
	}
	props := r.Properties
	for len(path) > 0 {
		p, ok := props[path[0]]
		if !ok {
			return false
		}
		if pred(p) {
			return true
		}
		t := p.Type
		path = path[1:]
		for (t.Kind == "list" || t.Kind == "map") && len(path) > 0 {
			t, path = *t.Item, path[1:] // the list index or map key
		}
		if t.Kind != "object" {
			return false
		}
		props = r.Types[t.Object]
	}
	return false
}

func isCustom(typ string) bool {
	return strings.HasPrefix(typ, "Custom::") || typ == "AWS::CloudFormation::CustomResource"
}
