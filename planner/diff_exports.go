package planner

import (
	"slices"

	"flightplan/addr"
	"flightplan/stacks"
)

// Exports and the order of updates.
//
// A stack that imports another's export depends on it, so it is normally
// applied after it. But CloudFormation refuses to remove an export that a
// stack still imports ("Export X cannot be deleted as it is in use by Y"):
// when an update removes an export that a dependent imports today and will
// not import once updated (the environment loses its HTTPS listener when
// the domain goes, and the service's rule moves to the HTTP one), the
// dependent must be updated first. exportInversions finds those pairs and
// records them in Change.Before, which the executor honours. A dependent
// that would also import something the same update adds cannot be ordered
// either way in one apply; that is left to CloudFormation's refusal.

// exportInversions sets Change.Before on every changed node whose live
// stack imports an export that a changed dependency removes, when its
// desired stack no longer imports it.
func exportInversions(d *stacks.Desired, idx *liveIndex, changes []*Change) {
	byAddr := map[addr.Address]*Change{}
	for _, c := range changes {
		byAddr[c.Addr] = c
	}
	for _, c := range changes {
		if !updatesStack(c) {
			continue
		}
		dropped := droppedImports(liveTemplate(idx, c.Addr), desiredTemplate(d, c.Addr))
		if len(dropped) == 0 {
			continue
		}
		for _, dep := range c.DependsOn {
			a, err := addr.Parse(dep)
			dc := byAddr[a]
			if err != nil || dc == nil || !updatesStack(dc) {
				continue
			}
			removed := removedExports(liveTemplate(idx, a), desiredTemplate(d, a))
			if slices.ContainsFunc(dropped, func(name string) bool { return removed[name] }) {
				c.Before = append(c.Before, dep)
			}
		}
	}
}

func updatesStack(c *Change) bool {
	return c.Stack != nil && c.Stack.Action == Update
}

func liveTemplate(idx *liveIndex, a addr.Address) map[string]any {
	lo := idx.live[a]
	if lo == nil || len(lo.stacks) == 0 {
		return nil
	}
	t, _ := parseTemplate(lo.stacks[0].Template)
	return t
}

func desiredTemplate(d *stacks.Desired, a addr.Address) map[string]any {
	n := d.Node(a)
	if n == nil || n.Stack == nil {
		return nil
	}
	t, _ := parseTemplate(n.Stack.Template)
	return t
}

// droppedImports are the export names the live template imports and the
// desired one does not.
func droppedImports(live, desired map[string]any) []string {
	want := map[string]bool{}
	collectImports(desired, want)
	have := map[string]bool{}
	collectImports(live, have)
	var out []string
	for name := range have {
		if !want[name] {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// collectImports adds every literal Fn::ImportValue name in v to into.
func collectImports(v any, into map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		if name, ok := x["Fn::ImportValue"].(string); ok && len(x) == 1 {
			into[name] = true
			return
		}
		for _, e := range x {
			collectImports(e, into)
		}
	case []any:
		for _, e := range x {
			collectImports(e, into)
		}
	}
}

// removedExports are the literal export names of the live template's
// outputs that the desired template no longer exports.
func removedExports(live, desired map[string]any) map[string]bool {
	keep := exportNames(desired)
	out := map[string]bool{}
	for name := range exportNames(live) {
		if !keep[name] {
			out[name] = true
		}
	}
	return out
}

func exportNames(t map[string]any) map[string]bool {
	out := map[string]bool{}
	for _, o := range asMap(t["Outputs"]) {
		if name, ok := asMap(asMap(o)["Export"])["Name"].(string); ok {
			out[name] = true
		}
	}
	return out
}
