package view

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"flightplan/drift"
)

// WriteDrift writes the human view of a drift report: "No drift: N stacks
// and M documents match." when clean; otherwise a headline, the findings
// grouped by node (each object once, with its differing values beneath and
// what to do), the checks that could not be made, the notes, and a tally by
// kind. color adds ANSI colours; the caller decides it from the terminal,
// --no-color and NO_COLOR. Sensitive values are replaced by "(sensitive)".
func WriteDrift(w io.Writer, r *drift.Report, color bool) error {
	var b bytes.Buffer
	t := &textPlan{b: &b, color: color}
	if r.Clean() {
		driftProblems(t, r)
		t.notes(r.Notes)
		fmt.Fprintln(&b, t.paint(bold, cleanText(r)))
	} else {
		fmt.Fprintln(&b, t.paint(bold, fmt.Sprintf("Drift in application %s: %s.", r.App, driftHeadline(r))))
		fmt.Fprintln(&b)
		for _, n := range groupDrift(r) {
			driftNodeText(t, n)
		}
		driftProblems(t, r)
		t.notes(r.Notes)
		fmt.Fprintln(&b, t.paint(bold, "Drift: "+driftCounts(r.Counts)+"."))
	}
	_, err := w.Write(redact(b.Bytes(), r.Sensitive))
	return err
}

// DriftWriter returns the writer of a drift report format: "text" (with
// colour if color), "json", or "markdown" (or "md"); ok is false for any
// other format.
func DriftWriter(format string, color bool) (write func(io.Writer, *drift.Report) error, ok bool) {
	switch format {
	case "text":
		return func(w io.Writer, r *drift.Report) error { return WriteDrift(w, r, color) }, true
	case "json":
		return WriteDriftJSON, true
	case "markdown", "md":
		return WriteDriftMarkdown, true
	}
	return nil, false
}

func driftNodeText(t *textPlan, n driftNode) {
	fmt.Fprintln(t.b, t.paint(bold, "# "+n.address))
	for _, e := range n.entries {
		fmt.Fprintf(t.b, "  %s %s\n", driftPaint(t, driftSymbol(e.kind)), e.detail)
		for _, f := range e.findings {
			if f.Path != "" {
				driftValueText(t, f)
			}
		}
		fmt.Fprintf(t.b, "    %s\n", t.paint(dim, "fix: "+e.fix))
	}
	fmt.Fprintln(t.b)
}

// driftValueText writes one differing value on a line, or over three when
// a value is long.
func driftValueText(t *textPlan, f *drift.Finding) {
	if text := valueText(f); len(text) <= 2*shortValue && isShort(render(f.Expected)) && isShort(render(f.Actual)) {
		fmt.Fprintf(t.b, "      %s: %s\n", f.Path, text)
		return
	}
	fmt.Fprintf(t.b, "      %s:\n", f.Path)
	if f.Expected != nil {
		fmt.Fprintf(t.b, "        expected: %s\n", render(f.Expected))
	}
	if f.Actual != nil {
		fmt.Fprintf(t.b, "        actual:   %s\n", render(f.Actual))
	}
}

func driftProblems(t *textPlan, r *drift.Report) {
	if len(r.Errors) == 0 {
		return
	}
	fmt.Fprintln(t.b, t.paint(red+bold, "Could not check:"))
	for _, p := range r.Errors {
		fmt.Fprintf(t.b, "  - %s: %s\n", p.Address, strings.ReplaceAll(p.Message, "\n", " "))
	}
	fmt.Fprintln(t.b)
}

// driftPaint colours a drift symbol: red for what is gone or broken, yellow
// for what changed or exists only in AWS.
func driftPaint(t *textPlan, sym string) string {
	if sym == "-" || sym == "!" {
		return t.paint(red, sym)
	}
	return t.paint(yellow, sym)
}
