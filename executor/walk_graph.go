package executor

import (
	"fmt"
	"slices"

	"flightplan/addr"
	"flightplan/planner"
)

// graph is the order of a walk: for each node, the nodes it waits for and
// the nodes it unblocks. No-op nodes wait for nothing.
type graph struct {
	order    []addr.Address
	changes  map[addr.Address]*planner.Change
	waitsFor map[addr.Address][]addr.Address
	unblocks map[addr.Address][]addr.Address
}

// buildGraph derives the walk's edges from the plan. Change.DependsOn
// always names what a node needs in the forward graph, so:
//   - a create/update node waits for the non-deleted nodes it needs;
//   - every node waits for the deletion of each node that needs it
//     (reverse order for deletes, and a dependent's removal before its
//     dependency changes).
//
// Dependencies outside the plan (a --target plan) are ignored: they are
// not being changed.
func buildGraph(p *planner.Plan) (*graph, error) {
	g := &graph{changes: map[addr.Address]*planner.Change{}, waitsFor: map[addr.Address][]addr.Address{}, unblocks: map[addr.Address][]addr.Address{}}
	if err := g.addNodes(p); err != nil {
		return nil, err
	}
	for _, a := range g.order {
		if err := g.addEdges(a); err != nil {
			return nil, err
		}
	}
	if cycle := g.findCycle(); cycle != nil {
		return nil, fmt.Errorf("the plan's dependencies form a cycle: %v", cycle)
	}
	return g, nil
}

func (g *graph) addNodes(p *planner.Plan) error {
	for _, c := range p.Changes {
		a, err := addr.Parse(c.Address)
		if c.Addr.Kind != "" {
			a, err = c.Addr, nil
		}
		if err != nil {
			return fmt.Errorf("plan: %w", err)
		}
		if _, dup := g.changes[a]; dup {
			return fmt.Errorf("plan: %s appears twice", a)
		}
		g.changes[a] = c
		g.order = append(g.order, a)
	}
	return nil
}

func (g *graph) addEdges(a addr.Address) error {
	c := g.changes[a]
	for _, s := range c.DependsOn {
		dep, err := addr.Parse(s)
		if err != nil {
			return fmt.Errorf("plan: %s depends on %w", a, err)
		}
		dc, ok := g.changes[dep]
		switch {
		case !ok || dep == a:
		case c.Action == planner.Delete:
			g.edge(dep, a) // dep is deleted, or changed, after a is gone
		case dc.Action == planner.Delete && c.Action != planner.NoOp:
			return fmt.Errorf("plan is inconsistent: %s (%s) needs %s, which it deletes", a, c.Action, dep)
		case slices.Contains(c.Before, s):
			g.edge(dep, a) // a stops importing what dep's update removes
		case c.Action != planner.NoOp && dc.Action != planner.Delete:
			g.edge(a, dep)
		}
	}
	return nil
}

// edge records that node waits for prerequisite, unless it is a no-op.
func (g *graph) edge(node, prerequisite addr.Address) {
	if g.changes[node].Action == planner.NoOp {
		return
	}
	g.waitsFor[node] = append(g.waitsFor[node], prerequisite)
	g.unblocks[prerequisite] = append(g.unblocks[prerequisite], node)
}

// findCycle returns the nodes left when no more can be ordered, nil if
// every node can be.
func (g *graph) findCycle() []addr.Address {
	pending := map[addr.Address]int{}
	var ready []addr.Address
	for _, a := range g.order {
		if pending[a] = len(g.waitsFor[a]); pending[a] == 0 {
			ready = append(ready, a)
		}
	}
	for len(ready) > 0 {
		a := ready[0]
		ready = ready[1:]
		for _, d := range g.unblocks[a] {
			if pending[d]--; pending[d] == 0 {
				ready = append(ready, d)
			}
		}
	}
	var left []addr.Address
	for _, a := range g.order {
		if pending[a] > 0 {
			left = append(left, a)
		}
	}
	return left
}

// ranks gives each node the length of the longest chain of work from it to
// the end of the walk, itself included: a node weighs one, plus one per
// resource its stack creates, changes or deletes — a rough measure of how
// long it takes, since a stack operation's time grows with its resources.
func (g *graph) ranks() map[addr.Address]int {
	rank := map[addr.Address]int{}
	var of func(a addr.Address) int
	of = func(a addr.Address) int {
		if r, ok := rank[a]; ok {
			return r
		}
		after := 0
		for _, d := range g.unblocks[a] {
			after = max(after, of(d))
		}
		rank[a] = weight(g.changes[a]) + after
		return rank[a]
	}
	for _, a := range g.order {
		of(a)
	}
	return rank
}

func weight(c *planner.Change) int {
	if c.Action == planner.NoOp {
		return 0
	}
	if c.Stack == nil {
		return 1
	}
	return 1 + len(c.Stack.Resources)
}
