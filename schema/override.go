package schema

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Override is one patch to a compiled CloudFormation template: the escape
// hatch for what the language does not model. Overrides of a block apply
// in file order, after compilation; see docs/language.md.
type Override struct {
	// Op is OverrideAdd, OverrideRemove or OverrideReplace. A taskdef
	// override (TaskDef) has no op: it sets a value, creating what is
	// missing on the way, as Copilot's taskdef_overrides do.
	Op string
	// Path is a JSON pointer (RFC 6901) from the template's top level, or,
	// for a taskdef override, Copilot's dotted path from the task
	// definition's Properties ("ContainerDefinitions[0].Ulimits[-]").
	Path    string
	TaskDef bool
	// Value is the JSON value (maps, slices, float64, string, bool, nil);
	// nil for remove.
	Value     any
	DeclRange hcl.Range
}

// Override operations (RFC 6902's, the three that Copilot's YAML patches
// support).
const (
	OverrideAdd     = "add"
	OverrideRemove  = "remove"
	OverrideReplace = "replace"
)

// OverrideOps are the operations an override block accepts.
var OverrideOps = []string{OverrideAdd, OverrideRemove, OverrideReplace}

// ParsePointer splits a JSON pointer (RFC 6901) into its unescaped tokens:
// "/Resources/Task~1Def/Properties" → Resources, Task/Def, Properties. The
// empty pointer (the whole template) is refused: an override changes a part.
func ParsePointer(p string) ([]string, error) {
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("path %q must be a JSON pointer starting with \"/\", such as \"/Resources/TaskDefinition/Properties/Cpu\"", p)
	}
	toks := strings.Split(p[1:], "/")
	for i, t := range toks {
		if strings.Contains(strings.ReplaceAll(strings.ReplaceAll(t, "~0", ""), "~1", ""), "~") {
			return nil, fmt.Errorf("path %q has a \"~\" that is neither ~0 (for ~) nor ~1 (for /)", p)
		}
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks, nil
}

// TaskDefStep is one step of a taskdef override's path: a field name, or
// an index into a list (Append for "[-]").
type TaskDefStep struct {
	Field  string
	Index  int
	IsList bool
	Append bool
}

// ParseTaskDefPath parses Copilot's taskdef_overrides path: fields
// separated by ".", each optionally followed by "[N]" or "[-]". Copilot
// forbids changing Family and a container's Name (flightplan's references
// depend on them); so does flightplan.
func ParseTaskDefPath(p string) ([]TaskDefStep, error) {
	if p == "" {
		return nil, fmt.Errorf("path is empty; name a task definition property, such as \"ContainerDefinitions[0].Ulimits[-]\"")
	}
	var steps []TaskDefStep
	for _, part := range strings.Split(p, ".") {
		s, err := taskDefSteps(p, part)
		if err != nil {
			return nil, err
		}
		steps = append(steps, s...)
	}
	if err := checkTaskDefPath(p, steps); err != nil {
		return nil, err
	}
	return steps, nil
}

func taskDefSteps(p, part string) ([]TaskDefStep, error) {
	name, rest, _ := strings.Cut(part, "[")
	if name == "" {
		return nil, fmt.Errorf("path %q has an empty field name; write fields separated by dots, such as \"ContainerDefinitions[0].Ulimits\"", p)
	}
	steps := []TaskDefStep{{Field: name}}
	if rest == "" {
		return steps, nil
	}
	idx, tail, ok := strings.Cut(rest, "]")
	if !ok || tail != "" {
		return nil, fmt.Errorf("path %q has a malformed index in %q; write [N] or [-] right after a field name", p, part)
	}
	if idx == "-" {
		return append(steps, TaskDefStep{IsList: true, Append: true}), nil
	}
	n, err := strconv.Atoi(idx)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("path %q has index %q; an index is a number from 0, or - to append", p, idx)
	}
	return append(steps, TaskDefStep{IsList: true, Index: n}), nil
}

func checkTaskDefPath(p string, steps []TaskDefStep) error {
	if steps[0].Field == "Family" {
		return fmt.Errorf("path %q overrides Family, which flightplan names (as Copilot does, it refuses to change it)", p)
	}
	last := steps[len(steps)-1]
	if len(steps) == 3 && steps[0].Field == "ContainerDefinitions" && last.Field == "Name" {
		return fmt.Errorf("path %q overrides a container's Name, which other settings refer to (as Copilot does, flightplan refuses to change it)", p)
	}
	return nil
}
