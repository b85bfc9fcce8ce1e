package ssm

import (
	"slices"
	"strconv"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// How requests name parameters.
//
// SSM treats "foo" and "/foo" as one parameter: a name of one level is the
// same with or without its leading slash (a hierarchical name always has
// it). The store keeps each parameter under the name it was created with,
// which is the name SSM shows; find looks a name up in both forms, and
// canonical is the form in which names compare and fall under paths.
//
// Where a parameter is read, a request may also name it by its ARN in the
// caller's account and region, and may end the name with a selector:
// "name:3" for version 3, "name:label" for the version carrying that label.

// canonical is name with its leading slash.
func canonical(name string) string { return "/" + strings.TrimPrefix(name, "/") }

// find returns the parameter called name (or its ARN) in either form, or
// nil.
func (c *call) find(name string) *parameter {
	name = c.stripARN(name)
	if p := c.params[name]; p != nil {
		return p
	}
	rest := strings.TrimPrefix(name, "/")
	if rest == "" || strings.Contains(rest, "/") {
		return nil
	}
	if rest == name {
		return c.params["/"+name]
	}
	return c.params[rest]
}

// stripARN turns the ARN of a parameter of the caller's account and region
// into its name; anything else is returned as it is.
func (c *call) stripARN(name string) string {
	rest, ok := strings.CutPrefix(name, "arn:aws:ssm:"+c.Region+":"+c.Account+":parameter/")
	if !ok {
		return name
	}
	return "/" + rest
}

// resolve finds the version a reference with an optional selector names.
// The error is ParameterNotFound for a missing parameter or label, and
// ParameterVersionNotFound for a missing version of a parameter that
// exists.
func (c *call) resolve(ref string) (*parameter, *paramVersion, error) {
	name, selector, hasSelector := strings.Cut(c.stripARN(ref), ":")
	p := c.find(name)
	if p == nil || strings.Contains(selector, ":") {
		return nil, nil, simcore.Errorf("ParameterNotFound", "")
	}
	if !hasSelector {
		return p, &p.paramVersion, nil
	}
	if n, err := strconv.ParseInt(selector, 10, 64); err == nil {
		if v := p.version(n); v != nil {
			return p, v, nil
		}
		return nil, nil, versionNotFound(n, name)
	}
	for _, v := range p.versions() {
		if slices.Contains(v.Labels, selector) {
			return p, v, nil
		}
	}
	return nil, nil, simcore.Errorf("ParameterNotFound", "")
}

// selectorOf is the Selector member of a Get answer for ref: ":3" or
// ":label", or "" without a selector.
func selectorOf(ref string) string {
	if strings.HasPrefix(ref, "arn:") {
		ref = ref[strings.LastIndex(ref, "parameter/"):]
	}
	if i := strings.Index(ref, ":"); i >= 0 {
		return ref[i:]
	}
	return ""
}

func versionNotFound(n int64, name string) *simcore.APIError {
	return simcore.Errorf("ParameterVersionNotFound",
		"Systems Manager could not find version %d of %s. Verify the version and try again.", n, name)
}

// versions returns every version of p, oldest first; the last is the
// latest.
func (p *parameter) versions() []*paramVersion {
	out := make([]*paramVersion, 0, len(p.History)+1)
	for i := range p.History {
		out = append(out, &p.History[i])
	}
	return append(out, &p.paramVersion)
}

// version returns version n of p, or nil.
func (p *parameter) version(n int64) *paramVersion {
	for _, v := range p.versions() {
		if v.Version == n {
			return v
		}
	}
	return nil
}
