package view

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"flightplan/planner"
)

// WritePlanMarkdown writes the plan for a pull-request comment: the summary
// line, a warning listing the deletions, a caution listing the nodes'
// warnings, a table of the changed nodes (with the credentials that apply
// them and their resources added, changed, replaced and removed), and a
// collapsible
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
	markdownWarnings(&b, p.Changes)
	markdownTable(&b, p.Changes)
	head := redact(b.Bytes(), p.Sensitive)
	var notes bytes.Buffer
	markdownNotes(&notes, p.Notes)
	tail := redact(notes.Bytes(), p.Sensitive)
	out := append([]byte(nil), head...)
	room := MarkdownLimit - len(head) - len(tail) - markdownCutReserve
	changed := p.Changes[:0:0]
	for _, c := range p.Changes {
		if c.Action != planner.NoOp {
			changed = append(changed, c)
		}
	}
	for i, c := range changed {
		var d bytes.Buffer
		markdownDetails(&d, c)
		detail := redact(d.Bytes(), p.Sensitive)
		if len(detail) > room {
			out = fmt.Appendf(out, markdownCut, len(changed)-i, plural(len(changed)-i, "node", "nodes"))
			break
		}
		out, room = append(out, detail...), room-len(detail)
	}
	_, err := w.Write(append(out, tail...))
	return err
}

// MarkdownLimit is the size GitHub accepts for one pull-request comment
// (65,536 characters; counted here in bytes, which is never fewer). The
// summary table and the notes are always written whole; the per-node
// details stop, with a line saying so, before the comment would pass it.
const MarkdownLimit = 65536

const (
	markdownCut        = "> [!NOTE]\n> The details of %d more %s are left out to keep this comment under GitHub's 65,536-character limit. Run `flightplan show PLAN-FILE` on the saved plan (or `flightplan plan`) for the whole plan.\n\n"
	markdownCutReserve = 320
)

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

// markdownWarnings repeats the nodes' warnings above the table, where a
// reviewer cannot miss them.
func markdownWarnings(b *bytes.Buffer, changes []*planner.Change) {
	var lines []string
	for _, c := range changes {
		for _, w := range c.Warnings {
			lines = append(lines, fmt.Sprintf("> - `%s`: %s\n", c.Address, w))
		}
	}
	if len(lines) == 0 {
		return
	}
	b.WriteString("> [!CAUTION]\n> Apply will fail as planned:\n")
	for _, l := range lines {
		b.WriteString(l)
	}
	b.WriteString("\n")
}

func markdownTable(b *bytes.Buffer, changes []*planner.Change) {
	b.WriteString("| Node | Action | Account/region | Credentials | Resources + | ~ | -/+ | - |\n|---|---|---|---|--:|--:|--:|--:|\n")
	for _, c := range changes {
		if c.Action == planner.NoOp {
			continue
		}
		n := c.ResourceCounts()
		fmt.Fprintf(b, "| `%s` | %s %s | %s/%s | %s | %d | %d | %d | %d |\n", c.Address, symbol(c.Action), c.Action,
			c.Account, c.Region, credentialsText(c), n.Add, n.Change, n.Replace, n.Destroy)
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
