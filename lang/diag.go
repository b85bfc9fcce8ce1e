package lang

import (
	"fmt"
	"slices"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
)

// errorf adds an error diagnostic at rng.
func (l *loader) errorf(rng hcl.Range, summary, detail string, args ...any) {
	l.diags = append(l.diags, diagf(hcl.DiagError, rng, summary, detail, args...))
}

// warnf adds a warning diagnostic at rng.
func (l *loader) warnf(rng hcl.Range, summary, detail string, args ...any) {
	l.diags = append(l.diags, diagf(hcl.DiagWarning, rng, summary, detail, args...))
}

func diagf(sev hcl.DiagnosticSeverity, rng hcl.Range, summary, detail string, args ...any) *hcl.Diagnostic {
	d := &hcl.Diagnostic{Severity: sev, Summary: summary, Detail: fmt.Sprintf(detail, args...)}
	if rng.Filename != "" {
		d.Subject = rng.Ptr()
	}
	return d
}

// dedupe drops diagnostics identical to an earlier one (same severity,
// summary, detail and range), which per-environment evaluation produces.
func dedupe(diags hcl.Diagnostics) hcl.Diagnostics {
	type key struct {
		sev             hcl.DiagnosticSeverity
		summary, detail string
		rng             hcl.Range
	}
	seen := map[key]bool{}
	out := diags[:0:0]
	for _, d := range diags {
		k := key{d.Severity, d.Summary, d.Detail, hcl.Range{}}
		if d.Subject != nil {
			k.rng = *d.Subject
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}

// suggest returns " Did you mean "x"?" for the candidate closest to name,
// or "" when none is close enough.
func suggest(name string, candidates []string) string {
	best, bestDist := "", 1<<30
	for _, c := range candidates {
		d := levenshtein.Distance(name, c, nil)
		if d < bestDist && d <= max(2, len(name)/3) {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}

// known lists candidates for a message: `"a", "b" and "c"`.
func known(candidates []string) string {
	if len(candidates) == 0 {
		return "none"
	}
	q := make([]string, len(candidates))
	for i, c := range candidates {
		q[i] = fmt.Sprintf("%q", c)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

// sortedNames returns the keys of m, sorted.
func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
