package planner

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"flightplan/awsspec"
)

// parseTemplate reads a template (JSON or YAML, as deployed or as compiled)
// into plain values; both sides of a diff go through it, so that numbers
// and short-form intrinsics compare equal whatever the syntax.
func parseTemplate(body []byte) (map[string]any, error) {
	if len(body) == 0 {
		return map[string]any{}, nil
	}
	return awsspec.ParseTemplate(body)
}

// diffTemplates compares two parsed templates (nil means none): the
// resources one by one, the Outputs section, and every other section.
func diffTemplates(before, after map[string]any, replaces func(string, []string) bool) (res []ResourceChange, outputs, sections []ValueChange) {
	res = diffResources(asMap(before["Resources"]), asMap(after["Resources"]), replaces)
	var out, secs []leafChange
	diffValues(&out, path{text: "Outputs"}, before["Outputs"], after["Outputs"])
	for _, k := range unionKeys(before, after) {
		if k != "Resources" && k != "Outputs" {
			diffValues(&secs, path{text: k}, before[k], after[k])
		}
	}
	return res, valueChanges(out), valueChanges(secs)
}

// diffResources returns the changed resources, sorted by logical ID. An
// added or removed resource carries no properties: the template says it
// all. A resource whose Type changed is replaced.
func diffResources(before, after map[string]any, replaces func(string, []string) bool) []ResourceChange {
	var out []ResourceChange
	for _, id := range unionKeys(before, after) {
		b, a := asMap(before[id]), asMap(after[id])
		switch {
		case before[id] == nil:
			out = append(out, ResourceChange{LogicalID: id, Type: typeOf(a), Action: Create})
		case after[id] == nil:
			out = append(out, ResourceChange{LogicalID: id, Type: typeOf(b), Action: Delete, Retained: retained(b)})
		default:
			if rc, changed := diffResource(id, b, a, replaces); changed {
				out = append(out, rc)
			}
		}
	}
	return out
}

func diffResource(id string, b, a map[string]any, replaces func(string, []string) bool) (ResourceChange, bool) {
	rc := ResourceChange{LogicalID: id, Type: typeOf(a), Action: Update}
	if typeOf(b) != typeOf(a) {
		rc.Action = Replace
		rc.Properties = append(rc.Properties, ValueChange{Path: "Type", Before: typeOf(b), After: typeOf(a), Replaces: true})
	}
	var leaves []leafChange
	for _, k := range unionKeys(b, a) {
		if k != "Type" {
			diffValues(&leaves, path{text: k, segs: []string{k}}, b[k], a[k])
		}
	}
	for _, l := range leaves {
		if len(l.segs) > 1 && l.segs[0] == "Properties" && replaces != nil && replaces(rc.Type, l.segs[1:]) {
			l.Replaces = true
			rc.Action = Replace
		}
		rc.Properties = append(rc.Properties, l.ValueChange)
	}
	return rc, len(rc.Properties) > 0
}

// path is a value's location: its text for people
// ("Properties.Tags[2].Value") and its segments for awsspec
// (["Properties", "Tags", "2", "Value"]).
type path struct {
	text string
	segs []string
}

func (p path) key(k string) path {
	text := k
	if p.text != "" {
		text = p.text + "." + k
	}
	return path{text: text, segs: append(clone(p.segs), k)}
}

// element is the path of a list element known by its identity in
// CloudFormation ("Environment[LOG_LEVEL]"); awsspec skips the segment as it
// skips an index.
func (p path) element(id string) path {
	return path{text: fmt.Sprintf("%s[%s]", p.text, id), segs: append(clone(p.segs), id)}
}

func (p path) index(i int) path {
	return path{text: fmt.Sprintf("%s[%d]", p.text, i), segs: append(clone(p.segs), strconv.Itoa(i))}
}

func clone(s []string) []string { return append([]string(nil), s...) }

// leafChange is a ValueChange with its path's segments.
type leafChange struct {
	ValueChange
	segs []string
}

func valueChanges(leaves []leafChange) []ValueChange {
	var out []ValueChange
	for _, l := range leaves {
		out = append(out, l.ValueChange)
	}
	return out
}

// diffValues appends a change for each leaf that differs. Objects are
// compared key by key and lists of equal length element by element; a list
// whose length changed, a scalar, and an intrinsic function ({"Ref": …},
// {"Fn::…": …}) are compared whole, so the change shows the complete before
// and after values.
func diffValues(out *[]leafChange, p path, b, a any) {
	if reflect.DeepEqual(b, a) {
		return
	}
	bm, bok := b.(map[string]any)
	am, aok := a.(map[string]any)
	if bok && aok && !isIntrinsic(bm) && !isIntrinsic(am) {
		for _, k := range unionKeys(bm, am) {
			diffValues(out, p.key(k), bm[k], am[k])
		}
		return
	}
	bl, bok := b.([]any)
	al, aok := a.([]any)
	if bok && aok && diffKeyedList(out, p, bl, al) {
		return
	}
	if bok && aok && len(bl) == len(al) {
		for i := range bl {
			diffValues(out, p.index(i), bl[i], al[i])
		}
		return
	}
	*out = append(*out, leafChange{ValueChange{Path: p.text, Before: b, After: a}, p.segs})
}

func isIntrinsic(m map[string]any) bool {
	if len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

func unionKeys(a, b map[string]any) []string {
	set := map[string]bool{}
	for k := range a {
		set[k] = true
	}
	for k := range b {
		set[k] = true
	}
	return slices.Sorted(maps.Keys(set))
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func typeOf(r map[string]any) string {
	t, _ := r["Type"].(string)
	return t
}

// retained reports whether a resource's DeletionPolicy keeps it when it
// leaves its stack.
func retained(r map[string]any) bool {
	p, _ := r["DeletionPolicy"].(string)
	return p == "Retain" || p == "RetainExceptOnCreate"
}
