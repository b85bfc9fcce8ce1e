package view

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"flightplan/planner"
)

// WritePlanMarkdown writes the plan for a pull-request comment: the summary
// line, a warning listing the deletions, a table of the changed nodes (with
// their resources added, changed, replaced and removed), and a collapsible
// <details> section per changed node holding a ```diff block (so GitHub
// colours + and - lines). Sensitive values are replaced by "(sensitive)".
func WritePlanMarkdown(w io.Writer, p *planner.Plan) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "### flightplan plan for `%s`\n\n", p.App)
	if !p.HasChanges() {
		markdownNoChanges(&b, p)
		markdownNotes(&b, p.Notes)
		_, err := w.Write(redact(b.Bytes(), p.Sensitive))
		return err
	}
	s := p.Summary()
	fmt.Fprintf(&b, "**Plan: %s.** Resources: %s.\n\n", countText(s.Nodes), countText(s.Resources))
	markdownDeletions(&b, p.Deletions())
	markdownTable(&b, p.Changes)
	for _, c := range p.Changes {
		if c.Action != planner.NoOp {
			markdownDetails(&b, c)
		}
	}
	markdownNotes(&b, p.Notes)
	_, err := w.Write(redact(b.Bytes(), p.Sensitive))
	return err
}

// markdownNoChanges says that the plan changes nothing, and whether the
// infrastructure matches the configuration.
func markdownNoChanges(b *bytes.Buffer, p *planner.Plan) {
	unsettled := p.Unsettled()
	if len(unsettled) == 0 {
		b.WriteString("**No changes.** Your infrastructure matches the configuration.\n")
		return
	}
	b.WriteString("**No changes to apply, but the infrastructure does not match the configuration yet:**\n\n")
	for _, c := range unsettled {
		fmt.Fprintf(b, "- %s\n", unsettledText(c))
	}
	b.WriteString("\n")
}

func markdownDeletions(b *bytes.Buffer, dels []*planner.Change) {
	if len(dels) == 0 {
		return
	}
	fmt.Fprintf(b, "> [!WARNING]\n> %d %s will be **destroyed** (in AWS, not in the file):\n", len(dels), plural(len(dels), "node", "nodes"))
	for _, c := range dels {
		fmt.Fprintf(b, "> - `%s`%s\n", c.Address, deletionDetail(c))
		for _, line := range bucketLines(c) {
			fmt.Fprintf(b, ">   - %s\n", line)
		}
	}
	b.WriteString("\n")
}

func markdownTable(b *bytes.Buffer, changes []*planner.Change) {
	b.WriteString("| Node | Action | Account/region | Resources + | ~ | -/+ | - |\n|---|---|---|--:|--:|--:|--:|\n")
	for _, c := range changes {
		if c.Action == planner.NoOp {
			continue
		}
		n := c.ResourceCounts()
		fmt.Fprintf(b, "| `%s` | %s %s | %s/%s | %d | %d | %d | %d |\n", c.Address, symbol(c.Action), c.Action,
			c.Account, c.Region, n.Add, n.Change, n.Replace, n.Destroy)
	}
	b.WriteString("\n")
}

func markdownDetails(b *bytes.Buffer, c *planner.Change) {
	fmt.Fprintf(b, "<details><summary><code>%s</code> — %s</summary>\n\n```diff\n", c.Address, c.Action)
	fmt.Fprintf(b, "%s %s\n", symbol(c.Action), c.Address)
	for _, l := range changeLines(c) {
		sym := l.sym
		if sym == "" || sym == " " {
			sym = " "
		}
		if sym == "~" {
			sym = "!" // diff highlighting knows + - and !
		}
		fmt.Fprintf(b, "%s%s %s\n", sym, strings.Repeat("    ", l.depth), l.text)
	}
	b.WriteString("```\n\n</details>\n\n")
}

func markdownNotes(b *bytes.Buffer, notes []string) {
	if len(notes) == 0 {
		return
	}
	b.WriteString("**Notes**\n\n")
	for _, n := range notes {
		fmt.Fprintf(b, "- %s\n", n)
	}
}
