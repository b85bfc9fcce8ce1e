package planner

import (
	"container/heap"
	"fmt"

	"flightplan/addr"
)

// TopoOrder returns every node with dependencies before their dependents
// (the apply order). Among nodes that are ready at the same time the least
// address (addr.Less) comes first, so the order is deterministic. A graph
// with cycles returns a *CycleError.
func (g *Graph) TopoOrder() ([]addr.Address, error) {
	if err := g.CheckCycles(); err != nil {
		return nil, err
	}
	return g.kahn(g.deps, g.users), nil
}

// ReverseOrder returns every node with dependents before their dependencies
// (the destroy order), ties broken by addr.Less as in TopoOrder.
func (g *Graph) ReverseOrder() ([]addr.Address, error) {
	if err := g.CheckCycles(); err != nil {
		return nil, err
	}
	return g.kahn(g.users, g.deps), nil
}

// kahn runs Kahn's algorithm: a node is ready when everything in before[n]
// has been emitted; emitting n may make the nodes of after[n] ready.
func (g *Graph) kahn(before, after map[addr.Address]map[addr.Address]bool) []addr.Address {
	waiting := map[addr.Address]int{}
	ready := &addrHeap{}
	for _, a := range g.Nodes() {
		waiting[a] = len(before[a])
		if waiting[a] == 0 {
			heap.Push(ready, a)
		}
	}
	out := make([]addr.Address, 0, len(g.nodes))
	for ready.Len() > 0 {
		a := heap.Pop(ready).(addr.Address)
		out = append(out, a)
		for b := range after[a] {
			if waiting[b]--; waiting[b] == 0 {
				heap.Push(ready, b)
			}
		}
	}
	return out
}

// ChainWeights gives each node the weight of the heaviest chain of
// dependents that starts at it, itself included: weight(a) plus the largest
// ChainWeight among the nodes that depend on a. A scheduler that starts the
// ready node of greatest ChainWeight first spends its slots on the critical
// path. The graph must be acyclic (see CheckCycles).
func (g *Graph) ChainWeights(weight func(addr.Address) int) map[addr.Address]int {
	out := make(map[addr.Address]int, len(g.nodes))
	var of func(a addr.Address) int
	of = func(a addr.Address) int {
		if w, ok := out[a]; ok {
			return w
		}
		after := 0
		for b := range g.users[a] {
			after = max(after, of(b))
		}
		out[a] = weight(a) + after
		return out[a]
	}
	for a := range g.nodes {
		of(a)
	}
	return out
}

// Subgraph returns the graph of the targets and everything they depend on,
// directly or not (what `--target` plans). An unknown target is an error.
func (g *Graph) Subgraph(targets []addr.Address) (*Graph, error) {
	sub := NewGraph()
	var visit func(a addr.Address)
	visit = func(a addr.Address) {
		if sub.Has(a) {
			return
		}
		sub.Add(a)
		for _, b := range g.DependsOn(a) {
			visit(b)
			sub.Connect(a, b)
		}
	}
	for _, t := range targets {
		if !g.Has(t) {
			return nil, fmt.Errorf("target %s is not a node of this application", t)
		}
		visit(t)
	}
	return sub, nil
}

type addrHeap []addr.Address

func (h addrHeap) Len() int           { return len(h) }
func (h addrHeap) Less(i, j int) bool { return h[i].Less(h[j]) }
func (h addrHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *addrHeap) Push(x any)        { *h = append(*h, x.(addr.Address)) }
func (h *addrHeap) Pop() any {
	old := *h
	a := old[len(old)-1]
	*h = old[:len(old)-1]
	return a
}
