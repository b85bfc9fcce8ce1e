package lang

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// rootHelp says where each name of the language is available, for the
// message when one is used where it is not.
var rootHelp = map[string]string{
	"var":   "declare variables with variable blocks",
	"local": "local values are available everywhere except in variable defaults and app.domain",
	"app":   "app.name and app.domain are available everywhere except in variable defaults",
	"image": "image.NAME is available in environments, services, jobs and pipelines",
	"env":   "env.name, env.account and env.region are only available inside service and job bodies",
}

// checkRefs reports references to names that do not exist in the
// evaluator's scope, with suggestions, before evaluation. ok is false when
// it found any, and the expression should not be evaluated; env says that
// a reference names env (for memoValue, from the same references).
func (e *evaluator) checkRefs(expr hcl.Expression) (ok, env bool) {
	ok = true
	for _, t := range expr.Variables() {
		if !e.checkTraversal(t) {
			ok = false
		}
		env = env || t.RootName() == "env"
	}
	return ok, env
}

func (e *evaluator) checkTraversal(t hcl.Traversal) bool {
	root := t.RootName()
	v, found := e.ctx.Variables[root]
	if !found {
		e.unknownRoot(t, root)
		return false
	}
	if len(t) < 2 || !v.Type().IsObjectType() {
		return true
	}
	step, isAttr := t[1].(hcl.TraverseAttr)
	if !isAttr || v.Type().HasAttribute(step.Name) {
		return true
	}
	names := sortedNames(v.Type().AttributeTypes())
	e.errorf(t.SourceRange(), unknownSummary(root), "%s%s", unknownDetail(root, step.Name, names), suggest(step.Name, names))
	return false
}

func (e *evaluator) unknownRoot(t hcl.Traversal, root string) {
	if help, ok := rootHelp[root]; ok {
		e.errorf(t.SourceRange(), fmt.Sprintf("%q is not available here", root), "%s cannot refer to %q: %s.", e.where, root, help)
		return
	}
	names := sortedNames(e.ctx.Variables)
	e.errorf(t.SourceRange(), "Unknown name", "There is no name %q here; %s can refer to %s.%s", root, e.where, known(names), suggest(root, names))
}

func unknownSummary(root string) string {
	switch root {
	case "var":
		return "Undeclared variable"
	case "local":
		return "Unknown local value"
	case "image":
		return "Unknown image"
	}
	return "Unsupported attribute"
}

func unknownDetail(root, name string, names []string) string {
	switch root {
	case "var":
		return fmt.Sprintf("There is no variable %q; declare it with a variable %q {} block.", name, name)
	case "local":
		return fmt.Sprintf("There is no local value %q in the locals blocks.", name)
	case "image":
		return fmt.Sprintf("There is no image block named %q; the images are %s.", name, known(names))
	}
	return fmt.Sprintf("%s has no attribute %q; it has %s.", root, name, known(names))
}

// objectOf builds an object value from string attributes.
func objectOf(attrs map[string]string) cty.Value {
	m := make(map[string]cty.Value, len(attrs))
	for k, v := range attrs {
		m[k] = cty.StringVal(v)
	}
	return cty.ObjectVal(m)
}
