package planner

import (
	"fmt"
	"maps"
	"slices"

	"flightplan/addr"
	"flightplan/stacks"
)

// Graph is a directed graph over node addresses. An edge A→B means A depends
// on B: B is applied before A, and destroyed after A. The zero value is not
// usable; build one with NewGraph or BuildGraph. A Graph is not safe for
// concurrent mutation; concurrent reads are fine.
//
// Every listing method returns addresses sorted by addr.Less, so that every
// order derived from a Graph is deterministic.
type Graph struct {
	nodes map[addr.Address]bool
	deps  map[addr.Address]map[addr.Address]bool // A → the nodes A depends on
	users map[addr.Address]map[addr.Address]bool // B → the nodes that depend on B
}

// Edge is one dependency: From depends on To.
type Edge struct {
	From, To addr.Address
}

// NewGraph returns an empty graph.
func NewGraph() *Graph {
	return &Graph{
		nodes: map[addr.Address]bool{},
		deps:  map[addr.Address]map[addr.Address]bool{},
		users: map[addr.Address]map[addr.Address]bool{},
	}
}

// BuildGraph returns the graph of the desired nodes and their DependsOn
// edges, plus the live-only nodes (objects to delete) with their structural
// edges (see StructuralDeps). A dependency on an address that is neither
// desired nor live is an error: the compiler promised a node it did not make.
func BuildGraph(d *stacks.Desired, liveOnly []addr.Address) (*Graph, error) {
	g := NewGraph()
	for _, n := range d.Nodes {
		g.Add(n.Addr)
	}
	for _, a := range liveOnly {
		g.Add(a)
	}
	for _, n := range d.Nodes {
		for _, dep := range n.DependsOn {
			if !g.Has(dep) {
				return nil, fmt.Errorf("%s depends on %s, which the desired state does not have", n.Addr, dep)
			}
			g.Connect(n.Addr, dep)
		}
	}
	for _, a := range liveOnly {
		for _, dep := range StructuralDeps(a) {
			if g.Has(dep) {
				g.Connect(a, dep)
			}
		}
	}
	return g, nil
}

// StructuralDeps returns the nodes that a node of a's kind depends on by
// structure alone: an environment, a workload document, an app region and a
// pipeline need the app; a deployment needs its environment and its workload
// document. It is how live-only nodes, which have no desired DependsOn, are
// placed in the graph so that they are destroyed in the right order. A zone
// or delegation is deleted before the app (whose zone a delegation names);
// an environment zone and a delegation are independent of each other and
// of the environment, whose stack reads the zone only as an Input. Alias
// records in another account's zone go before the deployment they point at.
func StructuralDeps(a addr.Address) []addr.Address {
	switch a.Kind {
	case addr.KindApp:
		return nil
	case addr.KindDeploy:
		return []addr.Address{addr.Env(a.Env), addr.Workload(a.Name)}
	case addr.KindAlias:
		return []addr.Address{addr.Deploy(a.Env, a.Name)}
	default:
		return []addr.Address{addr.App()}
	}
}

// Add adds a node; adding it again does nothing.
func (g *Graph) Add(a addr.Address) {
	g.nodes[a] = true
}

// Connect adds the edge from→to (from depends on to), adding both nodes.
func (g *Graph) Connect(from, to addr.Address) {
	g.Add(from)
	g.Add(to)
	if g.deps[from] == nil {
		g.deps[from] = map[addr.Address]bool{}
	}
	if g.users[to] == nil {
		g.users[to] = map[addr.Address]bool{}
	}
	g.deps[from][to] = true
	g.users[to][from] = true
}

// Has reports whether a is a node of the graph.
func (g *Graph) Has(a addr.Address) bool { return g.nodes[a] }

// Len returns the number of nodes.
func (g *Graph) Len() int { return len(g.nodes) }

// Nodes returns every node, sorted.
func (g *Graph) Nodes() []addr.Address { return sorted(g.nodes) }

// DependsOn returns the nodes a depends on, sorted.
func (g *Graph) DependsOn(a addr.Address) []addr.Address { return sorted(g.deps[a]) }

// Dependents returns the nodes that depend on a, sorted.
func (g *Graph) Dependents(a addr.Address) []addr.Address { return sorted(g.users[a]) }

// Edges returns every edge, sorted by From then To.
func (g *Graph) Edges() []Edge {
	var out []Edge
	for _, from := range g.Nodes() {
		for _, to := range g.DependsOn(from) {
			out = append(out, Edge{From: from, To: to})
		}
	}
	return out
}

// sorted returns the members of set in addr.Less order.
func sorted(set map[addr.Address]bool) []addr.Address {
	return slices.SortedFunc(maps.Keys(set), compareAddr)
}

func compareAddr(a, b addr.Address) int {
	switch {
	case a.Less(b):
		return -1
	case b.Less(a):
		return 1
	}
	return 0
}
