package planner

import (
	"fmt"

	"flightplan/addr"
	"flightplan/stacks"
)

// liveIndex assigns every live object to the node it belongs to.
type liveIndex struct {
	live  map[addr.Address]*liveObjects
	notes []string // live objects of the app that flightplan leaves alone
}

// liveObjects are the live stacks and documents of one node.
type liveObjects struct {
	stacks []*LiveStack
	params []*LiveParameter
}

// indexLive assigns live objects to nodes: first by the exact names the
// desired state uses (so a stack whose tags were edited is still found),
// then by tags and paths (StackAddress, ParameterAddress) for the rest.
func indexLive(d *stacks.Desired, s *State) *liveIndex {
	idx := &liveIndex{live: map[addr.Address]*liveObjects{}}
	claimed := map[any]bool{}
	for _, n := range d.Nodes {
		idx.claim(n, s, claimed)
	}
	for _, st := range s.Stacks {
		if claimed[st] {
			continue
		}
		if a, ok := StackAddress(d.App, st); ok {
			idx.objects(a).stacks = append(idx.objects(a).stacks, st)
			continue
		}
		if isStackSetInstance(d.App, st) {
			continue // taken over, or noted, by takeovers
		}
		idx.notes = append(idx.notes, fmt.Sprintf("stack %s (%s/%s) is tagged %s=%s but is not one flightplan manages; it is left alone",
			st.Name, st.Account, st.Region, TagApplication, d.App))
	}
	for _, p := range s.Parameters {
		if claimed[p] {
			continue
		}
		if a, ok := ParameterAddress(d.App, p.Name); ok {
			idx.objects(a).params = append(idx.objects(a).params, p)
			continue
		}
		idx.notes = append(idx.notes, fmt.Sprintf("parameter %s is not one flightplan manages; it is left alone", p.Name))
	}
	return idx
}

func (idx *liveIndex) claim(n *stacks.Node, s *State, claimed map[any]bool) {
	if n.Stack != nil {
		if st := s.Stack(n.Account, n.Region, n.Stack.Name); st != nil {
			idx.objects(n.Addr).stacks = append(idx.objects(n.Addr).stacks, st)
			claimed[st] = true
		}
	}
	for _, want := range n.Parameters {
		if p := s.Parameter(want.Name); p != nil {
			idx.objects(n.Addr).params = append(idx.objects(n.Addr).params, p)
			claimed[p] = true
		}
	}
}

func (idx *liveIndex) objects(a addr.Address) *liveObjects {
	o := idx.live[a]
	if o == nil {
		o = &liveObjects{}
		idx.live[a] = o
	}
	return o
}

// stack returns the live stack that is the node's desired stack, or nil.
func (o *liveObjects) stack(n *stacks.Node) *LiveStack {
	for _, st := range o.stacks {
		if st.Account == n.Account && st.Region == n.Region && st.Name == n.Stack.Name {
			return st
		}
	}
	return nil
}

// strays notes live stacks that belong to a desired node by their tags but
// are not its stack (the node moved account or region, or was renamed):
// flightplan does not delete them, because the file still declares the node.
func (o *liveObjects) strays(a addr.Address, n *stacks.Node) []string {
	var notes []string
	for _, st := range o.stacks {
		if n.Stack == nil || st != o.stack(n) {
			notes = append(notes, fmt.Sprintf("stack %s (%s/%s) is tagged as %s but is not the stack the file declares for it; "+
				"it is left alone: delete it by hand once the new one works", st.Name, st.Account, st.Region, a))
		}
	}
	return notes
}
