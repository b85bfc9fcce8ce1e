package stacks

import (
	"sort"

	"flightplan/schema"
)

// The explicitly named resources of the templates the compiler writes are
// read from the templates it holds, not parsed back from their JSON: for a
// large application, parsing every template again cost a third of
// validate. Templates changed after they were written (overrides) are
// parsed (namedIn).

// namedKey identifies a template's bytes: where they start.
type namedKey *byte

// templateJSON writes t as JSON and notes its named resources and its
// compact size.
func (c *compiler) templateJSON(t *template) []byte {
	data, size := canonicalJSONSized(t.document())
	if c.named == nil {
		c.named = map[namedKey][]namedEntry{}
	}
	if c.sizes == nil {
		c.sizes = map[namedKey]int{}
	}
	c.named[&data[0]] = namedInTemplate(t)
	c.sizes[&data[0]] = size
	return data
}

// namedEntry is one named resource of a template, without its node.
type namedEntry struct {
	logical, typ, property, name string
}

// namedInTemplate lists t's resources named by a plain string, in logical
// ID order.
func namedInTemplate(t *template) []namedEntry {
	var out []namedEntry
	for id, r := range t.resources {
		typ, _ := member(r, "Type").(string)
		spec, ok := namedResources[typ]
		if !ok {
			continue
		}
		if name, ok := member(member(r, "Properties"), spec.property).(string); ok {
			out = append(out, namedEntry{id, typ, spec.property, name})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].logical < out[j].logical })
	return out
}

// namedOf lists the named resources of n's template: noted when it was
// written, parsed when it was changed since.
func (c *compiler) namedOf(n *Node) []namedResourceValue {
	tpl := n.Stack.Template
	if len(tpl) == 0 {
		return nil
	}
	entries, ok := c.named[&tpl[0]]
	if !ok {
		return namedIn(n)
	}
	out := make([]namedResourceValue, 0, len(entries))
	for _, e := range entries {
		out = append(out, namedResourceValue{namedResource{n, e.logical, e.typ, e.property}, e.name})
	}
	return out
}

// templateFor is the template of a stack whose overrides may change it:
// written, overridden when it has overrides, or, when compiling to check
// (Options.SizesOnly) a template without overrides, a placeholder noted
// with its size and named resources.
func (c *compiler) templateFor(t *template, overrides []*schema.Override, env string) []byte {
	if !c.opts.SizesOnly || len(overrides) > 0 {
		return c.overridden(c.templateJSON(t), overrides, env)
	}
	placeholder := make([]byte, 1)
	if c.named == nil {
		c.named = map[namedKey][]namedEntry{}
	}
	if c.sizes == nil {
		c.sizes = map[namedKey]int{}
	}
	c.named[&placeholder[0]] = namedInTemplate(t)
	c.sizes[&placeholder[0]] = t.size()
	return placeholder
}

// templateSize is the compact size of a stack's template (see
// compactSize), noted when it was sized or written, counted when it was
// changed since (overrides).
func (c *compiler) templateSize(tpl []byte) int {
	if len(tpl) > 0 {
		if size, ok := c.sizes[&tpl[0]]; ok {
			return size
		}
	}
	return compactSize(tpl)
}
