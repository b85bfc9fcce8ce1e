package planner

import (
	"maps"
	"strings"

	"flightplan/addr"
	"flightplan/stacks"
)

// KnownAfterApply stands for the value of a stack Input (stacks.Input)
// that the plan cannot know: the other node's stack does not exist yet,
// lacks the output, or is changed by the same plan in a way that may change
// the output (a resource replaced, the output's definition changed). Its
// ValueChange has Unknown set. Once the other stack is applied, the
// value is read from its outputs, so a re-plan shows no change.
const KnownAfterApply = "(known after apply)"

// inputs resolves stack Inputs against the live state and the changes
// planned so far; Diff plans nodes in topological order, so an Input's
// From node is planned before the node that reads it.
type inputs struct {
	d       *stacks.Desired
	idx     *liveIndex
	lookups map[string]string // State.Lookups
	changes map[addr.Address]*Change
}

func newInputs(d *stacks.Desired, idx *liveIndex, lookups map[string]string) *inputs {
	return &inputs{d: d, idx: idx, lookups: lookups, changes: map[addr.Address]*Change{}}
}

// planned records a node's change for the Inputs of later nodes.
func (r *inputs) planned(c *Change) { r.changes[c.Addr] = c }

// resolve returns n with its stack's Inputs set as parameters: the live
// output where it is known, KnownAfterApply where not, and the names of
// the unknown ones. n is not changed; a node without Inputs is returned as
// is.
func (r *inputs) resolve(n *stacks.Node) (*stacks.Node, []string) {
	if n.Stack == nil || len(n.Stack.Inputs) == 0 {
		return n, nil
	}
	st := *n.Stack
	st.Parameters = maps.Clone(n.Stack.Parameters)
	if st.Parameters == nil {
		st.Parameters = map[string]string{}
	}
	var unknown []string
	for _, in := range n.Stack.Inputs {
		v, ok := r.value(in)
		if in.Lookup != "" {
			v, ok = r.lookups[LookupKey(in.Lookup, n.Account, n.Region)]
		}
		if !ok {
			v, unknown = KnownAfterApply, append(unknown, in.Parameter)
		}
		st.Parameters[in.Parameter] = v
	}
	out := *n
	out.Stack = &st
	return &out, unknown
}

// value is the live value of an Input's output, if the plan leaves it as
// it is.
func (r *inputs) value(in stacks.Input) (string, bool) {
	from := r.d.Node(in.From)
	if from == nil || from.Stack == nil || r.idx.live[in.From] == nil {
		return "", false
	}
	live := r.idx.live[in.From].stack(from)
	if live == nil || mayChangeOutput(r.changes[in.From], in.Output) {
		return "", false
	}
	v, ok := live.Outputs[in.Output]
	return v, ok
}

// mayChangeOutput reports whether a planned change may give the output
// another value: a stack created anew, a resource replaced, or the
// output's definition changed.
func mayChangeOutput(c *Change, output string) bool {
	if c == nil || c.Stack == nil {
		return false
	}
	switch c.Stack.Action {
	case Create, Recreate:
		return true
	}
	for _, res := range c.Stack.Resources {
		if res.Action == Replace {
			return true
		}
	}
	for _, o := range c.Stack.Outputs {
		if o.Path == "Outputs."+output || strings.HasPrefix(o.Path, "Outputs."+output+".") {
			return true
		}
	}
	return false
}

// markUnknown flags the parameter changes of unknown Inputs and says where
// each value will come from.
func markUnknown(sc *StackChange, unknown []string, inputs []stacks.Input) {
	if sc == nil {
		return
	}
	for i, p := range sc.Parameters {
		for _, name := range unknown {
			if p.Path == name && p.After == KnownAfterApply {
				sc.Parameters[i].Unknown = true
				sc.Parameters[i].From = inputSource(inputs, name)
			}
		}
	}
}

// inputSource names the output an input parameter is read from:
// "output NameServers of zone/test".
func inputSource(inputs []stacks.Input, parameter string) string {
	for _, in := range inputs {
		if in.Parameter == parameter {
			if in.Lookup != "" {
				return "looked up: " + in.Lookup
			}
			return "output " + in.Output + " of " + in.From.String()
		}
	}
	return ""
}
