package view

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"flightplan/planner"
)

// WritePlan writes the human view of a plan, Terraform-like: the deletions
// first and prominently, then the changes grouped by account, region and
// environment (in plan order within a group), the notes, and the summary
// line. Unchanged nodes are counted, not listed. color adds ANSI colours
// (green create, yellow update, red delete and replace); the caller decides
// it from the terminal, --no-color and NO_COLOR. Sensitive values are
// replaced by "(sensitive)".
func WritePlan(w io.Writer, p *planner.Plan, color bool) error {
	var b bytes.Buffer
	t := &textPlan{b: &b, color: color}
	t.plan(p)
	_, err := w.Write(redact(b.Bytes(), p.Sensitive))
	return err
}

// WriteDestroyPlan writes the plan of a destroy as WritePlan does, except
// that a plan deleting nothing says that there is nothing to destroy.
func WriteDestroyPlan(w io.Writer, p *planner.Plan, color bool) error {
	if p.HasChanges() {
		return WritePlan(w, p, color)
	}
	var b bytes.Buffer
	t := &textPlan{b: &b, color: color}
	t.notes(p.Notes)
	fmt.Fprintf(t.b, "%s Application %s has no stacks or documents in AWS.\n", t.paint(bold, "Nothing to destroy."), p.App)
	_, err := w.Write(redact(b.Bytes(), p.Sensitive))
	return err
}

type textPlan struct {
	b     *bytes.Buffer
	color bool
}

func (t *textPlan) plan(p *planner.Plan) {
	if !p.HasChanges() {
		t.notes(p.Notes)
		if unsettled := p.Unsettled(); len(unsettled) > 0 {
			fmt.Fprintln(t.b, t.paint(bold, "No changes to apply, but the infrastructure does not match the configuration yet:"))
			t.unsettled(unsettled)
			return
		}
		fmt.Fprintln(t.b, t.paint(bold, "No changes.")+" Your infrastructure matches the configuration.")
		return
	}
	fmt.Fprintf(t.b, "flightplan will make these changes to application %s:\n\n", p.App)
	t.deletions(p.Deletions())
	unchanged := 0
	for _, g := range groupChanges(p.Changes) {
		t.group(g)
	}
	for _, c := range p.Changes {
		if c.Action == planner.NoOp {
			unchanged++
		}
	}
	if unchanged > 0 {
		fmt.Fprintf(t.b, "%d unchanged %s not shown.\n\n", unchanged, plural(unchanged, "node", "nodes"))
	}
	t.notes(p.Notes)
	t.summary(p.Summary())
}

func (t *textPlan) deletions(dels []*planner.Change) {
	if len(dels) == 0 {
		return
	}
	fmt.Fprintln(t.b, t.paint(red+bold, fmt.Sprintf("%d %s will be DESTROYED: %s exist in AWS but not in the file.",
		len(dels), plural(len(dels), "node", "nodes"), plural(len(dels), "it", "they"))))
	for _, c := range dels {
		fmt.Fprintf(t.b, "  %s %s%s\n", t.sym("-"), c.Address, deletionDetail(c))
		for _, b := range bucketLines(c) {
			fmt.Fprintf(t.b, "      %s\n", b)
		}
	}
	fmt.Fprintln(t.b)
}

// bucketLines say which buckets a deletion empties first, and what they
// hold.
func bucketLines(c *planner.Change) []string {
	if c.Stack == nil {
		return nil
	}
	var out []string
	for _, b := range c.Stack.Buckets {
		count := fmt.Sprintf("%d %s", b.Objects, plural(b.Objects, "object", "objects"))
		if b.AtLeast {
			count = "at least " + count
		}
		line := fmt.Sprintf("bucket %s (%s) will be emptied, then deleted: it holds %s", b.Name, b.LogicalID, count)
		if b.Objects == 0 {
			line = fmt.Sprintf("bucket %s (%s) is empty and will be deleted", b.Name, b.LogicalID)
		}
		out = append(out, line)
	}
	return out
}

func deletionDetail(c *planner.Change) string {
	var parts []string
	if c.Stack != nil {
		parts = append(parts, fmt.Sprintf("stack %s in %s/%s, %d %s", c.Stack.Name, c.Account, c.Region,
			len(c.Stack.Resources), plural(len(c.Stack.Resources), "resource", "resources")))
	}
	if n := len(c.Parameters); n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, "document", "documents")))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

func (t *textPlan) group(g changeGroup) {
	if g.changed() == 0 {
		return
	}
	fmt.Fprintln(t.b, t.paint(bold, "# "+g.title()))
	for _, c := range g.changes {
		if c.Action == planner.NoOp {
			continue
		}
		fmt.Fprintf(t.b, "  %s %s%s%s\n", t.sym(symbol(c.Action)), t.paint(bold, c.Address), nodeCounts(c), imageSummary(c))
		if cr := credentialsText(c); cr != "" {
			t.line(line{depth: 1, text: "# as " + cr})
		}
		for _, l := range changeLines(c) {
			t.line(l)
		}
		fmt.Fprintln(t.b)
	}
}

func (t *textPlan) line(l line) {
	indent := strings.Repeat("    ", l.depth)
	sym := l.sym
	if sym == "" {
		sym = " "
	}
	text := l.text
	if strings.HasPrefix(text, "# ") {
		text = t.paint(dim, text)
	}
	fmt.Fprintf(t.b, "  %s%s %s\n", indent, t.sym(sym), text)
}

// credentialsText is who applies the change (planner.Credentials), or ""
// for a plan that does not say.
func credentialsText(c *planner.Change) string {
	if c.Credentials == nil {
		return ""
	}
	return c.Credentials.String()
}

// nodeCounts is the per-node resource tally shown beside its address.
func nodeCounts(c *planner.Change) string {
	n := c.ResourceCounts()
	if n.Total() == 0 || c.Action == planner.Delete {
		return ""
	}
	return fmt.Sprintf("  (resources: %s)", countText(n))
}

// imageSummary is an image node's build and first destination beside its
// address: "  build linux/arm64 → …/shop/app:abc123" (the registry host is
// in the lines below).
func imageSummary(c *planner.Change) string {
	im := c.Image
	if im == nil || len(im.Repositories) == 0 {
		return ""
	}
	repo := im.Repositories[0]
	if i := strings.Index(repo, "/"); i >= 0 {
		repo = "…" + repo[i:]
	}
	return fmt.Sprintf("  build %s → %s:%s", im.Platform, repo, im.Tag)
}

func countText(n planner.Counts) string {
	return fmt.Sprintf("%d to add, %d to change, %d to replace, %d to destroy", n.Add, n.Change, n.Replace, n.Destroy)
}

func (t *textPlan) notes(notes []string) {
	if len(notes) == 0 {
		return
	}
	fmt.Fprintln(t.b, t.paint(bold, "Notes:"))
	for _, n := range notes {
		fmt.Fprintf(t.b, "  - %s\n", n)
	}
	fmt.Fprintln(t.b)
}

// unsettled lists the stacks in progress or failed, and where to read more.
func (t *textPlan) unsettled(changes []*planner.Change) {
	for _, c := range changes {
		fmt.Fprintf(t.b, "  ! %s\n", unsettledText(c))
	}
	fmt.Fprintln(t.b, "The notes above say what each needs; run plan again once they are at rest.")
}

// unsettledText names a node whose stack is in progress or failed.
func unsettledText(c *planner.Change) string {
	what := "failed"
	if planner.StackInProgress(c.Stack.Status) {
		what = "in progress"
	}
	return fmt.Sprintf("%s: stack %s is %s (%s)", c.Address, c.Stack.Name, what, c.Stack.Status)
}

// summary writes the summary line, which counts nodes, then the resources.
func (t *textPlan) summary(s planner.Summary) {
	fmt.Fprintln(t.b, t.paint(bold, "Plan: "+countText(s.Nodes)+"."))
	fmt.Fprintf(t.b, "Resources: %s.\n", countText(s.Resources))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
