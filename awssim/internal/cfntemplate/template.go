package cfntemplate

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"flightplan/awssim/internal/simcore"

	"flightplan/awsspec"
)

// Template is a parsed template, its sections split out. Values are the
// long-form Go values of awsspec.ParseTemplate.
type Template struct {
	Description string
	Params      map[string]map[string]any
	Mappings    map[string]any
	Conditions  map[string]any
	Resources   map[string]*ResourceDecl
	Outputs     map[string]map[string]any
}

// ResourceDecl is one entry of the Resources section.
type ResourceDecl struct {
	ID             string
	Type           string
	Props          map[string]any
	DependsOn      []string
	Condition      string
	DeletionPolicy string
}

// formatError is CloudFormation's ValidationError for a malformed template.
func formatError(format string, args ...any) *simcore.APIError {
	return simcore.Errorf("ValidationError", "Template format error: "+format, args...)
}

// Parse parses and validates body the way CloudFormation does before
// it accepts a CreateStack, UpdateStack or CreateChangeSet.
func Parse(body string) (*Template, error) {
	if strings.TrimSpace(body) == "" {
		return nil, simcore.Errorf("ValidationError", "Template body is empty")
	}
	doc, err := awsspec.ParseTemplate([]byte(body))
	if err != nil {
		return nil, formatError("%s", templateSyntax(err))
	}
	t, err := splitTemplate(doc)
	if err != nil {
		return nil, err
	}
	if err := t.validate(); err != nil {
		return nil, err
	}
	return t, nil
}

func templateSyntax(err error) string {
	msg := err.Error()
	if strings.HasPrefix(msg, "JSON") {
		return "JSON not well-formed. " + msg
	}
	if strings.HasPrefix(msg, "YAML") {
		return "YAML not well-formed. " + msg
	}
	return msg
}

var templateSections = map[string]bool{
	"AWSTemplateFormatVersion": true, "Description": true, "Metadata": true, "Parameters": true,
	"Rules": true, "Mappings": true, "Conditions": true, "Transform": true, "Resources": true,
	"Outputs": true,
}

func splitTemplate(doc map[string]any) (*Template, error) {
	for k := range doc {
		if !templateSections[k] {
			return nil, formatError("Invalid template property or properties [%s]", k)
		}
	}
	t := &Template{Mappings: AsMap(doc["Mappings"]), Conditions: AsMap(doc["Conditions"])}
	t.Description, _ = doc["Description"].(string)
	t.Params = sectionOfMaps(doc["Parameters"])
	t.Outputs = sectionOfMaps(doc["Outputs"])
	res := AsMap(doc["Resources"])
	if len(res) == 0 {
		return nil, formatError("At least one Resources member must be defined.")
	}
	t.Resources = map[string]*ResourceDecl{}
	for id, raw := range res {
		d, err := resDecl(id, raw)
		if err != nil {
			return nil, err
		}
		t.Resources[id] = d
	}
	return t, nil
}

func resDecl(id string, raw any) (*ResourceDecl, error) {
	m := AsMap(raw)
	d := &ResourceDecl{ID: id, Props: AsMap(m["Properties"])}
	d.Type, _ = m["Type"].(string)
	if d.Type == "" {
		return nil, formatError("[/Resources/%s] Every Resources object must contain a Type member.", id)
	}
	d.Condition, _ = m["Condition"].(string)
	d.DeletionPolicy, _ = m["DeletionPolicy"].(string)
	switch dep := m["DependsOn"].(type) {
	case string:
		d.DependsOn = []string{dep}
	case []any:
		for _, x := range dep {
			if s, ok := x.(string); ok {
				d.DependsOn = append(d.DependsOn, s)
			}
		}
	}
	return d, nil
}

// AsMap returns v as a template object, nil when it is not one.
func AsMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func sectionOfMaps(v any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for k, x := range AsMap(v) {
		out[k] = AsMap(x)
	}
	return out
}

// resourceIDs returns the logical IDs in sorted order.
func (t *Template) resourceIDs() []string {
	ids := make([]string, 0, len(t.Resources))
	for id := range t.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// validate applies the checks CloudFormation makes before accepting a
// template: known resource types, resolvable references, no cycles.
func (t *Template) validate() error {
	if err := t.checkTypes(); err != nil {
		return err
	}
	if err := t.checkRefs(); err != nil {
		return err
	}
	_, err := t.Order()
	return err
}

func (t *Template) checkTypes() error {
	var unknown []string
	for _, id := range t.resourceIDs() {
		if typ := t.Resources[id].Type; !knownType(typ) {
			unknown = append(unknown, typ)
		}
	}
	if len(unknown) > 0 {
		return formatError("Unrecognized resource types: [%s]", strings.Join(unknown, ", "))
	}
	return nil
}

func (t *Template) checkRefs() error {
	var missing []string
	for _, id := range t.resourceIDs() {
		d := t.Resources[id]
		refs := collectRefs(d.Props)
		for _, dep := range d.DependsOn {
			refs = append(refs, ref{Name: dep, Resource: true})
		}
		for _, r := range refs {
			if err := t.checkRef(r, &missing); err != nil {
				return err
			}
		}
	}
	if len(missing) > 0 {
		return formatError("Unresolved resource dependencies [%s] in the Resources block of the template", strings.Join(simcore.Unique(missing), ", "))
	}
	for _, k := range slices.Sorted(maps.Keys(t.Outputs)) {
		for _, r := range collectRefs(t.Outputs[k]) {
			if err := t.checkRef(r, &missing); err != nil {
				return err
			}
		}
	}
	if len(missing) > 0 {
		return formatError("Unresolved resource dependencies [%s] in the Outputs block of the template", strings.Join(simcore.Unique(missing), ", "))
	}
	return nil
}

func (t *Template) checkRef(r ref, missing *[]string) error {
	if _, ok := t.Params[r.Name]; ok && !r.Resource {
		return nil
	}
	if _, ok := pseudoParams[r.Name]; ok && !r.Resource {
		return nil
	}
	d, ok := t.Resources[r.Name]
	if !ok {
		*missing = append(*missing, r.Name)
		return nil
	}
	if r.Attr != "" && !HasAttribute(d.Type, r.Attr) {
		return simcore.Errorf("ValidationError", "Template error: resource %s does not support attribute type %s in Fn::GetAtt", r.Name, r.Attr)
	}
	return nil
}

// Deps returns the logical IDs resource id depends on (Ref, GetAtt, Sub,
// DependsOn), sorted.
func (t *Template) Deps(id string) []string {
	d := t.Resources[id]
	set := map[string]bool{}
	for _, r := range collectRefs(d.Props) {
		if _, ok := t.Resources[r.Name]; ok {
			set[r.Name] = true
		}
	}
	for _, dep := range d.DependsOn {
		set[dep] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// Order returns the logical IDs in a topological order (dependencies
// first, ties by name), or CloudFormation's circular dependency error.
func (t *Template) Order() ([]string, error) {
	state := map[string]int{}
	var out []string
	var visit func(id string, path []string) error
	visit = func(id string, path []string) error {
		switch state[id] {
		case 1:
			return simcore.Errorf("ValidationError", "Circular dependency between resources: [%s]", strings.Join(cycleOf(path, id), ", "))
		case 2:
			return nil
		}
		state[id] = 1
		for _, dep := range t.Deps(id) {
			if err := visit(dep, append(path, id)); err != nil {
				return err
			}
		}
		state[id] = 2
		out = append(out, id)
		return nil
	}
	for _, id := range t.resourceIDs() {
		if err := visit(id, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func cycleOf(path []string, id string) []string {
	for i, p := range path {
		if p == id {
			c := append([]string(nil), path[i:]...)
			sort.Strings(c)
			return c
		}
	}
	return []string{id}
}

// describe is used in messages about a value.
func describe(v any) string { return fmt.Sprint(v) }

// Bracketed renders names as CloudFormation does in its messages: "[a, b]".
func Bracketed(names []string) string { return "[" + strings.Join(names, ", ") + "]" }
