package cfn

import (
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"flightplan/awsspec"
)

// diffPaths returns the paths (property names, list indexes, map keys) at
// which a and b differ, each as deep as the difference goes.
func diffPaths(a, b any, path []string) [][]string {
	a, b = normalize(a), normalize(b)
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		return diffMaps(am, bm, path)
	}
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if aok && bok && len(al) == len(bl) {
		var out [][]string
		for i := range al {
			out = append(out, diffPaths(al[i], bl[i], appendPath(path, strconv.Itoa(i)))...)
		}
		return out
	}
	if reflect.DeepEqual(a, b) {
		return nil
	}
	return [][]string{path}
}

func diffMaps(a, b map[string]any, path []string) [][]string {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var out [][]string
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		out = append(out, diffPaths(a[k], b[k], appendPath(path, k))...)
	}
	return out
}

func appendPath(path []string, seg string) []string {
	return append(append([]string(nil), path...), seg)
}

// replacement is the change set's Replacement for a property change:
// True, Conditional or False, from the resource specification.
func replacement(typ string, old, new map[string]any) string {
	out := "False"
	for _, p := range diffPaths(old, new, nil) {
		switch recreation(typ, p) {
		case "Always":
			return "True"
		case "Conditionally":
			out = "Conditional"
		}
	}
	return out
}

func recreation(typ string, path []string) string {
	spec := awsspec.Load()
	switch {
	case spec.Replaces(typ, path):
		return "Always"
	case spec.MayReplace(typ, path):
		return "Conditionally"
	}
	return "Never"
}

// changesOf compares a stack's resources with what a template wants.
func changesOf(old, recs map[string]*Resource, order []string) []cfnChange {
	var out []cfnChange
	for _, id := range order {
		rec, prev := recs[id], old[id]
		switch {
		case prev == nil:
			out = append(out, cfnChange{Action: "Add", LogicalID: id, Type: rec.Type})
		case prev.Type != rec.Type:
			out = append(out, cfnChange{Action: "Modify", LogicalID: id, PhysicalID: prev.PhysicalID, Type: rec.Type, Replacement: "True"})
		case rec != prev && !reflect.DeepEqual(normalize(prev.Props), normalize(rec.Props)):
			out = append(out, modifyChange(prev, rec))
		case rec != prev && prev.drifted() && rec.Actual == nil:
			out = append(out, revertChange(prev, rec))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(old)) {
		if _, ok := recs[id]; !ok {
			out = append(out, cfnChange{Action: "Remove", LogicalID: id, PhysicalID: old[id].PhysicalID, Type: old[id].Type})
		}
	}
	return out
}

func modifyChange(prev, rec *Resource) cfnChange {
	c := cfnChange{Action: "Modify", LogicalID: rec.LogicalID, PhysicalID: prev.PhysicalID, Type: rec.Type,
		Replacement: replacement(rec.Type, prev.Props, rec.Props)}
	worst := map[string]string{}
	for _, p := range diffPaths(prev.Props, rec.Props, nil) {
		if len(p) == 0 {
			continue
		}
		if r := recreation(rec.Type, p); rank(r) >= rank(worst[p[0]]) {
			worst[p[0]] = r
		}
	}
	names := slices.Sorted(maps.Keys(worst))
	sort.Strings(names)
	for _, n := range names {
		c.Details = append(c.Details, cfnChangeProp{Name: n, RequiresRecreation: worst[n]})
	}
	return c
}

func rank(r string) int { return strings.Index("Never Conditionally Always", r) }
