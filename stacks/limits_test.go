package stacks

import "github.com/hashicorp/hcl/v2"

// summaries are the summaries of diags, in order.
func summaries(diags hcl.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Summary)
	}
	return out
}
