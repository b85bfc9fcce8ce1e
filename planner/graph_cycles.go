package planner

import (
	"strings"

	"flightplan/addr"
)

// CycleError reports the dependency cycles of a graph. Each cycle lists its
// members in edge order, starting from its least address: [a, b, c] means
// a depends on b, b on c, and c on a.
type CycleError struct {
	Cycles [][]addr.Address
}

func (e *CycleError) Error() string {
	var b strings.Builder
	b.WriteString("dependency cycle")
	if len(e.Cycles) > 1 {
		b.WriteString("s")
	}
	b.WriteString(": ")
	for i, c := range e.Cycles {
		if i > 0 {
			b.WriteString("; ")
		}
		for _, a := range c {
			b.WriteString(a.String() + " → ")
		}
		b.WriteString(c[0].String())
	}
	return b.String()
}

// Cycles returns one cycle per strongly connected component that has one
// (every node that takes part in a cycle is in exactly one reported cycle),
// ordered by their first member. Listing every elementary cycle would be
// exponential in the worst case; one shortest cycle per component names
// every node involved and is what a user needs to break it.
func (g *Graph) Cycles() [][]addr.Address {
	var out [][]addr.Address
	for _, comp := range g.components() {
		if len(comp) == 1 && !g.deps[comp[0]][comp[0]] {
			continue
		}
		out = append(out, g.shortestCycle(comp))
	}
	return out
}

// CheckCycles returns a *CycleError when the graph has cycles, nil otherwise.
func (g *Graph) CheckCycles() error {
	if c := g.Cycles(); len(c) > 0 {
		return &CycleError{Cycles: c}
	}
	return nil
}

// components returns the strongly connected components (Tarjan), each
// sorted, the list sorted by first member.
func (g *Graph) components() [][]addr.Address {
	t := &tarjan{g: g, index: map[addr.Address]int{}, low: map[addr.Address]int{}, on: map[addr.Address]bool{}}
	for _, a := range g.Nodes() {
		if _, seen := t.index[a]; !seen {
			t.visit(a)
		}
	}
	sortComponents(t.comps)
	return t.comps
}

type tarjan struct {
	g     *Graph
	next  int
	index map[addr.Address]int
	low   map[addr.Address]int
	on    map[addr.Address]bool
	stack []addr.Address
	comps [][]addr.Address
}

func (t *tarjan) visit(a addr.Address) {
	t.index[a], t.low[a] = t.next, t.next
	t.next++
	t.stack = append(t.stack, a)
	t.on[a] = true
	for _, b := range t.g.DependsOn(a) {
		if _, seen := t.index[b]; !seen {
			t.visit(b)
			t.low[a] = min(t.low[a], t.low[b])
		} else if t.on[b] {
			t.low[a] = min(t.low[a], t.index[b])
		}
	}
	if t.low[a] != t.index[a] {
		return
	}
	set := map[addr.Address]bool{}
	for {
		top := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		t.on[top] = false
		set[top] = true
		if top == a {
			break
		}
	}
	t.comps = append(t.comps, sorted(set))
}

func sortComponents(comps [][]addr.Address) {
	for i := 1; i < len(comps); i++ {
		for j := i; j > 0 && comps[j][0].Less(comps[j-1][0]); j-- {
			comps[j], comps[j-1] = comps[j-1], comps[j]
		}
	}
}

// shortestCycle finds, by breadth-first search inside the component, the
// shortest path from the component's least member back to itself.
func (g *Graph) shortestCycle(comp []addr.Address) []addr.Address {
	start := comp[0]
	in := map[addr.Address]bool{}
	for _, a := range comp {
		in[a] = true
	}
	prev := map[addr.Address]addr.Address{}
	queue := []addr.Address{start}
	for len(queue) > 0 {
		a := queue[0]
		queue = queue[1:]
		for _, b := range g.DependsOn(a) {
			if b == start {
				return unwind(prev, start, a)
			}
			if _, seen := prev[b]; !seen && in[b] {
				prev[b] = a
				queue = append(queue, b)
			}
		}
	}
	return comp // unreachable for a true component
}

func unwind(prev map[addr.Address]addr.Address, start, last addr.Address) []addr.Address {
	path := []addr.Address{last}
	for a := last; a != start; {
		a = prev[a]
		path = append(path, a)
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}
