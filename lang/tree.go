package lang

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// spec is the shape of a block body: its attributes and nested blocks.
type spec struct {
	attrs  []hcl.AttributeSchema
	blocks map[string]blockSpec
	// nativeAttrs are attributes that share their name with a block, as
	// `http = false` beside `http { … }`: only HCL's native syntax tells
	// them apart, so JSON files cannot set them.
	nativeAttrs []string
	// schemas are the body schemas of a JSON body and of a native one
	// (bodySchema), made once and shared: nothing may change them. Their
	// blocks are in name order: hcl
	// suggests the first block name close to a mistyped one, so an order
	// taken from the map would make its suggestion change from run to run.
	schemas [2]*hcl.BodySchema
}

// blockSpec describes a nested block type.
type blockSpec struct {
	labels      []string
	body        *spec
	many        bool   // more than one block of this type is allowed
	unsupported string // non-empty: accepted by the grammar, refused with this detail
}

// node is a decoded, unevaluated block: its attributes, keyed by name, and
// its nested blocks, keyed by type, in source order.
type node struct {
	Type      string
	Labels    []string
	LabelRngs []hcl.Range
	DefRange  hcl.Range
	Attrs     hcl.Attributes
	Blocks    map[string][]*node
	spec      *spec // the schema the body was decoded with
}

// attr returns the attribute with the given name, or nil. n may be nil.
func (n *node) attr(name string) *hcl.Attribute {
	if n == nil {
		return nil
	}
	return n.Attrs[name]
}

// block returns the first nested block of the given type, or nil.
func (n *node) block(typ string) *node {
	if n == nil || len(n.Blocks[typ]) == 0 {
		return nil
	}
	return n.Blocks[typ][0]
}

// labelRange is the range of the block's first label, or its definition.
func (n *node) labelRange() hcl.Range {
	if len(n.LabelRngs) > 0 {
		return n.LabelRngs[0]
	}
	return n.DefRange
}

// mkSpec builds a spec from attribute names (a trailing "!" marks a required
// one) and nested blocks.
func mkSpec(attrs []string, blocks map[string]blockSpec) *spec {
	s := &spec{blocks: blocks}
	for _, a := range attrs {
		req := a[len(a)-1] == '!'
		if req {
			a = a[:len(a)-1]
		}
		s.attrs = append(s.attrs, hcl.AttributeSchema{Name: a, Required: req})
	}
	s.makeSchemas()
	return s
}

// makeSchemas makes s.schemas from its attributes and blocks.
func (s *spec) makeSchemas() {
	blocks := make([]hcl.BlockHeaderSchema, 0, len(s.blocks))
	for _, typ := range slices.Sorted(maps.Keys(s.blocks)) {
		blocks = append(blocks, hcl.BlockHeaderSchema{Type: typ, LabelNames: s.blocks[typ].labels})
	}
	s.schemas[0] = &hcl.BodySchema{Attributes: s.attrs, Blocks: blocks}
	native := slices.Clip(slices.Clone(s.attrs))
	for _, a := range s.nativeAttrs {
		native = append(native, hcl.AttributeSchema{Name: a})
	}
	s.schemas[1] = &hcl.BodySchema{Attributes: native, Blocks: blocks}
}

// bodySchema is the schema to decode body with.
func (s *spec) bodySchema(body hcl.Body) *hcl.BodySchema {
	if _, native := body.(*hclsyntax.Body); native {
		return s.schemas[1]
	}
	return s.schemas[0]
}

// decodeBlock decodes a block and, recursively, its nested blocks against s.
func decodeBlock(b *hcl.Block, s *spec) (*node, hcl.Diagnostics) {
	n := &node{Type: b.Type, Labels: b.Labels, LabelRngs: b.LabelRanges, DefRange: b.DefRange}
	diags := n.decodeBody(b.Body, s)
	return n, diags
}

func (n *node) decodeBody(body hcl.Body, s *spec) hcl.Diagnostics {
	content, diags := body.Content(s.bodySchema(body))
	inFileOrder(diags)
	n.spec = s
	n.Attrs = content.Attributes
	n.Blocks = map[string][]*node{}
	for _, b := range content.Blocks {
		bs := s.blocks[b.Type]
		if bs.unsupported != "" {
			diags = append(diags, unsupported(b, bs.unsupported))
			continue
		}
		if !bs.many && len(n.Blocks[b.Type]) > 0 {
			diags = append(diags, duplicateBlock(b, n.Blocks[b.Type][0].DefRange))
			continue
		}
		child, d := decodeBlock(b, bs.body)
		diags = append(diags, d...)
		n.Blocks[b.Type] = append(n.Blocks[b.Type], child)
	}
	return diags
}

func unsupported(b *hcl.Block, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("%q blocks are not supported yet", b.Type),
		Detail:   detail,
		Subject:  b.DefRange.Ptr(),
	}
}

func duplicateBlock(b *hcl.Block, first hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Duplicate %s block", b.Type),
		Detail:   fmt.Sprintf("Only one %s block is allowed here; the first one is at %s. Merge them into one.", b.Type, first),
		Subject:  b.DefRange.Ptr(),
	}
}

// required reports whether the schema requires the named attribute.
func (n *node) required(name string) bool {
	if n.spec == nil {
		return false
	}
	for _, a := range n.spec.attrs {
		if a.Name == name {
			return a.Required
		}
	}
	return false
}

// inFileOrder puts the diagnostics of one body's decoding in the order of
// the places they are about: hcl reports the arguments a body does not take
// in the order of a map, which changes from run to run.
func inFileOrder(diags hcl.Diagnostics) {
	if len(diags) < 2 {
		return
	}
	slices.SortStableFunc(diags, func(a, b *hcl.Diagnostic) int {
		if a.Subject == nil || b.Subject == nil { // placeless ones first
			return cmp.Compare(boolInt(a.Subject != nil), boolInt(b.Subject != nil))
		}
		return cmp.Or(cmp.Compare(a.Subject.Filename, b.Subject.Filename), cmp.Compare(a.Subject.Start.Byte, b.Subject.Start.Byte))
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
