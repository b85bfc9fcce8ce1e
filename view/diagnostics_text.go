package view

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/mitchellh/go-wordwrap"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiMark   = "\x1b[4m"
)

// maxSnippetLines caps the source lines shown for one range.
const maxSnippetLines = 3

func writeDiagnostic(b *strings.Builder, files map[string][]byte, d *hcl.Diagnostic, color bool, width uint) {
	label, col := "Error", ansiRed
	if d.Severity != hcl.DiagError {
		label, col = "Warning", ansiYellow
	}
	if color {
		fmt.Fprintf(b, "%s%s:%s %s%s%s\n", col, label, ansiReset, ansiBold, d.Summary, ansiReset)
	} else {
		fmt.Fprintf(b, "%s: %s\n", label, d.Summary)
	}
	if d.Subject != nil {
		r := *d.Subject
		fmt.Fprintf(b, "\n  on %s:%d:%d:\n", r.Filename, r.Start.Line, r.Start.Column)
		writeSnippet(b, files[r.Filename], r)
	}
	if d.Detail != "" {
		detail := d.Detail
		if width > 0 {
			detail = wordwrap.WrapString(detail, width)
		}
		fmt.Fprintf(b, "\n%s\n", detail)
	}
	b.WriteString("\n")
}

// writeSnippet writes the source lines of r (up to maxSnippetLines) and a
// line of carets under the part of the first line that r covers.
func writeSnippet(b *strings.Builder, src []byte, r hcl.Range) {
	lines := bytes.Split(src, []byte("\n"))
	if r.Start.Line < 1 || r.Start.Line > len(lines) {
		return
	}
	last := min(r.End.Line, r.Start.Line+maxSnippetLines-1, len(lines))
	last = max(last, r.Start.Line)
	numWidth := len(fmt.Sprint(last))
	for n := r.Start.Line; n <= last; n++ {
		line := strings.TrimRight(string(lines[n-1]), "\r")
		fmt.Fprintf(b, "  %*d: %s\n", numWidth, n, line)
		if n == r.Start.Line {
			fmt.Fprintf(b, "  %*s  %s\n", numWidth, "", marker(line, r))
		}
	}
}

// marker returns spaces up to the range's start column (tabs kept, so
// the carets line up) and a caret per character of the range on that line.
func marker(line string, r hcl.Range) string {
	var m strings.Builder
	col := 1
	for _, c := range line {
		if col >= r.Start.Column {
			break
		}
		if c == '\t' {
			m.WriteRune('\t')
		} else {
			m.WriteRune(' ')
		}
		col++
	}
	end := utf8.RuneCountInString(line) + 1
	if r.End.Line == r.Start.Line {
		end = min(end, r.End.Column)
	}
	m.WriteString(strings.Repeat("^", max(1, end-r.Start.Column)))
	return m.String()
}
