package planner

import (
	"flightplan/addr"
	"flightplan/stacks"
)

// Targeted returns the part of d that planning targets needs: each target
// and every node it depends on in g, the graph of d, kept in d's order. With
// no targets it returns d itself. A target that is not a node of g is an
// error.
func Targeted(d *stacks.Desired, g *Graph, targets []addr.Address) (*stacks.Desired, error) {
	if len(targets) == 0 {
		return d, nil
	}
	sub, err := g.Subgraph(targets)
	if err != nil {
		return nil, err
	}
	out := &stacks.Desired{App: d.App, DomainZone: d.DomainZone}
	for _, n := range d.Nodes {
		if sub.Has(n.Addr) {
			out.Nodes = append(out.Nodes, n)
		}
	}
	return out, nil
}
