package executor

import (
	"flightplan/addr"
	"flightplan/planner"
)

// graph is what a walk needs of the plan: its apply graph (an edge A→B
// means A waits for B; see planner.ApplyGraph), each node's change, and the
// plan's order of the nodes, which breaks ties wherever the walk iterates.
type graph struct {
	edges   *planner.Graph
	order   []addr.Address
	changes map[addr.Address]*planner.Change
	// unblocks lists, for each node, the nodes that wait for it, in the
	// plan's order.
	unblocks map[addr.Address][]addr.Address
}

// buildGraph derives the walk's graph from the plan (planner.ApplyGraph
// says which node waits for which, and checks the plan).
func buildGraph(p *planner.Plan) (*graph, error) {
	edges, err := planner.ApplyGraph(p)
	if err != nil {
		return nil, err
	}
	g := &graph{edges: edges, changes: map[addr.Address]*planner.Change{}, unblocks: map[addr.Address][]addr.Address{}}
	for _, c := range p.Changes {
		a := changeAddr(c)
		g.changes[a] = c
		g.order = append(g.order, a)
	}
	for _, a := range g.order {
		for _, prerequisite := range edges.DependsOn(a) {
			g.unblocks[prerequisite] = append(g.unblocks[prerequisite], a)
		}
	}
	return g, nil
}

// waits is how many nodes a waits for.
func (g *graph) waits(a addr.Address) int { return len(g.edges.DependsOn(a)) }

// ranks gives each node the length of the longest chain of work from it to
// the end of the walk, itself included: a node weighs one, plus one per
// resource its stack creates, changes or deletes — a rough measure of how
// long it takes, since a stack operation's time grows with its resources.
func (g *graph) ranks() map[addr.Address]int {
	return g.edges.ChainWeights(func(a addr.Address) int { return weight(g.changes[a]) })
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
