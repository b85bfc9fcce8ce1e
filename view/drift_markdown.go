package view

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"flightplan/drift"
)

// WriteDriftMarkdown writes the report for an issue or a pull-request
// comment: a headline, a table with one row per finding (node, kind,
// object, the differing value or what is wrong, what to do), then the checks that could
// not be made and the notes. Sensitive values are replaced by
// "(sensitive)".
func WriteDriftMarkdown(w io.Writer, r *drift.Report) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "### flightplan drift for `%s`\n\n", r.App)
	if r.Clean() {
		fmt.Fprintf(&b, "**%s**\n", cleanText(r))
	} else {
		fmt.Fprintf(&b, "**Drift: %s.** %s.\n\n", driftHeadline(r), driftCounts(r.Counts))
		markdownFindings(&b, r.Findings)
	}
	markdownProblems(&b, r.Errors)
	if len(r.Notes) > 0 {
		b.WriteString("\n")
	}
	markdownNotes(&b, r.Notes)
	_, err := w.Write(redact(b.Bytes(), r.Sensitive))
	return err
}

func markdownFindings(b *bytes.Buffer, findings []*drift.Finding) {
	b.WriteString("| Node | Kind | Object | Difference | What to do |\n|---|---|---|---|---|\n")
	for _, f := range findings {
		object := code(f.Object())
		if f.LogicalID != "" {
			object += " " + code(f.LogicalID)
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", code(f.Address), f.Kind, object, markdownDifference(f), cell(f.Fix))
	}
}

// markdownDifference is the differing value of a finding, or what is wrong
// when no value differs (a missing or orphan object).
func markdownDifference(f *drift.Finding) string {
	switch {
	case f.Path == "":
		return cell(f.Detail)
	case f.Difference == "ADD":
		return code(f.Path) + ": added in AWS: " + codeValue(f.Actual)
	case f.Difference == "REMOVE":
		return code(f.Path) + ": removed in AWS, expected " + codeValue(f.Expected)
	}
	return code(f.Path) + ": expected " + codeValue(f.Expected) + ", actual " + codeValue(f.Actual)
}

func markdownProblems(b *bytes.Buffer, problems []*drift.Problem) {
	if len(problems) == 0 {
		return
	}
	b.WriteString("\n> [!CAUTION]\n> Could not check:\n")
	for _, p := range problems {
		fmt.Fprintf(b, "> - `%s`: %s\n", p.Address, cell(p.Message))
	}
}

// code is a table cell in backticks, or empty.
func code(s string) string {
	if s == "" {
		return ""
	}
	return "`" + strings.ReplaceAll(cell(s), "`", "'") + "`"
}

func codeValue(v any) string {
	if v == nil {
		return ""
	}
	return code(render(v))
}

// cell makes text safe inside a table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
