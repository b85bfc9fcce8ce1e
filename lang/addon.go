package lang

import (
	"gopkg.in/yaml.v3"

	"flightplan/schema"
)

// addons reads the addon blocks of an environment, service or job. Each
// template must parse as YAML or JSON (a CloudFormation template), have a
// Resources section, and only sections that merge into the stack's own
// template (schema.CheckAddonSection).
func (l *loader) addons(e *evaluator, n *node) []*schema.Addon {
	var out []*schema.Addon
	seen := map[string]bool{}
	for _, an := range n.Blocks["addon"] {
		ad := &schema.Addon{Name: an.Labels[0], DeclRange: an.DefRange}
		if seen[ad.Name] {
			e.errorf(an.labelRange(), "Duplicate addon name", "There is already an addon %q in this block; give each addon a unique name.", ad.Name)
			continue
		}
		seen[ad.Name] = true
		l.checkName(an, "addon")
		if a := e.str(an, "template", &ad.Template); a != nil {
			e.check(a, "Invalid addon template", checkTemplate(ad.Template))
		}
		e.strMap(an, "parameters", &ad.Parameters)
		e.flag(an, "nested", &ad.Nested)
		out = append(out, ad)
	}
	return out
}

type templateError string

func (t templateError) Error() string { return string(t) }

func checkTemplate(text string) error {
	// A yaml.Node accepts CloudFormation's short tags (!Ref, !Sub, ...).
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		return templateError("the addon template is neither YAML nor JSON: " + err.Error() + ". Check the file given to file()")
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return templateError("the addon template is not a CloudFormation template: its top level must be a mapping with a Resources section")
	}
	top := doc.Content[0].Content
	hasResources := false
	for i := 0; i+1 < len(top); i += 2 {
		if err := schema.CheckAddonSection(top[i].Value); err != nil {
			return templateError("the addon template's " + err.Error())
		}
		hasResources = hasResources || top[i].Value == "Resources"
	}
	if !hasResources {
		return templateError("the addon template has no Resources section; a CloudFormation template needs one")
	}
	return nil
}
