package planner

import (
	"encoding/json"
	"fmt"

	"flightplan/stacks"
)

// diffParameters compares a node's desired SSM documents with the live
// documents assigned to it: each desired one is created or compared field
// by field; a live one the node no longer declares is deleted. Document tags
// are not compared: reading them costs a call per document (see
// LiveParameter).
func diffParameters(want []stacks.Parameter, live []*LiveParameter) ([]*ParameterChange, []string) {
	var out []*ParameterChange
	var why []string
	byName := map[string]*LiveParameter{}
	for _, p := range live {
		byName[p.Name] = p
	}
	declared := map[string]bool{}
	for _, w := range want {
		declared[w.Name] = true
		pc := diffParameter(w, byName[w.Name])
		out = append(out, pc)
		switch pc.Action {
		case Create:
			why = append(why, fmt.Sprintf("document %s does not exist", w.Name))
		case Update:
			why = append(why, fmt.Sprintf("document %s differs", w.Name))
		}
	}
	for _, p := range live {
		if !declared[p.Name] {
			out = append(out, &ParameterChange{Name: p.Name, Action: Delete})
			why = append(why, fmt.Sprintf("document %s is no longer declared", p.Name))
		}
	}
	return out, why
}

// diffParameter compares one document: JSON documents field by field
// (paths such as "accountID" or "tags.team"), anything else as a whole
// value at the path "value".
func diffParameter(want stacks.Parameter, live *LiveParameter) *ParameterChange {
	pc := &ParameterChange{Name: want.Name, Action: NoOp}
	after := decodeDocument(want.Value)
	var before any
	switch {
	case live != nil:
		before = decodeDocument(live.Value)
	case isObject(after):
		pc.Action, before = Create, map[string]any{} // list a new document's fields one by one
	default:
		pc.Action = Create
	}
	var leaves []leafChange
	diffValues(&leaves, path{}, before, after)
	pc.Fields = valueChanges(leaves)
	for i := range pc.Fields {
		if pc.Fields[i].Path == "" {
			pc.Fields[i].Path = "value"
		}
	}
	if pc.Action == NoOp && len(pc.Fields) > 0 {
		pc.Action = Update
	}
	return pc
}

func isObject(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

// decodeDocument decodes a JSON document, or keeps a non-JSON value as is.
func decodeDocument(s string) any {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s
	}
	return v
}
