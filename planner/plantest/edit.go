package plantest

import (
	"encoding/json"
	"sort"

	"flightplan/addr"
	"flightplan/stacks"
)

// EditTemplate rewrites the desired template of the node at a through fn,
// which edits the parsed template in place. It panics when the node has no
// stack: fixtures are static.
func EditTemplate(d *stacks.Desired, a addr.Address, fn func(t map[string]any)) {
	n := d.Node(a)
	var t map[string]any
	if err := json.Unmarshal(n.Stack.Template, &t); err != nil {
		panic(err)
	}
	fn(t)
	n.Stack.Template = canonical(t)
}

// Props returns the Properties of a resource of a parsed template.
func Props(t map[string]any, logicalID string) map[string]any {
	return t["Resources"].(map[string]any)[logicalID].(map[string]any)["Properties"].(map[string]any)
}

// Remove drops the nodes whose address satisfies drop, and the DependsOn
// edges to them.
func Remove(d *stacks.Desired, drop func(addr.Address) bool) {
	var kept []*stacks.Node
	for _, n := range d.Nodes {
		if !drop(n.Addr) {
			kept = append(kept, n)
		}
	}
	for _, n := range kept {
		var deps []addr.Address
		for _, dep := range n.DependsOn {
			if !drop(dep) {
				deps = append(deps, dep)
			}
		}
		n.DependsOn = deps
	}
	d.Nodes = kept
}

func sortNodes(nodes []*stacks.Node) {
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].Addr.Less(nodes[j].Addr) })
}
