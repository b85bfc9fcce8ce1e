package stacks

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"flightplan/awsspec"
	"flightplan/schema"
)

// Addons.
//
// Copilot deploys an addon template as a nested stack
// (AWS::CloudFormation::Stack), which needs the template uploaded to S3
// first. flightplan deliberately differs: it MERGES the addon's
// Parameters, Conditions, Mappings, Resources and Outputs into the
// workload's (or environment's) own template, every logical ID prefixed
// with the addon's name in PascalCase ("orders-table" → "OrdersTable…").
// No upload is needed, and one change set shows every change, addon
// resources included.
//
// References inside the addon (Ref, Fn::GetAtt, Fn::Sub, Fn::If,
// Condition, Fn::FindInMap, DependsOn) are rewritten to the prefixed IDs.
// The parameters App, Env and Name (Name for workloads: the workload's
// name) are wired to literal values, unless the file's parameters give
// them another value; the addon's other parameters become prefixed stack
// parameters whose values come from the file's parameters (or their
// Default). A parameter without a value, or a file parameter that the
// addon does not declare, is an error.
//
// Outputs are wired as Copilot wires a workload addon's outputs: the
// Ref of an AWS::SecretsManager::Secret becomes a container secret, of an
// AWS::IAM::ManagedPolicy a policy of the task role, of an
// AWS::EC2::SecurityGroup (or its GroupId) a security group of the
// tasks; any other output becomes an environment variable named after the
// output in SNAKE_CASE (OrdersTableName → ORDERS_TABLE_NAME). An
// environment addon's outputs are kept as outputs, exports included.

// Kinds of addon outputs.
const (
	outputVariable = iota
	outputSecret
	outputPolicy
	outputSecurityGroup
)

// addonOutput is one wired output of an addon.
type addonOutput struct {
	name  string // SNAKE_CASE of the output's name
	kind  int
	value any // the rewritten output value
}

// mergeAddons merges every addon into t and returns their wired outputs
// and the stack parameters they need. literals are the values of App, Env
// and Name.
func mergeAddons(t *template, addons []*schema.Addon, literals map[string]string) ([]addonOutput, map[string]string, error) {
	var outs []addonOutput
	params := map[string]string{}
	for _, a := range addons {
		o, err := mergeAddon(t, a, literals, params)
		if err != nil {
			return nil, nil, fmt.Errorf("addon %q: %w", a.Name, err)
		}
		outs = append(outs, o...)
	}
	return outs, params, nil
}

func mergeAddon(t *template, a *schema.Addon, literals, params map[string]string) ([]addonOutput, error) {
	doc, err := awsspec.ParseTemplate([]byte(a.Template))
	if err != nil {
		return nil, err
	}
	if err := checkAddonSections(doc); err != nil {
		return nil, err
	}
	rw := newRewriter(pascalCase(a.Name), doc, literals, a.Parameters)
	if err := rw.mergeParameters(t, section(doc, "Parameters"), a.Parameters, params); err != nil {
		return nil, err
	}
	if t.mappings == nil {
		t.mappings, t.conditions = obj{}, obj{}
	}
	for _, sec := range []struct {
		name string
		dst  obj
		fn   func(any) any
	}{
		{"Mappings", t.mappings, func(v any) any { return v }},
		{"Conditions", t.conditions, rw.rewrite},
		{"Resources", t.resources, rw.resource},
		{"Outputs", t.outputs, rw.output},
	} {
		for _, id := range slices.Sorted(maps.Keys(section(doc, sec.name))) {
			if _, dup := sec.dst[rw.prefix+id]; dup || (sec.name == "Resources" && t.parameters[rw.prefix+id] != nil) {
				return nil, fmt.Errorf("%s %q becomes %s%s, which the template already has", strings.ToLower(strings.TrimSuffix(sec.name, "s")), id, rw.prefix, id)
			}
			sec.dst[rw.prefix+id] = sec.fn(section(doc, sec.name)[id])
		}
	}
	return rw.wireOutputs(section(doc, "Outputs")), nil
}

// checkAddonSections refuses what cannot be merged.
func checkAddonSections(doc map[string]any) error {
	for _, k := range slices.Sorted(maps.Keys(doc)) {
		if err := schema.CheckAddonSection(k); err != nil {
			return err
		}
	}
	if len(section(doc, "Resources")) == 0 {
		return fmt.Errorf("the template has no Resources")
	}
	return nil
}

// section returns a top-level section of a parsed template, or nil.
func section(doc map[string]any, name string) map[string]any {
	m, _ := doc[name].(map[string]any)
	return m
}

// mergeParameters declares the addon's parameters (other than the literal
// ones) with prefixed names and records their stack values.
func (rw *rewriter) mergeParameters(t *template, declared map[string]any, given map[string]string, params map[string]string) error {
	for _, name := range slices.Sorted(maps.Keys(given)) {
		if _, ok := declared[name]; !ok {
			return fmt.Errorf("parameter %q is given in the file but not declared by the template", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(declared)) {
		if _, lit := rw.literals[name]; lit {
			continue
		}
		def, _ := declared[name].(map[string]any)
		id := rw.prefix + name
		if _, dup := t.parameters[id]; dup {
			return fmt.Errorf("parameter %q becomes %s, which the template already has", name, id)
		}
		t.parameters[id] = def
		if v, ok := given[name]; ok {
			params[id] = v
		} else if _, ok := def["Default"]; !ok {
			return fmt.Errorf("parameter %q has no value: give it in the addon's parameters", name)
		}
	}
	return nil
}

// wireOutputs classifies the addon's outputs (see the package comment).
func (rw *rewriter) wireOutputs(outputs map[string]any) []addonOutput {
	var outs []addonOutput
	for _, name := range slices.Sorted(maps.Keys(outputs)) {
		o, _ := outputs[name].(map[string]any)
		value := rw.rewrite(o["Value"])
		outs = append(outs, addonOutput{name: snakeCase(name), kind: rw.outputKind(o["Value"]), value: value})
	}
	return outs
}

// outputKind tells what an output's value refers to.
func (rw *rewriter) outputKind(v any) int {
	m, _ := v.(map[string]any)
	var res string
	switch {
	case m["Ref"] != nil:
		res, _ = m["Ref"].(string)
	case m["Fn::GetAtt"] != nil:
		if r, attr, ok := getAttParts(m["Fn::GetAtt"]); ok && attr == "GroupId" {
			res = r
		}
	}
	switch rw.types[res] {
	case "AWS::SecretsManager::Secret":
		return outputSecret
	case "AWS::IAM::ManagedPolicy":
		return outputPolicy
	case "AWS::EC2::SecurityGroup":
		return outputSecurityGroup
	}
	return outputVariable
}

// pascalCase turns a name into a logical ID prefix: "orders-table" →
// "OrdersTable".
func pascalCase(name string) string {
	var b strings.Builder
	for _, part := range strings.Split(name, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// snakeCase turns an output name into an environment variable name, as
// Copilot does: "OrdersTableName" → "ORDERS_TABLE_NAME", "DBURL" → "DBURL",
// "DBName" → "DB_NAME".
func snakeCase(name string) string {
	var b strings.Builder
	for i, r := range name {
		if i > 0 && isUpper(r) {
			prev, next := rune(name[i-1]), rune(0)
			if i+1 < len(name) {
				next = rune(name[i+1])
			}
			if prev != '_' && (!isUpper(prev) || (next >= 'a' && next <= 'z')) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

func isUpper(r rune) bool { return r >= 'A' && r <= 'Z' }
