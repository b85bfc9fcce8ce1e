package view

import (
	"fmt"
	"strings"

	"flightplan/drift"
)

// driftNode is the findings of one node, in report order.
type driftNode struct {
	address string
	entries []driftEntry
}

// driftEntry is one thing wrong with one object: a resource, a stack or a
// document, with the values that differ (one finding each) and one fix.
type driftEntry struct {
	kind     drift.Kind
	detail   string
	fix      string
	findings []*drift.Finding
}

// groupDrift groups a report's findings by node, then by object, keeping
// the report's order (findings are sorted by address, kind, object,
// logical ID and path, so each group is contiguous).
func groupDrift(r *drift.Report) []driftNode {
	var out []driftNode
	for _, f := range r.Findings {
		if len(out) == 0 || out[len(out)-1].address != f.Address {
			out = append(out, driftNode{address: f.Address})
		}
		n := &out[len(out)-1]
		if k := len(n.entries); k > 0 && sameEntry(n.entries[k-1].findings[0], f) {
			n.entries[k-1].findings = append(n.entries[k-1].findings, f)
			continue
		}
		n.entries = append(n.entries, driftEntry{kind: f.Kind, detail: f.Detail, fix: f.Fix, findings: []*drift.Finding{f}})
	}
	return out
}

func sameEntry(a, b *drift.Finding) bool {
	return a.Kind == b.Kind && a.Object() == b.Object() && a.LogicalID == b.LogicalID && a.Detail == b.Detail && a.Path != "" && b.Path != ""
}

// driftSymbol marks a kind: ~ changed, - gone, + only in AWS, ! broken.
func driftSymbol(k drift.Kind) string {
	switch k {
	case drift.ResourceModified, drift.DocumentModified:
		return "~"
	case drift.ResourceDeleted, drift.StackMissing, drift.DocumentMissing:
		return "-"
	case drift.OrphanStack, drift.OrphanDocument:
		return "+"
	}
	return "!"
}

// valueText says how one value differs: "expected E, actual A", or only
// one side for a value added or removed in AWS.
func valueText(f *drift.Finding) string {
	switch f.Difference {
	case "ADD":
		return "added in AWS: " + render(f.Actual)
	case "REMOVE":
		return "removed in AWS, expected " + render(f.Expected)
	}
	return "expected " + render(f.Expected) + ", actual " + render(f.Actual)
}

// driftCounts says how many findings of each kind, in kind order:
// "2 resource-modified, 1 stack-missing".
func driftCounts(c drift.Counts) string {
	var parts []string
	for _, k := range drift.Kinds {
		if n := c.ByKind[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	return strings.Join(parts, ", ")
}

// driftHeadline is the first line of a report with findings.
func driftHeadline(r *drift.Report) string {
	return fmt.Sprintf("%d %s in %d %s (%s checked)", r.Counts.Findings, plural(r.Counts.Findings, "finding", "findings"),
		r.Counts.Nodes, plural(r.Counts.Nodes, "node", "nodes"), checkedText(r.Counts))
}

func checkedText(c drift.Counts) string {
	return fmt.Sprintf("%d %s and %d %s", c.Stacks, plural(c.Stacks, "stack", "stacks"), c.Documents, plural(c.Documents, "document", "documents"))
}

// cleanText is what a report without findings says.
func cleanText(r *drift.Report) string {
	if len(r.Errors) > 0 {
		return fmt.Sprintf("No drift found, but %d %s could not be made: the check is incomplete.",
			len(r.Errors), plural(len(r.Errors), "check", "checks"))
	}
	// "N stacks and M documents" is always two subjects: the verb is plural
	// even when one count is 1 and the other 0.
	return fmt.Sprintf("No drift: %s match.", checkedText(r.Counts))
}
