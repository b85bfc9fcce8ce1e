package drift

import (
	"cmp"
	"slices"
	"time"

	"flightplan/addr"
)

// FormatVersion is the version of the Report's JSON encoding
// (docs/drift-json.md). It changes only when a field changes meaning or
// disappears; new fields may be added.
const FormatVersion = "1"

// Kind is what a finding says is wrong.
type Kind string

// The kinds of finding, in the order a report lists them within a node.
const (
	// ResourceModified: a resource's property differs from the deployed
	// template (CloudFormation drift, MODIFIED).
	ResourceModified Kind = "resource-modified"
	// ResourceDeleted: a resource of a stack no longer exists
	// (CloudFormation drift, DELETED).
	ResourceDeleted Kind = "resource-deleted"
	// StackMissing: the file declares a stack that does not exist.
	StackMissing Kind = "stack-missing"
	// StackFailed: a stack is stuck in a failed state (ROLLBACK_COMPLETE,
	// UPDATE_ROLLBACK_FAILED, DELETE_FAILED, any *_FAILED).
	StackFailed Kind = "stack-failed"
	// DocumentModified: a field of an SSM document differs from the file.
	DocumentModified Kind = "document-modified"
	// DocumentMissing: the file declares an SSM document that does not exist.
	DocumentMissing Kind = "document-missing"
	// OrphanStack: a stack tagged for the app that the file does not declare.
	OrphanStack Kind = "orphan-stack"
	// OrphanDocument: an SSM document of the app that the file does not
	// declare.
	OrphanDocument Kind = "orphan-document"
	// Inconsistent: the file, SSM and CloudFormation disagree: an
	// environment's document without its stack or the reverse, or a
	// workload stack in an environment the file no longer lists.
	Inconsistent Kind = "inconsistent"
)

// Kinds lists every kind in report order.
var Kinds = []Kind{ResourceModified, ResourceDeleted, StackMissing, StackFailed,
	DocumentModified, DocumentMissing, OrphanStack, OrphanDocument, Inconsistent}

// Report is the result of one drift check. Views render it; nothing in it
// is secret except what Sensitive lists, which every view masks.
type Report struct {
	FormatVersion string    `json:"format_version"`
	ToolVersion   string    `json:"tool_version"`
	App           string    `json:"app"`
	CheckedAt     time.Time `json:"checked_at"`
	// Findings are sorted by address (addr.Less), then kind, object,
	// logical ID and path.
	Findings []*Finding `json:"findings"`
	Counts   Counts     `json:"counts"`
	// Errors are the checks that could not be made; the report is then
	// incomplete and ExitCode returns 1.
	Errors []*Problem `json:"errors,omitempty"`
	// Notes are things to know that are not drift: stacks in progress
	// (not checked), live objects flightplan does not manage.
	Notes []string `json:"notes,omitempty"`
	// Sensitive values to mask in every view; never encoded.
	Sensitive []string `json:"-"`
}

// Finding is one difference between AWS and what flightplan manages.
// Fields that do not apply to the kind are empty.
type Finding struct {
	Addr    addr.Address `json:"-"`
	Address string       `json:"address"`
	Kind    Kind         `json:"kind"`
	Account string       `json:"account"`
	Region  string       `json:"region"`
	// Stack is the stack's name (resource, stack and stack orphan kinds, and
	// inconsistencies about a stack).
	Stack string `json:"stack,omitempty"`
	// Status is the live stack status, for stack-failed.
	Status string `json:"status,omitempty"`
	// Document is the SSM parameter's name, for document kinds.
	Document string `json:"document,omitempty"`
	// LogicalID, PhysicalID and ResourceType name a drifted resource.
	LogicalID    string `json:"logical_id,omitempty"`
	PhysicalID   string `json:"physical_id,omitempty"`
	ResourceType string `json:"resource_type,omitempty"`
	// Path is the property ("Properties.Tags[2].Value") or document field
	// ("tags.team") that differs.
	Path string `json:"path,omitempty"`
	// Expected is the deployed template's value (resources) or the file's
	// (documents); Actual is what AWS holds. Either is nil when absent.
	Expected any `json:"expected,omitempty"`
	Actual   any `json:"actual,omitempty"`
	// Difference is NOT_EQUAL, ADD (only in AWS) or REMOVE (missing in
	// AWS), as CloudFormation says it.
	Difference string `json:"difference,omitempty"`
	// Detail says what is wrong, Fix what to do; one line each.
	Detail string `json:"detail"`
	Fix    string `json:"fix"`
}

// Object is the name of the stack or document a finding is about.
func (f *Finding) Object() string { return cmp.Or(f.Stack, f.Document) }

// Problem is a check that could not be made.
type Problem struct {
	Address string `json:"address"`
	Message string `json:"message"`
}

// Counts tally a report.
type Counts struct {
	// Stacks and Documents are how many were checked.
	Stacks    int `json:"stacks"`
	Documents int `json:"documents"`
	// Nodes is how many nodes have at least one finding.
	Nodes int `json:"nodes"`
	// Findings is len(Report.Findings); ByKind has an entry per kind found.
	Findings int          `json:"findings"`
	ByKind   map[Kind]int `json:"by_kind"`
}

// Clean reports whether the check found no drift. A report with Errors
// may be clean and still incomplete: see ExitCode.
func (r *Report) Clean() bool { return len(r.Findings) == 0 }

// Exit codes of `flightplan drift`.
const (
	ExitClean = 0
	ExitError = 1
	ExitDrift = 2
)

// ExitCode maps Detect's outcome to the command's exit code: 1 when err is
// set or some check could not be made (a drift check that is incomplete
// must not pass), otherwise 2 when there is drift and 0 when clean.
func ExitCode(r *Report, err error) int {
	switch {
	case err != nil || r == nil || len(r.Errors) > 0:
		return ExitError
	case !r.Clean():
		return ExitDrift
	}
	return ExitClean
}

// finish sorts the findings and fills the counts.
func (r *Report) finish() {
	slices.SortStableFunc(r.Findings, compareFindings)
	slices.SortFunc(r.Errors, func(a, b *Problem) int { return cmp.Compare(a.Address, b.Address) })
	slices.Sort(r.Notes)
	r.Counts.Findings = len(r.Findings)
	r.Counts.ByKind = map[Kind]int{}
	nodes := map[addr.Address]bool{}
	for _, f := range r.Findings {
		f.Address = f.Addr.String()
		r.Counts.ByKind[f.Kind]++
		nodes[f.Addr] = true
	}
	r.Counts.Nodes = len(nodes)
}

func compareFindings(a, b *Finding) int {
	if a.Addr != b.Addr {
		if a.Addr.Less(b.Addr) {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(slices.Index(Kinds, a.Kind), slices.Index(Kinds, b.Kind)),
		cmp.Compare(a.Object(), b.Object()), cmp.Compare(a.LogicalID, b.LogicalID), cmp.Compare(a.Path, b.Path))
}
