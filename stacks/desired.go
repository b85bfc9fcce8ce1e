package stacks

import (
	"sort"

	"github.com/hashicorp/hcl/v2"

	"flightplan/addr"
	"flightplan/schema"
)

// Desired is the desired state of a whole application: one Node per managed
// object, sorted by address.
type Desired struct {
	App   string
	Nodes []*Node
	// Warnings are what the file declares but the compiler does not build
	// (or cannot use) and that is not an error (today: what a pipeline
	// cannot reach), each located at its block, sorted. Every command that
	// compiles shows them as it shows the language's warnings; nothing is
	// ignored silently.
	Warnings hcl.Diagnostics
	// DomainZone is the app's domain's hosted zone, where a request-driven
	// service's custom domain gets its records; nil without a domain.
	DomainZone *DomainZone `json:"domain_zone,omitempty"`
}

// DomainZone is the hosted zone of the app's domain (its parent zone) and
// where it lives.
//
// A request-driven service's alias is not a CloudFormation resource: App
// Runner's custom domains have none, and its certificate validation
// records are known only once the domain is associated. Copilot runs a
// Lambda function for it; flightplan does the same calls itself, as a
// step of the service's deploy node after its stack (the association
// needs the service): AssociateCustomDomain, then the validation records
// and a CNAME of the alias to the service's default domain UPSERTed in
// this zone. The plan reads the associations (DescribeCustomDomains) and
// shows the step on the deploy node, so a node whose stack does not
// change is an update when its domain does, and a re-plan after apply is
// clean. A separate node would need an address kind of its own and a
// live reading that outlives the service; the association lives and dies
// with the service, as a static site's files with its bucket.
type DomainZone struct {
	Name    string `json:"name"`         // the domain, such as example.com
	ID      string `json:"id,omitempty"` // looked up by name when empty
	Account string `json:"account"`
	Region  string `json:"region"`
	Profile string `json:"profile,omitempty"`
	RoleARN string `json:"role_arn,omitempty"`
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
	Addr    addr.Address `json:"address"`
	Account string       `json:"account"`
	Region  string       `json:"region"`
	// Credentials to use for the node's account; empty for the default chain.
	Profile string `json:"profile,omitempty"`
	RoleARN string `json:"role_arn,omitempty"`

	Stack      *Stack      `json:"stack,omitempty"`      // nil for document-only nodes
	Parameters []Parameter `json:"parameters,omitempty"` // SSM documents, in the app's account and region
	// Image is what an image/{name} node builds and pushes; nil for every
	// other node.
	Image *ImageBuild `json:"image,omitempty"`
	// Site is what apply uploads to a static site's bucket; nil for every
	// other node.
	Site *Site `json:"site,omitempty"`
	// CustomDomain is the alias of a request-driven service, which apply
	// associates with its App Runner service after the stack (see
	// CustomDomain); empty for every other node and for a request-driven
	// service without one.
	CustomDomain string `json:"custom_domain,omitempty"`
	// DependsOn lists the nodes that must be applied before this one (and
	// destroyed after it). Structural edges and references alike.
	DependsOn []addr.Address `json:"depends_on,omitempty"`
}

// Stack is a CloudFormation stack's desired state.
type Stack struct {
	Name string `json:"name"`
	// Template is canonical JSON: keys sorted, two-space indent, byte
	// identical for the same input. Encoded as a JSON string (see
	// MarshalJSON).
	Template   []byte            `json:"template"`
	Parameters map[string]string `json:"parameters,omitempty"`
	Tags       map[string]string `json:"tags,omitempty"`
	// Sensitive names the parameters whose values must not be printed.
	Sensitive []string `json:"sensitive,omitempty"`
	// Inputs are parameters whose values are other nodes' stack outputs,
	// known only once those stacks exist: the planner shows them as
	// known after apply until then, and the executor reads them just
	// before it creates the change set. Sorted by Parameter. A parameter
	// is either in Parameters or in Inputs, never both.
	Inputs []Input `json:"inputs,omitempty"`
	// ServiceRole is the role CloudFormation runs the stack's operations as
	// once that role exists (the RoleARN of its change sets); nil means
	// CloudFormation acts with the caller's own credentials.
	ServiceRole *ServiceRole `json:"service_role,omitempty"`
	// DeployMode is how CloudFormation deploys the stack: DeployExpress
	// for the stacks of an environment whose deploy_mode is "express",
	// empty for the standard mode.
	DeployMode string `json:"deploy_mode,omitempty"`
	// Uploads are files the executor writes before the stack's change set
	// (env files); their keys are named after their content, so the
	// template changes when a file does.
	Uploads []Upload `json:"uploads,omitempty"`
}

// Upload is a file written to a bucket whose name is the output of another
// node's stack (the app's artifact bucket, an output of the region's
// stack, which the node depends on).
type Upload struct {
	From   addr.Address `json:"from"`
	Output string       `json:"output"`
	Key    string       `json:"key"`
	Body   string       `json:"body"`
}

// DeployExpress is Stack.DeployMode of a stack deployed in CloudFormation's
// express mode: each resource completes once its configuration is applied.
const DeployExpress = schema.DeployExpress

// ServiceRole is a CloudFormation service role that another node's stack
// creates: an environment's {app}-{env}-CFNExecutionRole, made by the
// environment's stack, serves every stack in that environment. Whether it
// exists is for the planner to say (the environment's stack has the output,
// or is applied before the node); until then the caller's credentials do
// the work, as on the environment's very first creation.
type ServiceRole struct {
	ARN string `json:"arn"`
	// Env is the node whose stack creates the role; Output is the output of
	// that stack that holds ARN once it does.
	Env    addr.Address `json:"env"`
	Output string       `json:"output"`
}

// Input is a stack parameter whose value is the output of another node's
// stack, resolved at apply time. From is always in the node's DependsOn, so
// its stack has been applied when the input is read.
//
// Inputs replace Fn::ImportValue where the value crosses accounts or
// regions (CloudFormation exports do not), or where it changes when the
// domain changes (CloudFormation refuses to update an export in use).
type Input struct {
	Parameter string       `json:"parameter"`
	From      addr.Address `json:"from"`
	Output    string       `json:"output"`
	// Lookup, when set, names a fact of AWS read in the stack's account
	// and region instead of another node's output (From and Output are
	// then empty): LookupCloudFrontPrefixList.
	Lookup string `json:"lookup,omitempty"`
}

// LookupCloudFrontPrefixList is the ID of CloudFront's managed
// origin-facing prefix list (com.amazonaws.global.cloudfront.origin-facing)
// in the stack's region.
const LookupCloudFrontPrefixList = "cloudfront-prefix-list"

// Parameter is an SSM String parameter holding a JSON document.
type Parameter struct {
	Name  string            `json:"name"`
	Value string            `json:"value"` // JSON
	Tags  map[string]string `json:"tags,omitempty"`
}

// SensitiveValues collects the values of every sensitive stack parameter of
// nodes, and the extra ones (the file's secrets and sensitive variables),
// without empty strings and longest first, so that a view masking them
// replaces a value that contains another one whole.
func SensitiveValues(nodes []*Node, extra ...string) []string {
	set := map[string]bool{}
	for _, v := range extra {
		set[v] = v != ""
	}
	for _, n := range nodes {
		if n == nil || n.Stack == nil {
			continue
		}
		for _, name := range n.Stack.Sensitive {
			if v := n.Stack.Parameters[name]; v != "" {
				set[v] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for v, ok := range set {
		if ok {
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
}
