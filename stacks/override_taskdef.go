package stacks

import (
	"fmt"
	"strings"

	"flightplan/schema"
)

// taskDefinitionID is the logical ID of a workload's ECS task definition,
// which taskdef overrides patch (Copilot's name).
const taskDefinitionID = "TaskDefinition"

// applyTaskDef applies a taskdef override: Copilot's semantics (see
// override.go), under Resources.TaskDefinition.Properties.
func applyTaskDef(doc any, o *schema.Override) (any, error) {
	steps, err := schema.ParseTaskDefPath(o.Path)
	if err != nil {
		return nil, err
	}
	top, _ := doc.(map[string]any)
	res, _ := top["Resources"].(map[string]any)
	td, _ := res[taskDefinitionID].(map[string]any)
	props, _ := td["Properties"].(map[string]any)
	if props == nil {
		return nil, fmt.Errorf("the template has no task definition (Resources.%s) to override", taskDefinitionID)
	}
	if _, err := setTaskDef(props, steps, o.Value, ""); err != nil {
		return nil, err
	}
	return doc, nil
}

// setTaskDef sets value at steps under node, creating missing objects and
// lists; it returns the new node. at is the path walked so far.
func setTaskDef(node any, steps []schema.TaskDefStep, value any, at string) (any, error) {
	if len(steps) == 0 {
		return value, nil
	}
	s, rest := steps[0], steps[1:]
	if !s.IsList {
		m, ok := node.(map[string]any)
		if node == nil {
			m, ok = map[string]any{}, true
		}
		if !ok {
			return nil, fmt.Errorf("%s is a %s, so it has no field %q", orProps(at), kindOf(node), s.Field)
		}
		v, err := setTaskDef(m[s.Field], rest, value, joinDot(at, s.Field))
		m[s.Field] = v
		return m, err
	}
	l, ok := node.([]any)
	if node == nil {
		l, ok = []any{}, true
	}
	if !ok {
		return nil, fmt.Errorf("%s is a %s, not a list to index", orProps(at), kindOf(node))
	}
	if s.Append {
		v, err := setTaskDef(nil, rest, value, at+"[-]")
		return append(l, v), err
	}
	if s.Index >= len(l) {
		return nil, fmt.Errorf("path does not exist: %s has %d elements, so no index %d (use [-] to append)", orProps(at), len(l), s.Index)
	}
	v, err := setTaskDef(l[s.Index], rest, value, fmt.Sprintf("%s[%d]", at, s.Index))
	l[s.Index] = v
	return l, err
}

func joinDot(at, field string) string {
	if at == "" {
		return field
	}
	return at + "." + field
}

func orProps(at string) string {
	if at == "" {
		return "the task definition's Properties"
	}
	return strings.TrimPrefix(at, ".")
}
