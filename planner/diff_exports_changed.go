package planner

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"flightplan/addr"
	"flightplan/stacks"
)

// Exports that change while in use.
//
// CloudFormation refuses to change the value of an export that another
// stack imports ("Cannot update export X as it is in use by Y"): the update
// fails and rolls back. No order of one apply avoids that, since the
// importers must stop importing before the export may change. So the plan
// says it beforehand, as a warning on the changed node (Change.Warnings),
// naming the export, the importing stacks and what to do.
//
// An export's value changes when its expression changes, or when it
// refers (Ref, Fn::GetAtt, Fn::Sub) to a resource that is replaced — one
// the diff marks as replaced, or one whose replacing property refers to a
// replaced resource (a security group whose VpcId is the replaced VPC),
// found transitively, since CloudFormation replaces those too. Importers
// are the live stacks in the same account and region whose deployed
// template imports the export, except those the plan deletes (deletes of
// dependents come first).

// exportWarnings adds a warning to every stack update that changes an
// export another live stack imports.
func exportWarnings(d *stacks.Desired, idx *liveIndex, changes []*Change, replaces func(string, []string) bool) {
	deleted := map[addr.Address]bool{}
	for _, c := range changes {
		if c.Action == Delete {
			deleted[c.Addr] = true
		}
	}
	for _, c := range changes {
		if !updatesStack(c) {
			continue
		}
		live, desired := liveTemplate(idx, c.Addr), desiredTemplate(d, c.Addr)
		renewed := renewedResources(c.Stack, desired, replaces)
		var users []string // the importers of each group of exports, in order
		byUsers := map[string][]string{}
		for _, name := range changedExports(live, desired, renewed) {
			if us := importers(idx, c, name, deleted); len(us) > 0 {
				key := strings.Join(us, ", ")
				if byUsers[key] == nil {
					users = append(users, key)
				}
				byUsers[key] = append(byUsers[key], name)
			}
		}
		var inUse []string
		for _, key := range users {
			inUse = append(inUse, strings.Join(byUsers[key], ", ")+" (imported by "+key+")")
		}
		if len(inUse) > 0 {
			c.Warnings = append(c.Warnings, exportInUseWarning(c, inUse))
		}
	}
}

// exportInUseWarning is the one warning of a node whose update changes
// exports in use (each "NAME, NAME (imported by …)").
func exportInUseWarning(c *Change, inUse []string) string {
	what := "without what imports them"
	if c.Addr.Kind == addr.KindEnv {
		what = "without the workloads of environment " + c.Addr.Env + " that import them (remove them from the file, or from that environment)"
	}
	return fmt.Sprintf("this update changes exports that other stacks import: %s. CloudFormation refuses to change an export in use, "+
		"so apply would fail and roll the stack back. Apply first %s, then apply this change, then add them back",
		strings.Join(inUse, "; "), what)
}

// renewedResources are the logical IDs of the desired template whose
// physical resource the update replaces: those the diff marks Replace, and
// those a replacing property of which refers to one of them.
func renewedResources(sc *StackChange, desired map[string]any, replaces func(string, []string) bool) map[string]bool {
	renewed := map[string]bool{}
	for _, r := range sc.Resources {
		if r.Action == Replace {
			renewed[r.LogicalID] = true
		}
	}
	resources := asMap(desired["Resources"])
	for grew := len(renewed) > 0; grew; {
		grew = false
		for id, r := range resources {
			if renewed[id] {
				continue
			}
			typ := typeOf(asMap(r))
			walkRefs(asMap(r)["Properties"], nil, func(segs []string, target string) {
				if renewed[target] && !renewed[id] && replaces != nil && replaces(typ, segs) {
					renewed[id], grew = true, true
				}
			})
		}
	}
	return renewed
}

// changedExports are the export names, sorted, that both templates export
// with a value that changes: another expression, or one that refers to a
// renewed resource.
func changedExports(live, desired map[string]any, renewed map[string]bool) []string {
	before := exportValues(live)
	var out []string
	for name, value := range exportValues(desired) {
		old, ok := before[name]
		if !ok {
			continue
		}
		refersRenewed := false
		walkRefs(value, nil, func(_ []string, target string) { refersRenewed = refersRenewed || renewed[target] })
		if refersRenewed || !reflect.DeepEqual(old, value) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// exportValues maps each literal export name of a template to its value.
func exportValues(t map[string]any) map[string]any {
	out := map[string]any{}
	for _, o := range asMap(t["Outputs"]) {
		if name, ok := asMap(asMap(o)["Export"])["Name"].(string); ok {
			out[name] = asMap(o)["Value"]
		}
	}
	return out
}

// importers are the live stacks, other than c's, in c's account and
// region, that import export and that the plan does not delete: "name
// (address)", sorted.
func importers(idx *liveIndex, c *Change, export string, deleted map[addr.Address]bool) []string {
	var out []string
	for a, lo := range idx.live {
		if a == c.Addr || deleted[a] {
			continue
		}
		for _, st := range lo.stacks {
			if st.Account != c.Account || st.Region != c.Region {
				continue
			}
			t, _ := parseTemplate(st.Template)
			uses := map[string]bool{}
			collectImports(t, uses)
			if uses[export] {
				out = append(out, st.Name+" ("+a.String()+")")
			}
		}
	}
	slices.Sort(out)
	return out
}

// subRef finds the ${Name} and ${Name.Attr} references of an Fn::Sub
// string; ${!Literal} is not one.
var subRef = regexp.MustCompile(`\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}`)

// walkRefs calls fn for every logical ID that v refers to (Ref,
// Fn::GetAtt, Fn::Sub), with the path of property names and list indices
// at which the reference sits (the intrinsic itself not included).
func walkRefs(v any, segs []string, fn func(segs []string, target string)) {
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["Ref"].(string); ok && len(x) == 1 {
			fn(segs, ref)
			return
		}
		if att, ok := x["Fn::GetAtt"]; ok && len(x) == 1 {
			fn(segs, getAttTarget(att))
			return
		}
		if sub, ok := x["Fn::Sub"]; ok && len(x) == 1 {
			walkSub(sub, segs, fn)
			return
		}
		for k, e := range x {
			next := segs
			if !isIntrinsic(x) {
				next = append(clone(segs), k)
			}
			walkRefs(e, next, fn)
		}
	case []any:
		for i, e := range x {
			walkRefs(e, append(clone(segs), strconv.Itoa(i)), fn)
		}
	}
}

func getAttTarget(att any) string {
	switch a := att.(type) {
	case []any:
		if len(a) > 0 {
			s, _ := a[0].(string)
			return s
		}
	case string:
		id, _, _ := strings.Cut(a, ".")
		return id
	}
	return ""
}

// walkSub reports the references of an Fn::Sub: its string's ${…}, and
// the values of its variable map.
func walkSub(sub any, segs []string, fn func([]string, string)) {
	text, _ := sub.(string)
	if list, ok := sub.([]any); ok && len(list) > 0 {
		text, _ = list[0].(string)
		if len(list) > 1 {
			walkRefs(list[1], segs, fn)
		}
	}
	for _, m := range subRef.FindAllStringSubmatch(text, -1) {
		fn(segs, m[1])
	}
}
