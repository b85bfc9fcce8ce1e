package planner

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// A saved plan is a file: anyone who can write it can edit it, and apply
// must not execute an edit (an added resource, a changed count, a delete
// aimed at another stack). Apply of a saved plan therefore plans again —
// the same configuration (whose hash the plan carries), compiled with the
// plan's image tag, against the live state that the stale check has just
// found unchanged, cut to the plan's targets — and Verify requires the
// file to hold exactly that plan: every change, its action, its desired
// state and everything shown about it. Apply then executes the plan it made
// itself, so a field Verify might overlook cannot reach AWS either; what
// `show` prints of a file that passes is what apply does.

// maxVerifyDifferences bounds the sentences Verify returns: a file edited
// wholesale needs a new plan, not a full account of the edits.
const maxVerifyDifferences = 20

// Verify compares a saved plan with the plan made again from the
// configuration and the live state (planned) and returns one sentence per
// difference, naming the node and the path of the value that differs, never
// the value (it may be sensitive); none means the file holds exactly the
// plan. Creation time, fingerprint and tool version are not compared: the
// stale check (Stale) owns them.
func Verify(saved, planned *Plan) []string {
	var out []string
	if saved.App != planned.App {
		out = append(out, fmt.Sprintf("the plan is for application %q, the configuration declares %q", saved.App, planned.App))
	}
	want := map[string]*Change{}
	for _, c := range planned.Changes {
		want[c.Address] = c
	}
	have := map[string]bool{}
	for _, c := range saved.Changes {
		if have[c.Address] {
			out = append(out, fmt.Sprintf("%s: the plan holds two changes to it", c.Address))
			continue
		}
		have[c.Address] = true
		w := want[c.Address]
		if w == nil {
			out = append(out, fmt.Sprintf("%s: the plan has a change (%s) to a node that flightplan does not plan", c.Address, c.Action))
			continue
		}
		out = append(out, changeDifferences(c, w)...)
	}
	for _, c := range planned.Changes {
		if !have[c.Address] {
			out = append(out, fmt.Sprintf("%s: the plan lacks the change (%s) that flightplan plans", c.Address, c.Action))
		}
	}
	if !slices.Equal(saved.Notes, planned.Notes) {
		out = append(out, "the plan's notes are not the ones flightplan plans")
	}
	if len(out) > maxVerifyDifferences {
		out = append(out[:maxVerifyDifferences], fmt.Sprintf("… and %d more differences", len(out)-maxVerifyDifferences))
	}
	return out
}

// changeDifferences compares one change with the planned one: its action
// first (the difference that matters most), then its desired state, then
// what it shows (stack, documents, image, reasons, dependencies).
func changeDifferences(saved, planned *Change) []string {
	var out []string
	if saved.Action != planned.Action {
		out = append(out, fmt.Sprintf("%s: the plan says %s, flightplan plans %s", saved.Address, saved.Action, planned.Action))
	}
	switch {
	case saved.Desired == nil && planned.Desired != nil:
		out = append(out, fmt.Sprintf("%s: the plan holds no desired state for it, flightplan plans one", saved.Address))
	case saved.Desired != nil && planned.Desired == nil:
		out = append(out, fmt.Sprintf("%s: the plan holds a desired state for it, flightplan plans none", saved.Address))
	default:
		for _, path := range jsonDifferences(saved.Desired, planned.Desired) {
			out = append(out, fmt.Sprintf("%s: the desired state differs at %s", saved.Address, path))
		}
	}
	a, b := *saved, *planned
	a.Desired, b.Desired = nil, nil
	a.Action, b.Action = "", ""
	for _, path := range jsonDifferences(&a, &b) {
		out = append(out, fmt.Sprintf("%s: what the plan shows differs at %s", saved.Address, path))
	}
	return out
}

// jsonDifferences lists the paths at which the JSON encodings of a and b
// differ ("stack.template.Resources.Role", "parameters[0].value"). A string
// that holds a JSON object (a template, a document) is compared as that
// object, so that the path goes inside it.
func jsonDifferences(a, b any) []string {
	da, errA := decodeForDiff(a)
	db, errB := decodeForDiff(b)
	if errA != nil || errB != nil {
		return []string{"(cannot encode it)"}
	}
	var out []string
	walkDifferences("", da, db, &out)
	return out
}

func decodeForDiff(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	return out, json.Unmarshal(raw, &out)
}

func walkDifferences(path string, a, b any, out *[]string) {
	a, b = expandJSON(a), expandJSON(b)
	switch a := a.(type) {
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok {
			break
		}
		for _, k := range unionKeys(a, bm) {
			va, inA := a[k]
			vb, inB := bm[k]
			switch {
			case !inA:
				*out = append(*out, joinPath(path, k)+" (missing from the plan file)")
			case !inB:
				*out = append(*out, joinPath(path, k)+" (in the plan file only)")
			default:
				walkDifferences(joinPath(path, k), va, vb, out)
			}
		}
		return
	case []any:
		bl, ok := b.([]any)
		if !ok || len(a) != len(bl) {
			break
		}
		for i := range a {
			walkDifferences(path+"["+strconv.Itoa(i)+"]", a[i], bl[i], out)
		}
		return
	}
	if !jsonEqual(a, b) {
		if path == "" {
			path = "(the whole value)"
		}
		*out = append(*out, path)
	}
}

// expandJSON decodes a string holding a JSON object or array; anything
// else is returned as it is.
func expandJSON(v any) any {
	s, ok := v.(string)
	if !ok || len(s) < 2 || (s[0] != '{' && s[0] != '[') {
		return v
	}
	var out any
	if json.Unmarshal([]byte(s), &out) != nil {
		return v
	}
	return out
}

func jsonEqual(a, b any) bool {
	ra, errA := json.Marshal(a)
	rb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ra) == string(rb)
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
