package planner

import (
	"slices"

	"flightplan/addr"
	"flightplan/stacks"
)

// NodeOutputs are the live outputs of one node's stack, for `flightplan
// output`: the values other tools script against (load balancer DNS names,
// the cluster, queue URLs).
type NodeOutputs struct {
	Addr    addr.Address      `json:"-"`
	Address string            `json:"address"`
	Stack   string            `json:"stack"`
	Account string            `json:"account"`
	Region  string            `json:"region"`
	Status  string            `json:"status"`
	Outputs map[string]string `json:"outputs"`
}

// Outputs lists, in address order, the outputs of every node of d whose
// stack exists in s; only (when not empty) limits it to those addresses. A
// node whose stack does not exist yet is left out.
func Outputs(d *stacks.Desired, s *State, only []addr.Address) []NodeOutputs {
	var out []NodeOutputs
	for _, n := range d.Nodes {
		if n.Stack == nil || (len(only) > 0 && !slices.Contains(only, n.Addr)) {
			continue
		}
		live := s.Stack(n.Account, n.Region, n.Stack.Name)
		if live == nil {
			continue
		}
		outputs := live.Outputs
		if outputs == nil {
			outputs = map[string]string{}
		}
		out = append(out, NodeOutputs{Addr: n.Addr, Address: n.Addr.String(), Stack: live.Name,
			Account: live.Account, Region: live.Region, Status: live.Status, Outputs: outputs})
	}
	slices.SortFunc(out, func(a, b NodeOutputs) int {
		if a.Addr.Less(b.Addr) {
			return -1
		}
		if b.Addr.Less(a.Addr) {
			return 1
		}
		return 0
	})
	return out
}
