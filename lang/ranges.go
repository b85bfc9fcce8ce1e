package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
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

// keyRange is the range of the key k of a map attribute written as a
// literal object, or of the whole value otherwise.
func keyRange(n *node, name, k string) hcl.Range {
	if item := objectItem(n, name, k); item != nil {
		return item.KeyExpr.Range()
	}
	return rangeOr(n.attr(name), n)
}

// valueRange is the range of the value of key k of a map attribute written
// as a literal object, or of the whole value otherwise.
func valueRange(n *node, name, k string) hcl.Range {
	if item := objectItem(n, name, k); item != nil {
		return item.ValueExpr.Range()
	}
	return rangeOr(n.attr(name), n)
}

// objectItem finds the item of a literal object whose key is written as
// the constant k (a bare word or a quoted string).
func objectItem(n *node, name, k string) *hclsyntax.ObjectConsItem {
	a := n.attr(name)
	if a == nil {
		return nil
	}
	obj, ok := a.Expr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return nil
	}
	for i, item := range obj.Items {
		v, diags := item.KeyExpr.Value(nil)
		if !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() && v.AsString() == k {
			return &obj.Items[i]
		}
	}
	return nil
}
