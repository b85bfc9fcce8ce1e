package lang

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// sensitiveMark marks the values of variables declared sensitive = true.
// cty carries marks through expressions (a template, a function's result,
// a local built from a sensitive variable is marked too), so that lang
// knows every value derived from a secret: it adds those strings to
// Config.Sensitive and never quotes them in a diagnostic.
type sensitiveMark struct{}

// masked stands for a sensitive value in a diagnostic.
const masked = "(sensitive value)"

// secrets collects the sensitive strings of one Load: the values of
// sensitive variables (as given, and as converted) and every string
// derived from them.
type secrets struct {
	values []string
	files  map[string][]byte // the sources read, to tell a literal from a value
}

func (s *secrets) add(vs ...string) {
	for _, v := range vs {
		if v != "" && !slices.Contains(s.values, v) {
			s.values = append(s.values, v)
		}
	}
}

// has reports whether v is a sensitive string, or part of one; a part of
// two characters or fewer is too common to count.
func (s *secrets) has(v string) bool {
	for _, secret := range s.values {
		if v == secret || len(v) > 2 && strings.Contains(secret, v) {
			return true
		}
	}
	return false
}

// unmarkSensitive returns v without marks and, when parts of v were
// marked sensitive, records the strings of those parts; marked says that v
// held marks.
func (s *secrets) unmarkSensitive(v cty.Value) (_ cty.Value, marked bool) {
	if !v.ContainsMarked() {
		return v, false
	}
	v, paths := v.UnmarkDeepWithPaths()
	for _, pm := range paths {
		if _, ok := pm.Marks[sensitiveMark{}]; !ok {
			continue
		}
		if part, err := pm.Path.Apply(v); err == nil {
			s.add(textLeaves(part)...)
		}
	}
	return v, true
}

// textLeaves returns the strings inside a value (not its numbers or
// booleans, whose text is too common to mask everywhere).
func textLeaves(v cty.Value) []string {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return []string{v.AsString()}
	case ty.IsCollectionType() || ty.IsObjectType() || ty.IsTupleType():
		var out []string
		for it := v.ElementIterator(); it.Next(); {
			_, el := it.Element()
			out = append(out, textLeaves(el)...)
		}
		return out
	}
	return nil
}

// touchesSensitive reports whether expr refers to a value that is, or
// holds, a sensitive one.
func touchesSensitive(expr hcl.Expression, ctx *hcl.EvalContext) bool {
	for _, t := range expr.Variables() {
		if v, diags := t.TraverseAbs(ctx); !diags.HasErrors() && v.ContainsMarked() {
			return true
		}
	}
	return false
}

// quoted matches a string quoted as Go's %q writes it.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// maskAllQuoted replaces the quoted strings of the diagnostics' text,
// except those written in the expression's own source (a function's name,
// a literal): HCL's and go-cty's messages about an expression that uses a
// sensitive value can quote any value derived from it (upper-cased, cut,
// converted), which no list of strings can recognise.
func maskAllQuoted(diags hcl.Diagnostics, source string) hcl.Diagnostics {
	text := func(t string) string {
		return quoted.ReplaceAllStringFunc(t, func(q string) string {
			if u, err := strconv.Unquote(q); err == nil && u != "" && strings.Contains(source, u) {
				return q
			}
			return masked
		})
	}
	out := make(hcl.Diagnostics, len(diags))
	for i, d := range diags {
		c := *d
		c.Summary, c.Detail = text(c.Summary), text(c.Detail)
		out[i] = &c
	}
	return out
}

// sourceOf returns the text of rng in files, or "".
func sourceOf(files map[string][]byte, rng hcl.Range) string {
	src := files[rng.Filename]
	if rng.Start.Byte < 0 || rng.End.Byte > len(src) || rng.Start.Byte > rng.End.Byte {
		return ""
	}
	return string(src[rng.Start.Byte:rng.End.Byte])
}

// mask replaces, in every diagnostic, each quoted string that is a
// sensitive value or part of one, and every sensitive value of four
// characters or more written without quotes.
func (s *secrets) mask(diags hcl.Diagnostics) hcl.Diagnostics {
	if len(s.values) == 0 {
		return diags
	}
	long := slices.Clone(s.values)
	slices.SortFunc(long, func(a, b string) int { return len(b) - len(a) })
	text := func(t string) string {
		t = quoted.ReplaceAllStringFunc(t, func(q string) string {
			if u, err := strconv.Unquote(q); err == nil && s.has(u) {
				return masked
			}
			return q
		})
		for _, v := range long {
			if len(v) >= 4 {
				t = strings.ReplaceAll(t, v, masked)
			}
		}
		return t
	}
	out := make(hcl.Diagnostics, len(diags))
	for i, d := range diags {
		c := *d
		c.Summary, c.Detail = text(c.Summary), text(c.Detail)
		out[i] = &c
	}
	return out
}
