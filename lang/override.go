package lang

import (
	"encoding/json"
	"slices"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"flightplan/schema"
)

// Overrides: patches to a compiled template (schema.Override). The
// language checks each block on its own (op, path syntax, value present);
// whether the path exists and the result is a valid template depends on
// the compiled template, so the compiler checks that (stacks/override.go).

var (
	overrideSpec        = mkSpec([]string{"op!", "path!", "value"}, nil)
	taskdefOverrideSpec = mkSpec([]string{"path!", "value!"}, nil)
)

// overrides reads a block's taskdef_override and override blocks, each
// kind in file order: taskdef overrides first, then overrides, the order
// in which Copilot applies its taskdef_overrides and its YAML patches.
func overrides(e *evaluator, n *node) []*schema.Override {
	var out []*schema.Override
	for _, tn := range n.Blocks["taskdef_override"] {
		out = append(out, taskdefOverride(e, tn))
	}
	for _, on := range n.Blocks["override"] {
		out = append(out, override(e, on))
	}
	return out
}

func override(e *evaluator, n *node) *schema.Override {
	o := &schema.Override{DeclRange: n.DefRange}
	opOK := e.oneOf(n, "op", &o.Op, schema.OverrideOps...) != nil
	pa := e.str(n, "path", &o.Path)
	if pa != nil {
		_, err := schema.ParsePointer(o.Path)
		e.check(pa, "Invalid override path", err)
	}
	va := n.attr("value")
	switch {
	case o.Op == schema.OverrideRemove && va != nil:
		e.errorf(va.NameRange, "Value in a remove override", "A remove override takes no value; remove the value, or use op = \"replace\" to set one.")
	case o.Op != schema.OverrideRemove && opOK && va == nil:
		e.errorf(n.DefRange, "Missing override value", "op = %q needs a value: the JSON value to put at the path, written in HCL.", o.Op)
	case va != nil:
		o.Value = jsonValue(e, n, "value")
	}
	return o
}

func taskdefOverride(e *evaluator, n *node) *schema.Override {
	o := &schema.Override{TaskDef: true, DeclRange: n.DefRange}
	if pa := e.str(n, "path", &o.Path); pa != nil {
		_, err := schema.ParseTaskDefPath(o.Path)
		e.check(pa, "Invalid taskdef_override path", err)
	}
	o.Value = jsonValue(e, n, "value")
	return o
}

// jsonValue evaluates an attribute of any type into its JSON value, or nil.
func jsonValue(e *evaluator, n *node, name string) any {
	a := n.attr(name)
	if a == nil {
		return nil
	}
	v, ok := e.value(a.Expr, cty.DynamicPseudoType)
	if !ok {
		return nil
	}
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		e.errorf(a.Expr.Range(), "Invalid override value", "The value cannot be encoded as JSON: %s.", err)
		return nil
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		e.errorf(a.Expr.Range(), "Invalid override value", "The value cannot be encoded as JSON: %s.", err)
		return nil
	}
	return out
}

// refuseTaskdefOverride refuses taskdef_override where there is no task
// definition: request-driven services run on App Runner.
func (l *loader) refuseTaskdefOverride(n *node, t schema.ServiceType) {
	if !slices.Contains([]schema.ServiceType{schema.TypeRequestDriven}, t) {
		return
	}
	for _, b := range n.Blocks["taskdef_override"] {
		l.errorf(b.DefRange, "taskdef_override needs a task definition",
			"A request-driven-web service runs on App Runner and has no ECS task definition; use an override block on the App Runner service (path \"/Resources/Service/Properties/...\") instead.")
	}
}
