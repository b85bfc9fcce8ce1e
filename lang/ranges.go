package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// elemRange is the range of the i-th element of a list attribute written
// as a literal list, or of the whole value otherwise (a function call, a
// reference, JSON syntax).
func elemRange(n *node, name string, i int) hcl.Range {
	a := n.attr(name)
	if a == nil {
		return n.DefRange
	}
	if tup, ok := a.Expr.(*hclsyntax.TupleConsExpr); ok && i < len(tup.Exprs) {
		return tup.Exprs[i].Range()
	}
	return a.Expr.Range()
}
