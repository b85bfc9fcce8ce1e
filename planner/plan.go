package planner

import (
	"time"

	"flightplan/addr"
	"flightplan/stacks"
)

// FormatVersion is the version of the Plan's JSON encoding. It changes only
// when a field changes meaning or disappears; new fields may be added.
const FormatVersion = "2"

// Action is what applying a change does to an object.
type Action string

// The actions, from the least to the most disruptive.
const (
	NoOp     Action = "no-op"
	Create   Action = "create"
	Update   Action = "update"
	Replace  Action = "replace"  // a resource: deleted and created anew by CloudFormation
	Recreate Action = "recreate" // a stack in ROLLBACK_COMPLETE: deleted, then created
	Delete   Action = "delete"
)

// Plan is the complete difference between the file and AWS, in the order in
// which it can be applied.
type Plan struct {
	FormatVersion string    `json:"format_version"`
	ToolVersion   string    `json:"tool_version"`
	App           string    `json:"app"`
	CreatedAt     time.Time `json:"created_at"`
	// ImageTag is the tag the file's images were compiled with
	// (DiffOptions.ImageTag); apply of a saved plan compiles the file again
	// with it. Empty when the caller gave none.
	ImageTag string `json:"image_tag,omitempty"`
	// Targets are the --target addresses the plan was cut to; empty for a
	// whole plan.
	Targets []string `json:"targets,omitempty"`
	// Destroy marks a plan of everything's deletion (plan --destroy, or
	// destroy's own plan): apply of the saved plan plans it again against
	// nothing, not against the file.
	Destroy bool `json:"destroy,omitempty"`
	// Changes holds one entry per node, no-ops included, in a topological
	// order of the graph (dependencies first).
	Changes []*Change `json:"changes"`
	// Fingerprint is what the plan was computed against; apply of a saved
	// plan refuses it when AWS or the file have moved on.
	Fingerprint Fingerprint `json:"fingerprint"`
	// Sensitive values to mask in every view; never encoded.
	Sensitive []string `json:"-"`
	// Notes are things the user should know that are not changes (stacks
	// in progress, features not compiled yet).
	Notes []string `json:"notes,omitempty"`
}

// Change is what happens to one node.
type Change struct {
	Addr    addr.Address `json:"-"`
	Address string       `json:"address"`
	Action  Action       `json:"action"`
	Account string       `json:"account"`
	Region  string       `json:"region"`
	Reasons []string     `json:"reasons,omitempty"`
	// DependsOn are the nodes this one needs in the forward graph, whatever
	// its action: ApplyGraph reverses them for a delete.
	DependsOn []string `json:"depends_on,omitempty"`
	// Before lists nodes of DependsOn that must nevertheless wait for this
	// one: its update stops importing exports that theirs removes (see
	// diff_exports.go).
	Before     []string           `json:"before,omitempty"`
	Stack      *StackChange       `json:"stack,omitempty"`
	Parameters []*ParameterChange `json:"parameters,omitempty"`
	// Warnings are what the plan knows apply will run into at this node
	// (an export in use that the update changes: diff_exports_changed.go).
	Warnings []string `json:"warnings,omitempty"`
	// Image is set on image nodes: what is built and where it goes.
	Image *ImageChange `json:"image,omitempty"`
	// Files is set on static sites' deploy nodes: the files apply uploads
	// and removes (diff_files.go).
	Files *FilesChange `json:"files,omitempty"`
	// CustomDomain is set on request-driven services' deploy nodes that
	// have a custom domain, desired or live.
	CustomDomain *DomainChange `json:"custom_domain,omitempty"`
	// Credentials are who applies the change; Diff sets them on every
	// change (nil only in a plan made before they were recorded).
	Credentials *Credentials `json:"credentials,omitempty"`
	// Desired is the state to apply; nil for a delete.
	Desired *stacks.Node `json:"desired,omitempty"`
}

// StackChange is the difference for one CloudFormation stack.
type StackChange struct {
	Name    string `json:"name"`
	Action  Action `json:"action"`
	StackID string `json:"stack_id,omitempty"`
	// Status is the live status; empty when the stack does not exist.
	Status string `json:"status,omitempty"`
	// DeployMode is "express" when the stack deploys in CloudFormation's
	// express mode (its environment's deploy_mode), empty for standard.
	DeployMode string           `json:"deploy_mode,omitempty"`
	Resources  []ResourceChange `json:"resources,omitempty"`
	Parameters []ValueChange    `json:"parameters,omitempty"`
	Tags       []ValueChange    `json:"tags,omitempty"`
	// Outputs are the changes to the template's Outputs section, with paths
	// such as "Outputs.VpcId.Value"; live output values are not compared
	// (they follow from the resources).
	Outputs []ValueChange `json:"outputs,omitempty"`
	// Sections are the changes to the template's other sections
	// (Parameters declarations, Conditions, Mappings, Metadata, Description,
	// Transform), with paths such as "Conditions.HasALB".
	Sections []ValueChange `json:"sections,omitempty"`
	// Buckets, for a delete, are the stack's buckets that apply empties
	// before deleting the stack, as read when planning (RecordBuckets);
	// nil when not read.
	Buckets []Bucket `json:"buckets,omitempty"`
	// Takeover, on the create of a region stack, moves the resources of
	// Copilot's stack set instance into it (diff_takeover.go).
	Takeover *Takeover `json:"takeover,omitempty"`
	// RetainFirst are custom resources of a stack Copilot deployed that
	// the update removes: apply first updates the live template with
	// their DeletionPolicy set to Retain, so that no Delete reaches their
	// handlers (diff_retain_first.go).
	RetainFirst []string `json:"retain_first,omitempty"`
}

// Bucket is an S3 bucket that a stack's deletion empties first, and what
// it holds.
type Bucket struct {
	LogicalID string `json:"logical_id"`
	Name      string `json:"name"`
	// Objects counts its object versions and delete markers; AtLeast says
	// the count stopped at a bound and there are more.
	Objects int  `json:"objects"`
	AtLeast bool `json:"at_least,omitempty"`
}

// ResourceChange is the difference for one resource of a template.
type ResourceChange struct {
	LogicalID  string        `json:"logical_id"`
	Type       string        `json:"type"`
	Action     Action        `json:"action"`
	Properties []ValueChange `json:"properties,omitempty"`
	// Retained: a removed resource whose DeletionPolicy keeps it (and its
	// data) in the account when CloudFormation removes it from the stack.
	Retained bool `json:"retained,omitempty"`
	// DriftReverted: apply --revert-drift puts the properties listed back
	// (Before is the drifted value in AWS, After the template's).
	DriftReverted bool `json:"drift_reverted,omitempty"`
	// ImportedFrom names the stack and logical ID a created resource is
	// imported from (a take-over): it is not created anew.
	ImportedFrom string `json:"imported_from,omitempty"`
}

// ValueChange is one changed value: a property path (e.g.
// "Properties.HealthCheckPath" or "Properties.Tags[2].Value"), a parameter, a
// tag or a document field. Before is nil when added, After nil when removed.
// Unknown means the new value is known only after apply (a stack Input
// whose source changes in the same plan); After is then KnownAfterApply.
type ValueChange struct {
	Path      string `json:"path"`
	Before    any    `json:"before,omitempty"`
	After     any    `json:"after,omitempty"`
	Replaces  bool   `json:"replaces,omitempty"`
	Sensitive bool   `json:"sensitive,omitempty"`
	Unknown   bool   `json:"unknown,omitempty"`
	// From says where an Unknown value will come from ("output
	// NameServers of zone/test").
	From string `json:"from,omitempty"`
}

// ParameterChange is the difference for one SSM document.
type ParameterChange struct {
	Name   string        `json:"name"`
	Action Action        `json:"action"`
	Fields []ValueChange `json:"fields,omitempty"`
}

// Fingerprint records the live objects a plan was computed against.
type Fingerprint struct {
	ConfigHash  string `json:"config_hash"`
	ToolVersion string `json:"tool_version"`
	// Stacks is keyed by "account/region/stack-name".
	Stacks map[string]StackPrint `json:"stacks"`
	// Parameters is keyed by the parameter name; the value is its version
	// (0 when it did not exist).
	Parameters map[string]int64 `json:"parameters"`
	// Images is keyed by ImageKey: whether the tag was in the repository
	// (false when absent or not read).
	Images map[string]bool `json:"images,omitempty"`
	// CustomDomains is keyed by a request-driven service's deploy address:
	// the custom domains associated with it, comma-separated and sorted.
	CustomDomains map[string]string `json:"custom_domains,omitempty"`
}

// StackPrint identifies one state of a stack.
type StackPrint struct {
	ID          string    `json:"id,omitempty"`
	Status      string    `json:"status,omitempty"`
	LastUpdated time.Time `json:"last_updated,omitempty"`
}

// HasChanges reports whether applying the plan would do anything.
func (p *Plan) HasChanges() bool {
	for _, c := range p.Changes {
		if c.Action != NoOp {
			return true
		}
	}
	return false
}
