package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// Format returns src in the canonical layout of hclwrite (aligned equals
// signs, normalised indentation and spacing). It refuses a file that does
// not parse, because rewriting broken input could lose text, and one nested
// deeper than MaxNesting. Formatting is
// idempotent: Format of its own output returns it unchanged. JSON syntax
// files (*.json) are returned as they are.
func Format(src []byte, filename string) ([]byte, hcl.Diagnostics) {
	if isJSON(filename) {
		return src, nil
	}
	if diags := checkNesting(src, filename); diags.HasErrors() {
		return nil, diags
	}
	_, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	return hclwrite.Format(src), nil
}
