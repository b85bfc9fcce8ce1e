package stacks

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"flightplan/awsspec"
	"flightplan/schema"
)

// Overrides are the escape hatch: patches applied, in order, to a stack's
// compiled template (its canonical JSON), after everything else. They
// bypass flightplan's rules; what keeps them honest is that the patched
// template must pass the resource specification's validator, and that the
// plan diffs the patched template like any other change.
//
// Two forms, both Copilot's (docs/language.md says when to use which):
//   - override { op, path, value }: an RFC 6902 JSON patch operation (add,
//     remove, replace) at an RFC 6901 pointer from the template's top
//     level, as in Copilot's overrides/cfn.patches.yml. The parent of the
//     target must exist, as the RFC says.
//   - taskdef_override { path, value }: Copilot's taskdef_overrides: a
//     dotted path from the task definition's Properties
//     ("ContainerDefinitions[0].Ulimits[-]") whose missing fields are
//     created on the way; "[-]" appends.
//
// Taskdef overrides are applied first, then overrides, the order Copilot
// applies its taskdef_overrides and YAML patches in.

// overridden applies a stack's overrides to its compiled template and
// checks the result. A failure is recorded in c.errs, located at the
// override block, and the template is returned unpatched.
func (c *compiler) overridden(body []byte, overrides []*schema.Override, env string) []byte {
	if len(overrides) == 0 {
		return body
	}
	out, diags := applyOverrides(body, overrides)
	if diags.HasErrors() {
		c.overrideErrors(diags, env)
		return body
	}
	return out
}

// overrideErrors records override diagnostics, saying in which
// environments each happens: a workload's override that fails in several
// environments is reported once, "(environments a, b)".
func (c *compiler) overrideErrors(diags hcl.Diagnostics, env string) {
	var fresh hcl.Diagnostics
	for _, d := range diags {
		if !c.sameOverrideError(d, env) {
			d.Detail += " (environment " + env + ")"
			fresh = append(fresh, d)
		}
	}
	if len(fresh) > 0 {
		c.errs = append(c.errs, &CompileError{Diagnostics: fresh})
	}
}

// sameOverrideError adds env to an error recorded already for the same
// block and problem, and reports whether there was one.
func (c *compiler) sameOverrideError(d *hcl.Diagnostic, env string) bool {
	for _, err := range c.errs {
		ce, ok := err.(*CompileError)
		if !ok {
			continue
		}
		for _, prev := range ce.Diagnostics {
			base, envs, found := strings.Cut(prev.Detail, " (environment")
			if found && prev.Summary == d.Summary && base == d.Detail && prev.Subject != nil && d.Subject != nil && *prev.Subject == *d.Subject {
				envs = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(envs, "s"), " "), ")")
				prev.Detail = base + " (environments " + envs + ", " + env + ")"
				return true
			}
		}
	}
	return false
}

// applyOverrides patches a canonical template and validates the result.
func applyOverrides(body []byte, overrides []*schema.Override) ([]byte, hcl.Diagnostics) {
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Template is not JSON", Detail: err.Error()}}
	}
	for _, o := range overrides {
		var err error
		if doc, err = applyOverride(doc, o); err != nil {
			// Later overrides may depend on this one: report it alone.
			return nil, hcl.Diagnostics{overrideDiag(o, "Override cannot be applied", sentenceOf(err.Error()))}
		}
	}
	out := canonicalJSON(doc)
	return out, validateOverridden(body, out, overrides)
}

func applyOverride(doc any, o *schema.Override) (any, error) {
	if o.TaskDef {
		return applyTaskDef(doc, o)
	}
	toks, err := schema.ParsePointer(o.Path)
	if err != nil {
		return nil, err
	}
	leaf := map[string]func(any, string, string, any) (any, error){
		schema.OverrideAdd: addAt, schema.OverrideRemove: removeAt, schema.OverrideReplace: replaceAt,
	}[o.Op]
	if leaf == nil {
		return nil, fmt.Errorf("op %q is not one of add, remove or replace", o.Op)
	}
	return patchAt(doc, toks, "", func(parent any, tok, at string) (any, error) { return leaf(parent, tok, at, o.Value) })
}

// patchAt walks to the parent of the pointer's last token, which must
// exist, and applies leaf to it; each container on the way is rebuilt with
// its patched child. at is the pointer walked so far, for messages.
func patchAt(node any, toks []string, at string, leaf func(parent any, tok, at string) (any, error)) (any, error) {
	if len(toks) == 1 {
		return leaf(node, toks[0], at)
	}
	switch n := node.(type) {
	case map[string]any:
		child, ok := n[toks[0]]
		if !ok {
			return nil, missing(at, toks[0])
		}
		v, err := patchAt(child, toks[1:], at+"/"+escapeToken(toks[0]), leaf)
		n[toks[0]] = v
		return n, err
	case []any:
		i, err := listIndex(n, toks[0], at, false)
		if err != nil {
			return nil, err
		}
		v, err := patchAt(n[i], toks[1:], at+"/"+toks[0], leaf)
		n[i] = v
		return n, err
	}
	return nil, fmt.Errorf("path does not exist: %s is a %s, not an object or a list", orTop(at), kindOf(node))
}

func addAt(parent any, tok, at string, value any) (any, error) {
	switch n := parent.(type) {
	case map[string]any:
		n[tok] = value
		return n, nil
	case []any:
		if tok == "-" {
			return append(n, value), nil
		}
		if tok == strconv.Itoa(len(n)) {
			return append(n, value), nil
		}
		i, err := listIndex(n, tok, at, false)
		if err != nil {
			return nil, err
		}
		return append(n[:i], append([]any{value}, n[i:]...)...), nil
	}
	return nil, fmt.Errorf("path does not exist: %s is a %s, not an object or a list", orTop(at), kindOf(parent))
}

func removeAt(parent any, tok, at string, _ any) (any, error) {
	switch n := parent.(type) {
	case map[string]any:
		if _, ok := n[tok]; !ok {
			return nil, missing(at, tok)
		}
		delete(n, tok)
		return n, nil
	case []any:
		i, err := listIndex(n, tok, at, true)
		if err != nil {
			return nil, err
		}
		return append(n[:i], n[i+1:]...), nil
	}
	return nil, fmt.Errorf("path does not exist: %s is a %s, not an object or a list", orTop(at), kindOf(parent))
}

func replaceAt(parent any, tok, at string, value any) (any, error) {
	switch n := parent.(type) {
	case map[string]any:
		if _, ok := n[tok]; !ok {
			return nil, fmt.Errorf("%s; replace changes what exists, use op = \"add\" to create it", missing(at, tok))
		}
		n[tok] = value
		return n, nil
	case []any:
		i, err := listIndex(n, tok, at, true)
		if err != nil {
			return nil, err
		}
		n[i] = value
		return n, nil
	}
	return nil, fmt.Errorf("path does not exist: %s is a %s, not an object or a list", orTop(at), kindOf(parent))
}

// listIndex reads a pointer token as an index into l; "-" (append) is the
// caller's business.
func listIndex(l []any, tok, at string, leaf bool) (int, error) {
	i, err := strconv.Atoi(tok)
	if err != nil || i < 0 || (len(tok) > 1 && tok[0] == '0') {
		if tok == "-" && leaf {
			return 0, fmt.Errorf("%s/- names no element: \"-\" appends, which only op = \"add\" does", orTop(at))
		}
		return 0, fmt.Errorf("path does not exist: %s is a list, and %q is not an index (0, 1, …)", orTop(at), tok)
	}
	if i >= len(l) {
		return 0, fmt.Errorf("path does not exist: %s has %d elements, so no index %d", orTop(at), len(l), i)
	}
	return i, nil
}

func missing(at, tok string) error {
	return fmt.Errorf("path does not exist: %s has no %q", orTop(at), tok)
}

func orTop(at string) string {
	if at == "" {
		return "the template"
	}
	return at
}

func escapeToken(t string) string {
	return strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
}

func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return "value"
}

// validateOverridden reports what the validator finds in the patched
// template that it did not find in the compiled one, each at the override
// whose path leads to it (else the first).
func validateOverridden(before, after []byte, overrides []*schema.Override) hcl.Diagnostics {
	spec := awsspec.Load()
	known := map[string]bool{}
	for _, p := range spec.ValidateTemplate(before) {
		known[p.String()] = true
	}
	var diags hcl.Diagnostics
	for _, p := range spec.ValidateTemplate(after) {
		if known[p.String()] {
			continue
		}
		diags = append(diags, overrideDiag(overrideFor(p.Path, overrides), "Overridden template is invalid",
			sentenceOf(p.String())+" The override bypasses flightplan's checks, but the template must still be one CloudFormation accepts; fix its path or value."))
	}
	return diags
}

// overrideFor is the override whose path is the longest prefix of a
// problem's dotted path.
func overrideFor(path string, overrides []*schema.Override) *schema.Override {
	best, bestLen := overrides[0], -1
	for _, o := range overrides {
		p := dottedPath(o)
		if (path == p || strings.HasPrefix(path, p+".")) && len(p) > bestLen {
			best, bestLen = o, len(p)
		}
	}
	return best
}

// dottedPath is an override's path in the validator's notation
// (Resources.X.Properties.List.0.Field), up to its first append.
func dottedPath(o *schema.Override) string {
	var parts []string
	if o.TaskDef {
		parts = []string{"Resources", taskDefinitionID, "Properties"}
		steps, _ := schema.ParseTaskDefPath(o.Path)
		for _, s := range steps {
			if s.Append {
				break
			}
			parts = append(parts, stepName(s))
		}
	} else {
		toks, _ := schema.ParsePointer(o.Path)
		for _, t := range toks {
			if t == "-" {
				break
			}
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, ".")
}

func stepName(s schema.TaskDefStep) string {
	if s.IsList {
		return strconv.Itoa(s.Index)
	}
	return s.Field
}

func overrideDiag(o *schema.Override, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: declRange(o.DeclRange)}
}

// sentenceOf capitalises a message and ends it with a full stop.
func sentenceOf(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
