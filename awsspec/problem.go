package awsspec

import "strings"

// Problem is one thing wrong with a template or a resource. Messages follow CloudFormation's own
// wording where it has one, without its "Template format error: " prefix.
type Problem struct {
	// Path locates the value, dot-separated from the template's top level (list items by index),
	// e.g. Resources.Cluster.Properties.Foo or Resources.Svc.Properties.LoadBalancers.0.TargetGroupArn.
	// CheckResource's paths start at the property name.
	Path    string
	Message string
}

// String returns "path: message", or the message alone when the path is empty.
func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// join appends path segments with dots.
func join(path string, segs ...string) string {
	parts := make([]string, 0, len(segs)+1)
	if path != "" {
		parts = append(parts, path)
	}
	return strings.Join(append(parts, segs...), ".")
}
