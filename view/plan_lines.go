package view

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"flightplan/planner"
)

// line is one line of a change's body, shared by the text and markdown
// views: a symbol (+ ~ - -/+ or none), a depth, and text.
type line struct {
	sym   string
	depth int
	text  string
}

// symbol is the mark of an action; a no-op has none.
func symbol(a planner.Action) string {
	switch a {
	case planner.Create:
		return "+"
	case planner.Update:
		return "~"
	case planner.Delete:
		return "-"
	case planner.Replace, planner.Recreate:
		return "-/+"
	}
	return " "
}

// changeLines renders the body of one change: reasons, warnings, the stack with its
// resources, properties, parameters, tags and template sections, and the
// documents with their fields. Resources of a stack being created or deleted
// are listed without properties (the template is their description);
// deleted stacks only count theirs.
func changeLines(c *planner.Change) []line {
	var out []line
	if c.Action == planner.Create || c.Action == planner.Recreate || c.Action == planner.Delete {
		for _, r := range c.Reasons {
			out = append(out, line{depth: 1, text: "# " + r})
		}
	}
	for _, w := range c.Warnings {
		out = append(out, line{depth: 1, text: "# Warning: " + w})
	}
	if c.Stack != nil {
		out = append(out, stackLines(c.Stack)...)
	}
	out = append(out, imageLines(c)...)
	out = append(out, filesLines(c.Files)...)
	out = append(out, domainLines(c.CustomDomain)...)
	for _, p := range c.Parameters {
		if p.Action == planner.NoOp {
			continue
		}
		out = append(out, line{sym: symbol(p.Action), depth: 1, text: "document " + p.Name})
		for _, f := range p.Fields {
			out = append(out, valueLines(f, "", 2)...)
		}
	}
	return out
}

// imageLines are an image node's pushes: every repository gets the tag
// when any lacks it (the image is built once and pushed to all).
func imageLines(c *planner.Change) []line {
	if c.Image == nil || c.Action == planner.NoOp {
		return nil
	}
	out := []line{{sym: "+", depth: 1, text: "build " + c.Image.Name + " for " + c.Image.Platform}}
	for _, r := range c.Image.Repositories {
		out = append(out, line{sym: "+", depth: 1, text: "push " + r + ":" + c.Image.Tag})
	}
	return out
}

// filesLines are a static site's files that apply uploads or removes,
// one line each, and the invalidation that follows.
func filesLines(f *planner.FilesChange) []line {
	if f == nil || len(f.Added)+len(f.Changed)+len(f.Removed) == 0 {
		return nil
	}
	out := []line{{sym: "~", depth: 1, text: fmt.Sprintf("files (%d unchanged)", f.Unchanged)}}
	for _, g := range []struct {
		sym  string
		keys []string
	}{{"+", f.Added}, {"~", f.Changed}, {"-", f.Removed}} {
		for _, k := range g.keys {
			out = append(out, line{sym: g.sym, depth: 2, text: "file " + k})
		}
	}
	if f.Invalidate {
		out = append(out, line{sym: "~", depth: 2, text: "invalidate the CloudFront cache (/*)"})
	}
	return out
}

// domainLines are a request-driven service's custom domains that apply
// associates or disassociates (with their records in the domain's zone).
func domainLines(d *planner.DomainChange) []line {
	if d == nil {
		return nil
	}
	var out []line
	zone := ""
	if d.Zone != nil {
		zone = " (records in " + d.Zone.Name + ")"
	}
	for _, name := range d.Disassociate {
		out = append(out, line{sym: "-", depth: 1, text: "custom domain " + name + zone})
	}
	if d.Associate != "" {
		out = append(out, line{sym: "+", depth: 1, text: "custom domain " + d.Associate + zone})
	}
	return out
}

func stackLines(s *planner.StackChange) []line {
	if s.Action == planner.NoOp {
		return nil
	}
	out := []line{{sym: symbol(s.Action), depth: 1, text: "stack " + s.Name}}
	if s.Action == planner.Delete {
		out[0].text += fmt.Sprintf(" (%d %s)", len(s.Resources), plural(len(s.Resources), "resource", "resources"))
		return out
	}
	out = append(out, takeoverLines(s.Takeover)...)
	out = append(out, retainFirstLines(s.RetainFirst)...)
	for _, r := range s.Resources {
		out = append(out, resourceLines(r)...)
	}
	for _, group := range []struct {
		prefix string
		vs     []planner.ValueChange
	}{{"parameter ", s.Parameters}, {"tag ", s.Tags}, {"", s.Outputs}, {"", s.Sections}} {
		for _, v := range group.vs {
			out = append(out, valueLines(v, group.prefix, 2)...)
		}
	}
	return out
}

func resourceLines(r planner.ResourceChange) []line {
	head := line{sym: symbol(r.Action), depth: 2, text: fmt.Sprintf("%s (%s)", r.LogicalID, r.Type)}
	if r.Action == planner.Replace {
		head.text += "  # forces replacement"
	}
	if r.Retained {
		head.text += "  # kept in the account (DeletionPolicy Retain)"
	}
	if r.DriftReverted {
		head.text += "  # drift reverted (--revert-drift): changed outside CloudFormation → the template's"
	}
	if r.ImportedFrom != "" {
		head.text += "  # imported from " + r.ImportedFrom + ", not created"
	}
	out := []line{head}
	for _, p := range r.Properties {
		out = append(out, valueLines(p, "", 3)...)
	}
	return out
}

// valueLines renders one value change: `+ path = v`, `- path = v`, or
// `~ path: before → after`; values that are long or structured are
// pretty-printed on the lines below, indented.
// knownAfterApply is the placeholder of a value read at apply time, with
// where it comes from when the plan says.
func knownAfterApply(v planner.ValueChange) string {
	if v.From == "" {
		return planner.KnownAfterApply
	}
	return "(known after apply: " + v.From + ")"
}

func valueLines(v planner.ValueChange, prefix string, depth int) []line {
	name := prefix + v.Path
	mark := ""
	if v.Replaces {
		mark = "  # forces replacement"
	}
	switch {
	case v.Sensitive:
		return []line{{sym: presence(v), depth: depth, text: name + ": " + sensitive + mark}}
	case v.Unknown && v.Before == nil:
		return []line{{sym: "+", depth: depth, text: name + " = " + knownAfterApply(v) + mark}}
	case v.Unknown:
		return []line{{sym: "~", depth: depth, text: name + ": " + render(v.Before) + " → " + knownAfterApply(v) + mark}}
	case v.Before == nil:
		return labelled("+", name+" =", v.After, mark, depth)
	case v.After == nil:
		return labelled("-", name+" =", v.Before, mark, depth)
	}
	b, a := render(v.Before), render(v.After)
	if isShort(b) && isShort(a) || isScalar(v.Before) && isScalar(v.After) && len(b)+len(a) <= 2*shortValue {
		return []line{{sym: "~", depth: depth, text: fmt.Sprintf("%s: %s → %s%s", name, b, a, mark)}}
	}
	out := []line{{sym: "~", depth: depth, text: name + ":" + mark}}
	out = append(out, labelled("", "before:", v.Before, "", depth+1)...)
	return append(out, labelled("", "after:", v.After, "", depth+1)...)
}

func presence(v planner.ValueChange) string {
	switch {
	case v.Before == nil:
		return "+"
	case v.After == nil:
		return "-"
	}
	return "~"
}

// labelled renders "label value" on one line, or the label and the value
// pretty-printed beneath it when the value is long.
func labelled(sym, label string, v any, mark string, depth int) []line {
	s := render(v)
	if isShort(s) || isScalar(v) {
		return []line{{sym: sym, depth: depth, text: label + " " + s + mark}}
	}
	out := []line{{sym: sym, depth: depth, text: label + mark}}
	for _, l := range strings.Split(pretty(v), "\n") {
		out = append(out, line{depth: depth + 1, text: l})
	}
	return out
}

// sensitive replaces every sensitive value in every view.
const sensitive = "(sensitive)"

const shortValue = 60

func isScalar(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return false
	}
	return true
}

func isShort(s string) bool { return len(s) <= shortValue && !strings.Contains(s, "\n") }

// render is a value as compact JSON ("text" quoted, numbers bare).
func render(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// pretty is a value as indented JSON.
func pretty(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// redact replaces every sensitive value in the rendered output, longest
// first (planner.Plan.Sensitive is sorted so). Views render into a buffer
// and redact it before writing a byte, so nothing escapes by any path.
func redact(out []byte, secrets []string) []byte {
	for _, s := range secrets {
		if s == "" {
			continue
		}
		out = bytes.ReplaceAll(out, []byte(s), []byte(sensitive))
		if quoted := strings.Trim(render(s), `"`); quoted != s {
			out = bytes.ReplaceAll(out, []byte(quoted), []byte(sensitive))
		}
	}
	return out
}

// takeoverLines are the steps of a region stack's take-over of Copilot's
// stack set instance, in the order apply runs them.
func takeoverLines(t *planner.Takeover) []line {
	if t == nil {
		return nil
	}
	var ids []string
	for _, im := range t.Imports {
		ids = append(ids, im.From+" → "+im.LogicalID)
	}
	out := []line{
		{depth: 2, text: "# take-over, in four steps:"},
		{depth: 2, text: "# 1. update stack set " + t.StackSet + ": DeletionPolicy Retain on every resource of " + t.Instance},
		{depth: 2, text: "# 2. delete the instance " + t.Instance + " from the stack set: its resources stay"},
		{depth: 2, text: "# 3. import " + strings.Join(ids, ", ")},
		{depth: 2, text: "# 4. update the stack to its full template"},
	}
	if len(t.Left) > 0 {
		out = append(out, line{depth: 2, text: "# retained, not imported (left in the account, managed by no stack): " + strings.Join(t.Left, ", ")})
	}
	return out
}

// retainFirstLines are the two steps of an update that removes custom
// resources of a stack Copilot deployed.
func retainFirstLines(ids []string) []line {
	if len(ids) == 0 {
		return nil
	}
	list := strings.Join(ids, ", ")
	return []line{
		{depth: 2, text: "# in two steps:"},
		{depth: 2, text: "# 1. update the deployed template: DeletionPolicy Retain on " + list + "; nothing else changes"},
		{depth: 2, text: "# 2. the update below, which removes them: no Delete reaches their handlers"},
	}
}
