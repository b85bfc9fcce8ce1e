package drift

import (
	"fmt"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/stacks"
)

// inventory assigns every live object to the node it belongs to, the way
// the planner does: first by the exact names the desired state uses (so a
// stack whose tags were edited is still found), then by tags and paths
// (planner.StackAddress, planner.ParameterAddress).
type inventory struct {
	d     *stacks.Desired
	nodes map[addr.Address]*nodeState
	// unmanaged are notes about live objects of the app that flightplan
	// does not manage.
	unmanaged []string
}

// nodeState is one node: what the file wants and what AWS holds.
type nodeState struct {
	addr addr.Address
	want *stacks.Node // nil for a node only AWS has
	// stack is the live stack that is want's stack, or nil.
	stack *planner.LiveStack
	// params are the live documents want declares, by name.
	params map[string]*planner.LiveParameter
	// extraStacks and extraParams are live objects of the node that the
	// file does not declare (every object of a live-only node).
	extraStacks []*planner.LiveStack
	extraParams []*planner.LiveParameter
}

func newInventory(d *stacks.Desired, s *planner.State) *inventory {
	inv := &inventory{d: d, nodes: map[addr.Address]*nodeState{}}
	claimed := map[any]bool{}
	for _, n := range d.Nodes {
		inv.claim(n, s, claimed)
	}
	for _, st := range s.Stacks {
		if !claimed[st] {
			inv.addStack(st)
		}
	}
	for _, p := range s.Parameters {
		if !claimed[p] {
			inv.addParameter(p)
		}
	}
	return inv
}

func (inv *inventory) claim(n *stacks.Node, s *planner.State, claimed map[any]bool) {
	ns := inv.node(n.Addr)
	ns.want = n
	if n.Stack != nil {
		if st := s.Stack(n.Account, n.Region, n.Stack.Name); st != nil {
			ns.stack, claimed[st] = st, true
		}
	}
	for _, want := range n.Parameters {
		if p := s.Parameter(want.Name); p != nil {
			ns.params[p.Name], claimed[p] = p, true
		}
	}
}

func (inv *inventory) addStack(st *planner.LiveStack) {
	a, ok := planner.StackAddress(inv.d.App, st)
	if !ok {
		inv.unmanaged = append(inv.unmanaged, fmt.Sprintf("stack %s (%s/%s) is tagged %s=%s but is not one flightplan manages; it was not checked",
			st.Name, st.Account, st.Region, planner.TagApplication, inv.d.App))
		return
	}
	ns := inv.node(a)
	ns.extraStacks = append(ns.extraStacks, st)
}

func (inv *inventory) addParameter(p *planner.LiveParameter) {
	a, ok := planner.ParameterAddress(inv.d.App, p.Name)
	if !ok {
		inv.unmanaged = append(inv.unmanaged, fmt.Sprintf("parameter %s is not one flightplan manages; it was not checked", p.Name))
		return
	}
	ns := inv.node(a)
	ns.extraParams = append(ns.extraParams, p)
}

func (inv *inventory) node(a addr.Address) *nodeState {
	ns := inv.nodes[a]
	if ns == nil {
		ns = &nodeState{addr: a, params: map[string]*planner.LiveParameter{}}
		inv.nodes[a] = ns
	}
	return ns
}

// scope returns the nodes to check: the targets, or every node. A target
// that is neither declared nor live is an error.
func (inv *inventory) scope(targets []addr.Address) ([]*nodeState, error) {
	if len(targets) == 0 {
		out := make([]*nodeState, 0, len(inv.nodes))
		for _, ns := range inv.nodes {
			out = append(out, ns)
		}
		return out, nil
	}
	var out []*nodeState
	seen := map[addr.Address]bool{}
	for _, t := range targets {
		ns := inv.nodes[t]
		if ns == nil {
			return nil, fmt.Errorf("target %s is not a node of application %s: the file does not declare it and AWS holds nothing for it", t, inv.d.App)
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, ns)
		}
	}
	return out, nil
}

// liveStacks returns every live stack of the node.
func (ns *nodeState) liveStacks() []*planner.LiveStack {
	if ns.stack == nil {
		return ns.extraStacks
	}
	return append([]*planner.LiveStack{ns.stack}, ns.extraStacks...)
}
