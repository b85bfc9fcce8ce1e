package stacks

import "flightplan/addr"

// Desired is the desired state of a whole application: one Node per managed
// object, sorted by address.
type Desired struct {
	App   string
	Nodes []*Node
	// Unsupported lists what the file declares but the compiler does not
	// build (or cannot use) and that is not an error, one "address: reason"
	// line each, sorted (today: cross-account DNS delegations, what a
	// pipeline cannot reach). The CLI must show it; nothing is ignored
	// silently.
	Unsupported []string
}

// Node returns the node at the given address, or nil.
func (d *Desired) Node(a addr.Address) *Node {
	for _, n := range d.Nodes {
		if n.Addr == a {
			return n
		}
	}
	return nil
}

// Node is one managed object and where it lives. A node owns at most one
// stack and any number of SSM documents (the app node: the roles stack and
// the app document; an environment: its stack and its document; a workload:
// only its document; a deployment: only its stack).
type Node struct {
	Addr    addr.Address
	Account string
	Region  string
	// Credentials to use for the node's account; empty for the default chain.
	Profile string
	RoleARN string

	Stack      *Stack      // nil for document-only nodes
	Parameters []Parameter // SSM documents, in the app's account and region
	// DependsOn lists the nodes that must be applied before this one (and
	// destroyed after it). Structural edges and references alike.
	DependsOn []addr.Address
}

// Stack is a CloudFormation stack's desired state.
type Stack struct {
	Name string
	// Template is canonical JSON: keys sorted, two-space indent, byte
	// identical for the same input.
	Template   []byte
	Parameters map[string]string
	Tags       map[string]string
	// Sensitive names the parameters whose values must not be printed.
	Sensitive []string
}

// Parameter is an SSM String parameter holding a JSON document.
type Parameter struct {
	Name  string
	Value string // JSON
	Tags  map[string]string
}
