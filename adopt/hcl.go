package adopt

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// block is a block of the file being written: attributes, nested blocks
// and comments, in the order they are written.
type block struct {
	typ    string
	labels []string
	items  []item
	// nth tells apart repeated blocks without labels (a static site's
	// files blocks) when folding; it is not written.
	nth int
}

// item is one line (or nested block) of a block: exactly one field set.
type item struct {
	name    string // an attribute: name = expr
	expr    string
	block   *block
	comment string
}

func newBlock(typ string, labels ...string) *block { return &block{typ: typ, labels: labels} }

func (b *block) attr(name string, v any) {
	if v == nil {
		return
	}
	b.items = append(b.items, item{name: name, expr: literal(v)})
}

func (b *block) rawAttr(name, expr string) { b.items = append(b.items, item{name: name, expr: expr}) }

func (b *block) child(typ string, labels ...string) *block {
	c := newBlock(typ, labels...)
	b.items = append(b.items, item{block: c})
	return c
}

// sub returns the first child block of that type without labels, adding
// it when there is none.
func (b *block) sub(typ string) *block {
	for _, it := range b.items {
		if it.block != nil && it.block.typ == typ && len(it.block.labels) == 0 {
			return it.block
		}
	}
	return b.child(typ)
}

func (b *block) note(text string) { b.items = append(b.items, item{comment: text}) }

// key identifies a nested block among its siblings.
func (b *block) key() string {
	return b.typ + "\x00" + strings.Join(b.labels, "\x00") + "\x00" + strconv.Itoa(b.nth)
}

// write appends the block's text at the given indentation; lang.Format
// aligns it afterwards.
func (b *block) write(sb *strings.Builder, indent string) {
	sb.WriteString(indent + b.typ)
	for _, l := range b.labels {
		sb.WriteString(" " + strconv.Quote(l))
	}
	sb.WriteString(" {\n")
	for _, it := range b.items {
		switch {
		case it.block != nil:
			it.block.write(sb, indent+"  ")
		case it.comment != "":
			for _, line := range strings.Split(it.comment, "\n") {
				sb.WriteString(indent + "  # " + line + "\n")
			}
		default:
			sb.WriteString(indent + "  " + it.name + " = " + it.expr + "\n")
		}
	}
	sb.WriteString(indent + "}\n")
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// literal writes a value decoded from YAML as an HCL expression.
func literal(v any) string {
	switch v := v.(type) {
	case string:
		return quote(v)
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = literal(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []string:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = quote(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		return mapLiteral(v)
	case expr:
		return string(v)
	}
	return quote(fmt.Sprint(v))
}

// expr is HCL text written as it is (a reference: image.api).
type expr string

func mapLiteral(m map[string]any) string {
	if len(m) == 0 {
		return "{}"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		name := k
		if !identifier.MatchString(k) {
			name = quote(k)
		}
		parts[i] = name + " = " + literal(m[k])
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// quote writes an HCL string: Go's quoting, with template sequences
// escaped so that the text stays literal.
func quote(s string) string {
	q := strconv.Quote(s)
	q = strings.ReplaceAll(q, "${", "$${")
	return strings.ReplaceAll(q, "%{", "%%{")
}

// fold merges one block per environment into one block: an attribute
// that differs between environments becomes a conditional on env.name
// (the most common value is the default; null where an environment does
// not set it); a nested block that not every environment has is noted as
// unsupported, since a block cannot be conditional.
func fold(byEnv map[string]*block, envs []string, where string, unsupported *[]Unsupported) *block {
	first := byEnv[envs[0]]
	out := newBlock(first.typ, first.labels...)
	out.nth = first.nth
	for _, name := range itemOrder(byEnv, envs) {
		switch {
		case strings.HasPrefix(name, "#"):
			out.note(name[1:])
		case strings.HasPrefix(name, "{"):
			out.foldBlock(byEnv, envs, name[1:], where, unsupported)
		default:
			out.foldAttr(byEnv, envs, name)
		}
	}
	return out
}

// itemOrder lists every attribute name, block key ("{" + key) and comment
// ("#" + text) of the environments' blocks, in the order first seen.
func itemOrder(byEnv map[string]*block, envs []string) []string {
	var names []string
	for _, e := range envs {
		for _, it := range byEnv[e].items {
			n := it.name
			switch {
			case it.block != nil:
				n = "{" + it.block.key()
			case it.comment != "":
				n = "#" + it.comment
			}
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	return names
}

func (b *block) foldAttr(byEnv map[string]*block, envs []string, name string) {
	values := make([]string, len(envs))
	for i, e := range envs {
		values[i] = "null"
		for _, it := range byEnv[e].items {
			if it.name == name && it.block == nil && it.comment == "" {
				values[i] = it.expr
			}
		}
	}
	b.rawAttr(name, conditional(envs, values))
}

func (b *block) foldBlock(byEnv map[string]*block, envs []string, key, where string, unsupported *[]Unsupported) {
	children := map[string]*block{}
	var missing []string
	for _, e := range envs {
		for _, it := range byEnv[e].items {
			if it.block != nil && it.block.key() == key {
				children[e] = it.block
			}
		}
		if children[e] == nil {
			missing = append(missing, e)
		}
	}
	if len(missing) > 0 {
		var some *block
		for _, c := range children {
			some = c
		}
		name := strings.TrimSpace(some.typ + " " + strings.Join(some.labels, " "))
		text := fmt.Sprintf("%s: not in environments %s; a block cannot depend on the environment: left out", name, strings.Join(missing, ", "))
		*unsupported = append(*unsupported, Unsupported{Where: where + ": " + name, Reason: "set in some environments only (" + strings.Join(missing, ", ") + " lack it); a block cannot depend on the environment"})
		b.note(text)
		return
	}
	folded := fold(children, envs, where, unsupported)
	b.items = append(b.items, item{block: folded})
}

// conditional writes values (one per environment) as one expression.
func conditional(envs, values []string) string {
	groups := map[string][]string{}
	var order []string
	for i, v := range values {
		if groups[v] == nil {
			order = append(order, v)
		}
		groups[v] = append(groups[v], envs[i])
	}
	if len(order) == 1 {
		return order[0]
	}
	def := order[0]
	for _, v := range order {
		if len(groups[v]) > len(groups[def]) {
			def = v
		}
	}
	var sb strings.Builder
	for _, v := range order {
		if v == def {
			continue
		}
		sb.WriteString(envTest(groups[v]) + " ? " + v + " : ")
	}
	return sb.String() + def
}

func envTest(envs []string) string {
	if len(envs) == 1 {
		return "env.name == " + quote(envs[0])
	}
	return "contains(" + literal(envs) + ", env.name)"
}
