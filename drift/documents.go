package drift

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
)

// fieldDiff is one differing value of a document or a resource.
type fieldDiff struct {
	path             string
	expected, actual any
	kind             string // NOT_EQUAL, ADD or REMOVE
}

// The difference types, as CloudFormation names them.
const (
	diffNotEqual = "NOT_EQUAL"
	diffAdd      = "ADD"    // only in AWS
	diffRemove   = "REMOVE" // missing in AWS
)

// diffDocument compares two SSM documents: JSON objects key by key (paths
// such as "tags.team"), lists of equal length element by element
// ("a[2]"), anything else as one value; a document that is not JSON is
// one value at the path "value".
func diffDocument(want, live string) []fieldDiff {
	var out []fieldDiff
	diffValues(&out, "", decodeJSON(want), decodeJSON(live))
	for i := range out {
		if out[i].path == "" {
			out[i].path = "value"
		}
	}
	return out
}

func diffValues(out *[]fieldDiff, path string, want, live any) {
	wm, wok := want.(map[string]any)
	lm, lok := live.(map[string]any)
	if wok && lok {
		for _, k := range unionKeys(wm, lm) {
			w, inW := wm[k]
			l, inL := lm[k]
			switch {
			case !inW:
				*out = append(*out, fieldDiff{path: join(path, k), actual: l, kind: diffAdd})
			case !inL:
				*out = append(*out, fieldDiff{path: join(path, k), expected: w, kind: diffRemove})
			default:
				diffValues(out, join(path, k), w, l)
			}
		}
		return
	}
	wl, wok := want.([]any)
	ll, lok := live.([]any)
	if wok && lok && len(wl) == len(ll) {
		for i := range wl {
			diffValues(out, path+"["+strconv.Itoa(i)+"]", wl[i], ll[i])
		}
		return
	}
	if !reflect.DeepEqual(want, live) {
		*out = append(*out, fieldDiff{path: path, expected: want, actual: live, kind: diffNotEqual})
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func unionKeys(a, b map[string]any) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// decodeJSON decodes a JSON value, or keeps anything else as the string.
func decodeJSON(s string) any {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s
	}
	return v
}
