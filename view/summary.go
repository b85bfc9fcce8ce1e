package view

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"flightplan/executor"
)

// WriteApplySummary writes the last words of an apply: one line of counts
// ("Apply complete: 3 created, 1 updated, 0 deleted, 12 unchanged in
// 4m10s."), or "Apply failed: …" / "Apply interrupted: …" followed by each
// failed node with its root cause (once) and any recovery step, and the
// skipped nodes grouped by the failure that caused them. color adds ANSI
// colours.
func WriteApplySummary(w io.Writer, r *executor.Result, color bool) error {
	return writeSummary(w, "Apply", r, color)
}

// WriteDestroySummary is WriteApplySummary for a destroy.
func WriteDestroySummary(w io.Writer, r *executor.Result, color bool) error {
	return writeSummary(w, "Destroy", r, color)
}

func writeSummary(w io.Writer, verb string, r *executor.Result, color bool) error {
	s := summary{color: color}
	switch {
	case len(r.Outcomes) == 0 && r.Err != nil: // refused before the walk
		s.line(s.paint(red, verb+" failed")+": %s", r.Err)
		s.line("Nothing was changed.")
	case r.Counts.Failed > 0:
		s.line(s.paint(red, verb+" failed")+": %s; %s.", failedCounts(r), counts(r))
	case r.Interrupted:
		s.line(s.paint(yellow, verb+" interrupted")+": %s.", counts(r))
	default:
		s.line(s.paint(green, verb+" complete")+": %s.", counts(r))
	}
	s.failures(r)
	s.skips(r)
	if len(r.Outcomes) > 0 && r.Err != nil && r.Counts.Failed == 0 && !r.Interrupted && r.Counts.Skipped == 0 {
		s.line("%s", r.Err) // the walk succeeded, but something after it (the lock) did not
	}
	_, err := io.WriteString(w, s.b.String())
	return err
}

type summary struct {
	b     strings.Builder
	color bool
}

func (s *summary) line(format string, args ...any) {
	fmt.Fprintf(&s.b, format+"\n", args...)
}

func (s *summary) paint(style, text string) string {
	if !s.color {
		return text
	}
	return style + text + reset
}

func counts(r *executor.Result) string {
	c := r.Counts
	parts := []string{fmt.Sprintf("%d created", c.Created), fmt.Sprintf("%d updated", c.Updated)}
	if c.Replaced > 0 {
		parts = append(parts, fmt.Sprintf("%d replaced", c.Replaced))
	}
	parts = append(parts, fmt.Sprintf("%d deleted", c.Deleted), fmt.Sprintf("%d unchanged", c.Unchanged))
	return strings.Join(parts, ", ") + " in " + durationText(r.Duration)
}

func failedCounts(r *executor.Result) string {
	s := fmt.Sprintf("%d failed", r.Counts.Failed)
	if r.Counts.Skipped > 0 {
		s += fmt.Sprintf(", %d skipped", r.Counts.Skipped)
	}
	return s
}

// failures lists each failed node with its root cause and recovery step.
func (s *summary) failures(r *executor.Result) {
	for _, a := range r.Failures() {
		o := r.Outcomes[a]
		s.line("  %s %s: %s", s.paint(red, "✗"), a, failureText(o))
		var se *executor.StackError
		if errors.As(o.Err, &se) && se.Recovery != "" {
			for _, l := range strings.Split(se.Recovery, "\n") {
				s.line("      %s", l)
			}
		}
	}
}

// skips names the skipped nodes, grouped by what caused them.
func (s *summary) skips(r *executor.Result) {
	var causes []string
	groups := map[string][]string{}
	for _, a := range r.SkippedNodes() {
		cause := skipCause(r.Outcomes[a])
		if _, ok := groups[cause]; !ok {
			causes = append(causes, cause)
		}
		groups[cause] = append(groups[cause], a.String())
	}
	for _, c := range causes {
		s.line("  %s %s: %s", s.paint(dim, "-"), c, strings.Join(groups[c], ", "))
	}
}

func skipCause(o executor.Outcome) string {
	var sk *executor.SkippedError
	switch {
	case errors.As(o.Err, &sk):
		return "skipped because " + sk.Because.String() + " failed"
	case errors.Is(o.Err, executor.ErrInterrupted):
		return "not applied (interrupted)"
	}
	return "skipped"
}

// WriteRunSummary writes a blank line after the progress, then the summary
// of an apply, or of a destroy when destroy is set.
func WriteRunSummary(w io.Writer, r *executor.Result, destroy, color bool) error {
	if _, err := fmt.Fprintln(w); err != nil {
		return err
	}
	if destroy {
		return WriteDestroySummary(w, r, color)
	}
	return WriteApplySummary(w, r, color)
}
