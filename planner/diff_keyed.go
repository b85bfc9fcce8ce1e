package planner

import (
	"fmt"
)

// identityFields are the properties that identify an element of a list in
// CloudFormation, tried in this order: container definitions, environment
// variables and secrets by Name; tags and target-group attributes by Key;
// listener-rule conditions by Field; port mappings by ContainerPort. A list
// is diffed element by element by the first of them that every element of
// both sides has, as a scalar, once — so that adding one variable shows one
// line ("Environment[LOG_LEVEL]") instead of the whole list twice.
var identityFields = []string{"Name", "Key", "Field", "ContainerPort"}

// diffKeyedList diffs two lists of objects by their identity and reports
// whether it could. Elements present on one side only are added or
// removed whole; a list whose elements only moved is left to the caller
// (its order is part of the template, and the change must show).
func diffKeyedList(out *[]leafChange, p path, b, a []any) bool {
	field := identityField(b, a)
	if field == "" {
		return false
	}
	before, after := keyedElements(b, field), keyedElements(a, field)
	var leaves []leafChange
	for _, id := range keyedOrder(b, a, field) {
		diffValues(&leaves, p.element(id), before[id], after[id])
	}
	if len(leaves) == 0 {
		return false // same elements, another order
	}
	*out = append(*out, leaves...)
	return true
}

// identityField returns the first identity field that names every element
// of both lists uniquely, or "".
func identityField(lists ...[]any) string {
	for _, f := range identityFields {
		if identifies(f, lists...) {
			return f
		}
	}
	return ""
}

func identifies(field string, lists ...[]any) bool {
	for _, l := range lists {
		if len(l) == 0 {
			continue
		}
		seen := map[string]bool{}
		for _, e := range l {
			id, ok := identity(e, field)
			if !ok || seen[id] {
				return false
			}
			seen[id] = true
		}
	}
	return len(lists[0])+len(lists[len(lists)-1]) > 0
}

// identity is an element's identity under field: a scalar value, printed.
func identity(e any, field string) (string, bool) {
	m, ok := e.(map[string]any)
	if !ok || isIntrinsic(m) {
		return "", false
	}
	switch v := m[field].(type) {
	case string:
		return v, v != ""
	case float64, int, int64, bool:
		return fmt.Sprint(v), true
	}
	return "", false
}

func keyedElements(l []any, field string) map[string]any {
	out := make(map[string]any, len(l))
	for _, e := range l {
		id, _ := identity(e, field)
		out[id] = e
	}
	return out
}

// keyedOrder lists the identities of both lists: the deployed order first,
// then the elements that only the desired list has, in its order.
func keyedOrder(b, a []any, field string) []string {
	var ids []string
	seen := map[string]bool{}
	for _, l := range [][]any{b, a} {
		for _, e := range l {
			if id, _ := identity(e, field); !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return ids
}
