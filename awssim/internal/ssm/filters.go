package ssm

import (
	"fmt"
	"regexp"
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
// default, the values it accepts (nil: any), and how it reads a parameter;
// or, for a key with its own rules, how it compiles.
type filterKey struct {
	options []string
	values  []string
	field   func(p *parameter) string
	compile func(f paramFilter) (paramMatch, error)
}

// filterSet is the filters one action accepts: its keys, and the list of
// them its InvalidFilterKey message gives. model applies the constraints
// of the ParameterStringFilter shape before anything else, as AWS does.
type filterSet struct {
	keys  map[string]filterKey
	names string
	model bool
}

var (
	optionsEquals = []string{"Equals", "BeginsWith"}
	optionsName   = []string{"Equals", "BeginsWith", "Contains"}

	fieldType = filterKey{options: optionsEquals, values: []string{"String", "StringList", "SecureString"},
		field: func(p *parameter) string { return p.Type }}
	fieldKeyID    = filterKey{options: optionsEquals, field: func(p *parameter) string { return p.KeyID }}
	fieldName     = filterKey{compile: nameFilter}
	fieldDataType = filterKey{options: optionsEquals, field: func(p *parameter) string { return p.DataType }}
	fieldTier     = filterKey{options: optionsEquals, values: []string{"Standard", "Advanced", "Intelligent-Tiering"},
		field: func(p *parameter) string { return p.Tier }}
	fieldPath = filterKey{compile: pathFilter}

	byPathFilters = filterSet{keys: map[string]filterKey{"Type": fieldType, "KeyId": fieldKeyID},
		names: "[Type, KeyId]", model: true}
	legacyFilters = filterSet{keys: map[string]filterKey{"Name": {options: []string{"Equals"}, field: func(p *parameter) string { return p.Name }},
		"Type": fieldType, "KeyId": fieldKeyID}, names: "[Name, Type, KeyId]"}
	describeFilters = filterSet{keys: map[string]filterKey{"Name": fieldName, "Type": fieldType, "KeyId": fieldKeyID,
		"DataType": fieldDataType, "Tier": fieldTier, "Path": fieldPath}, names: "[Path, Name, Type, KeyId, Tier, DataType]", model: true}

	filterKeyRE = regexp.MustCompile(`^(tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType)$`)
)

const msgReservedPath = `Filters for common parameters can't be prefixed with "aws" or "ssm" (case-insensitive). ` +
	`When using global parameters, please specify within a global namespace.`

// compileFilters turns the request's filters into matchers, refusing keys,
// options and values the action does not take, each key at most once.
// Keys "tag:{key}" are always supported.
func compileFilters(in []paramFilter, set filterSet) ([]paramMatch, error) {
	if set.model {
		if err := checkFilterModel(in); err != nil {
			return nil, err
		}
	}
	var out []paramMatch
	seen := map[string]bool{}
	for _, f := range in {
		m, err := compileFilter(f, set)
		if err != nil {
			return nil, err
		}
		if seen[f.Key] {
			return nil, simcore.Errorf("InvalidFilterKey",
				"The following filter is duplicated in the request: %s. A request can contain only one occurrence of a specific filter.", f.Key)
		}
		seen[f.Key] = true
		out = append(out, m)
	}
	return out, nil
}

// checkFilterModel applies the constraints of the ParameterStringFilter
// shape, reporting every broken one in one message, as AWS does.
func checkFilterModel(in []paramFilter) error {
	var problems []string
	add := func(i int, member, value, constraint string) {
		problems = append(problems, fmt.Sprintf("Value '%s' at 'parameterFilters.%d.member.%s' failed to satisfy constraint: %s",
			value, i+1, member, constraint))
	}
	for i, f := range in {
		if !filterKeyRE.MatchString(f.Key) {
			add(i, "key", f.Key, "Member must satisfy regular expression pattern: tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType")
		}
		if len(f.Key) > 132 {
			add(i, "key", f.Key, "Member must have length less than or equal to 132")
		}
		if len(f.Option) > 10 {
			add(i, "option", f.Option, "Member must have length less than or equal to 10")
		}
		values := "[" + strings.Join(f.Values, ", ") + "]"
		if len(f.Values) > 50 {
			add(i, "values", values, "Member must have length less than or equal to 50")
		}
		if slices.ContainsFunc(f.Values, func(v string) bool { return v == "" || len(v) > 1024 }) {
			add(i, "values", values, "Member must satisfy constraint: "+
				"[Member must have length less than or equal to 1024, Member must have length greater than or equal to 1]")
		}
	}
	switch len(problems) {
	case 0:
		return nil
	case 1:
		return simcore.Errorf("ValidationException", "1 validation error detected: %s", problems[0])
	}
	return simcore.Errorf("ValidationException", "%d validation errors detected: %s", len(problems), strings.Join(problems, "; "))
}

func compileFilter(f paramFilter, set filterSet) (paramMatch, error) {
	if tag, ok := strings.CutPrefix(f.Key, "tag:"); ok {
		option, err := checkOption(f.Option, optionsEquals)
		if err != nil {
			return nil, err
		}
		return tagFilter(tag, option, f.Values), nil
	}
	k, ok := set.keys[f.Key]
	if !ok {
		return nil, simcore.Errorf("InvalidFilterKey", "The following filter key is not valid: %s. Valid filter keys include: %s.", f.Key, set.names)
	}
	if len(f.Values) == 0 {
		return nil, simcore.Errorf("InvalidFilterValue", "The following filter values are missing : null for filter key %s.", f.Key)
	}
	if k.compile != nil {
		return k.compile(f)
	}
	for _, v := range f.Values {
		if k.values != nil && !slices.Contains(k.values, v) {
			return nil, simcore.Errorf("InvalidFilterValue", "The following filter value is not valid: %s. Valid values include: [%s].",
				v, strings.Join(k.values, ", "))
		}
	}
	option, err := checkOption(f.Option, k.options)
	if err != nil {
		return nil, err
	}
	return valueFilter(k.field, option, f.Values), nil
}

// checkOption returns the filter's option (the first of options when it
// has none), refusing one the key does not take.
func checkOption(option string, options []string) (string, error) {
	option = cmpOr(option, options[0])
	if !slices.Contains(options, option) {
		return "", simcore.Errorf("InvalidFilterOption", "The following filter option is not valid: %s. Valid options include: [BeginsWith, Equals].", option)
	}
	return option, nil
}

// optionTests are the filter options' comparisons of a field with a value.
var optionTests = map[string]func(field, value string) bool{
	"Equals": func(s, v string) bool { return s == v }, "BeginsWith": strings.HasPrefix, "Contains": strings.Contains,
}

func valueFilter(field func(*parameter) string, option string, values []string) paramMatch {
	test := optionTests[option]
	return func(p *parameter) bool {
		return slices.ContainsFunc(values, func(v string) bool { return test(field(p), v) })
	}
}

// nameFilter matches names as SSM compares them: "foo" and "/foo" are the
// same name for Equals and BeginsWith; Contains looks for the value in the
// name with its leading slash.
func nameFilter(f paramFilter) (paramMatch, error) {
	option, err := checkOption(f.Option, optionsName)
	if err != nil {
		return nil, err
	}
	values := slices.Clone(f.Values)
	if option != "Contains" {
		for i, v := range values {
			values[i] = canonical(v)
		}
	}
	return valueFilter(func(p *parameter) string { return canonical(p.Name) }, option, values), nil
}

// tagFilter matches parameters tagged key, with a value that equals or
// begins with one of values when given.
func tagFilter(key, option string, values []string) paramMatch {
	test := optionTests[option]
	return func(p *parameter) bool {
		i := slices.IndexFunc(p.Tags, func(t tag) bool { return t.Key == key })
		return i >= 0 && (len(values) == 0 || slices.ContainsFunc(values, func(v string) bool { return test(p.Tags[i].Value, v) }))
	}
}

func pathFilter(f paramFilter) (paramMatch, error) {
	option := cmpOr(f.Option, "OneLevel")
	if option != "OneLevel" && option != "Recursive" {
		return nil, simcore.Errorf("InvalidFilterOption", "The following filter option is not valid: %s. Valid options include: [Recursive, OneLevel].", option)
	}
	var paths []paramMatch
	for _, v := range f.Values {
		lower := strings.ToLower(v)
		if strings.HasPrefix(lower, "/aws") || strings.HasPrefix(lower, "/ssm") {
			return nil, simcore.Errorf("ValidationException", msgReservedPath)
		}
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
// recursive every descendant. A name of one level is below "/" with or
// without its leading slash.
func underPath(path string, recursive bool) paramMatch {
	prefix := strings.TrimSuffix(path, "/") + "/"
	return func(p *parameter) bool {
		rest, ok := strings.CutPrefix(canonical(p.Name), prefix)
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
