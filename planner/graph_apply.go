package planner

import (
	"fmt"
	"slices"

	"flightplan/addr"
)

// ApplyGraph returns the graph that apply walks for p: one node per change,
// and an edge A→B when A must wait for B to finish. Change.DependsOn always
// names what a node needs in the forward graph, so:
//   - a create or update waits for the non-deleted nodes it needs;
//   - every node waits for the deletion of each node that needs it
//     (deletes run in reverse order, and a dependent is removed before its
//     dependency changes);
//   - a dependency named in Change.Before is turned around: the dependency
//     waits for this node, whose update stops importing what the
//     dependency's update removes;
//   - a no-op waits for nothing (it finishes at once), though others may
//     still wait for it;
//   - a deleted cert/{env} waits for every change of env/{env} and of its
//     deployments: their distributions stop serving its certificates
//     first (ACM refuses to delete a certificate in use), though the
//     desired state, which no longer has the node, cannot say so.
//
// Dependencies outside the plan (a --target plan) are ignored: they are not
// being changed. ApplyGraph fails on an address it cannot parse, a node
// listed twice, a node that needs a node the plan deletes, and a cycle.
func ApplyGraph(p *Plan) (*Graph, error) {
	g := NewGraph()
	changes := map[addr.Address]*Change{}
	var order []addr.Address
	for _, c := range p.Changes {
		a, err := c.parsedAddr()
		if err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		if _, dup := changes[a]; dup {
			return nil, fmt.Errorf("plan: %s appears twice", a)
		}
		changes[a] = c
		order = append(order, a)
		g.Add(a)
	}
	for _, a := range order {
		if err := addApplyEdges(g, changes, a); err != nil {
			return nil, err
		}
	}
	for _, a := range order {
		if a.Kind != addr.KindCert || changes[a].Action != Delete {
			continue
		}
		for _, b := range order {
			if b.Env == a.Env && (b.Kind == addr.KindEnv || b.Kind == addr.KindDeploy) && changes[b].Action != NoOp {
				g.Connect(a, b)
			}
		}
	}
	if cycles := g.Cycles(); len(cycles) > 0 {
		return nil, fmt.Errorf("the plan's dependencies form a cycle: %v", slices.Concat(cycles...))
	}
	return g, nil
}

// addr is the change's address; plans read from JSON carry only the text
// form.
func (c *Change) parsedAddr() (addr.Address, error) {
	if c.Addr.Kind != "" {
		return c.Addr, nil
	}
	return addr.Parse(c.Address)
}

// addApplyEdges adds the edges of a's dependencies (see ApplyGraph).
func addApplyEdges(g *Graph, changes map[addr.Address]*Change, a addr.Address) error {
	c := changes[a]
	wait := func(node, prerequisite addr.Address) {
		if changes[node].Action != NoOp {
			g.Connect(node, prerequisite)
		}
	}
	for _, s := range c.DependsOn {
		dep, err := addr.Parse(s)
		if err != nil {
			return fmt.Errorf("plan: %s depends on %w", a, err)
		}
		dc, ok := changes[dep]
		switch {
		case !ok || dep == a:
		case c.Action == Delete:
			wait(dep, a) // dep is deleted, or changed, after a is gone
		case dc.Action == Delete && c.Action != NoOp:
			return fmt.Errorf("plan is inconsistent: %s (%s) needs %s, which it deletes", a, c.Action, dep)
		case slices.Contains(c.Before, s):
			wait(dep, a) // a stops importing what dep's update removes
		case c.Action != NoOp && dc.Action != Delete:
			wait(a, dep)
		}
	}
	return nil
}
