package ssm

import (
	"slices"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// paramFilter is a ParameterStringFilter (or, without Option, a legacy
// ParametersFilter) as the request carries it.
type paramFilter struct {
	Key    string
	Option string
	Values []string
}

// paramMatch reports whether a parameter passes one filter.
type paramMatch func(p *parameter) bool

// filterKey is one supported filter key: its options, the first being the
// default, and how it reads a parameter; or, for a key with its own rules,
// how it compiles.
type filterKey struct {
	options []string
	field   func(p *parameter) string
	compile func(f paramFilter) (paramMatch, error)
}

var (
	fieldType     = filterKey{options: []string{"Equals"}, field: func(p *parameter) string { return p.Type }}
	fieldKeyID    = filterKey{options: []string{"Equals"}, field: func(p *parameter) string { return p.KeyID }}
	fieldName     = filterKey{options: []string{"Equals", "BeginsWith", "Contains"}, field: func(p *parameter) string { return p.Name }}
	fieldDataType = filterKey{options: []string{"Equals"}, field: func(p *parameter) string { return p.DataType }}
	fieldTier     = filterKey{options: []string{"Equals"}, field: func(p *parameter) string { return p.Tier }}
	fieldPath     = filterKey{compile: pathFilter}

	byPathFilterKeys   = map[string]filterKey{"Type": fieldType, "KeyId": fieldKeyID}
	legacyFilterKeys   = map[string]filterKey{"Name": fieldName, "Type": fieldType, "KeyId": fieldKeyID}
	describeFilterKeys = map[string]filterKey{"Name": fieldName, "Type": fieldType, "KeyId": fieldKeyID,
		"DataType": fieldDataType, "Tier": fieldTier, "Path": fieldPath}
)

// compileFilters turns the request's filters into matchers, refusing keys
// and options the action does not support. Keys "tag:{key}" are always
// supported; "Path" (DescribeParameters) takes Recursive or OneLevel.
func compileFilters(in []paramFilter, keys map[string]filterKey) ([]paramMatch, error) {
	var out []paramMatch
	for _, f := range in {
		m, err := compileFilter(f, keys)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func compileFilter(f paramFilter, keys map[string]filterKey) (paramMatch, error) {
	if tag, ok := strings.CutPrefix(f.Key, "tag:"); ok {
		return tagFilter(tag, f.Values), nil
	}
	k, ok := keys[f.Key]
	if !ok {
		return nil, simcore.Errorf("InvalidFilterKey", "The following filter key is not valid: %s. Valid filter keys include: [%s].",
			f.Key, strings.Join(filterKeyNames(keys), ", "))
	}
	if k.compile != nil {
		return k.compile(f)
	}
	option := cmpOr(f.Option, k.options[0])
	if !slices.Contains(k.options, option) {
		return nil, simcore.Errorf("InvalidFilterOption", "The following filter option is not valid: %s. Valid options include: [%s].",
			option, strings.Join(k.options, ", "))
	}
	if len(f.Values) == 0 {
		return nil, simcore.Errorf("InvalidFilterValue", "The following filter values are missing : null for filter key %s.", f.Key)
	}
	return valueFilter(k.field, option, f.Values), nil
}

func valueFilter(field func(*parameter) string, option string, values []string) paramMatch {
	test := map[string]func(s, v string) bool{
		"Equals": func(s, v string) bool { return s == v }, "BeginsWith": strings.HasPrefix, "Contains": strings.Contains,
	}[option]
	return func(p *parameter) bool {
		return slices.ContainsFunc(values, func(v string) bool { return test(field(p), v) })
	}
}

// tagFilter matches parameters tagged key, with one of values when given.
func tagFilter(key string, values []string) paramMatch {
	return func(p *parameter) bool {
		i := slices.IndexFunc(p.Tags, func(t tag) bool { return t.Key == key })
		return i >= 0 && (len(values) == 0 || slices.Contains(values, p.Tags[i].Value))
	}
}

func pathFilter(f paramFilter) (paramMatch, error) {
	option := cmpOr(f.Option, "OneLevel")
	if option != "OneLevel" && option != "Recursive" {
		return nil, simcore.Errorf("InvalidFilterOption", "The following filter option is not valid: %s. Valid options include: [Recursive, OneLevel].", option)
	}
	var paths []paramMatch
	for _, v := range f.Values {
		if err := checkPath(v); err != nil {
			return nil, err
		}
		paths = append(paths, underPath(v, option == "Recursive"))
	}
	return func(p *parameter) bool {
		return slices.ContainsFunc(paths, func(m paramMatch) bool { return m(p) })
	}, nil
}

// underPath matches the parameters below path: its direct children, or with
// recursive every descendant.
func underPath(path string, recursive bool) paramMatch {
	prefix := strings.TrimSuffix(path, "/") + "/"
	return func(p *parameter) bool {
		rest, ok := strings.CutPrefix(p.Name, prefix)
		return ok && rest != "" && (recursive || !strings.Contains(rest, "/"))
	}
}

func matchAll(p *parameter, filters []paramMatch) bool {
	for _, f := range filters {
		if !f(p) {
			return false
		}
	}
	return true
}

func filterKeyNames(keys map[string]filterKey) []string {
	out := make([]string, 0, len(keys))
	for k := range keys {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
