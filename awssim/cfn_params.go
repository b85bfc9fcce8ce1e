package awssim

import (
	"net/url"
	"strconv"
	"strings"
)

// cfnGivenParam is one entry of a call's Parameters list.
type cfnGivenParam struct {
	Key, Value  string
	UsePrevious bool
}

// formParams reads Parameters.member.N.* from a Query form.
func formParams(f url.Values) []cfnGivenParam {
	var out []cfnGivenParam
	for i := 1; ; i++ {
		p := "Parameters.member." + strconv.Itoa(i) + "."
		key := f.Get(p + "ParameterKey")
		if key == "" {
			return out
		}
		out = append(out, cfnGivenParam{Key: key, Value: f.Get(p + "ParameterValue"),
			UsePrevious: f.Get(p+"UsePreviousValue") == "true"})
	}
}

// resolveParams combines the template's declarations, the given values and
// the stack's previous values as CloudFormation does, with its messages.
func resolveParams(t *cfnTemplate, given []cfnGivenParam, prev []cfnParam) ([]cfnParam, error) {
	byKey := map[string]cfnGivenParam{}
	var unknown []string
	for _, g := range given {
		if _, ok := t.Params[g.Key]; !ok {
			unknown = append(unknown, g.Key)
		}
		byKey[g.Key] = g
	}
	if len(unknown) > 0 {
		return nil, Errorf("ValidationError", "Parameters: %s do not exist in the template", failedList(unknown))
	}
	var out []cfnParam
	var missing []string
	for _, k := range sortedKeys(t.Params) {
		decl := t.Params[k]
		v, ok := paramValue(decl, byKey[k], prev, k)
		if !ok {
			missing = append(missing, k)
			continue
		}
		if err := checkParam(k, decl, v); err != nil {
			return nil, err
		}
		out = append(out, cfnParam{Key: k, Value: v, NoEcho: strOf(decl["NoEcho"]) == "true"})
	}
	if len(missing) > 0 {
		return nil, Errorf("ValidationError", "Parameters: %s must have values", failedList(missing))
	}
	return out, nil
}

func paramValue(decl map[string]any, g cfnGivenParam, prev []cfnParam, key string) (string, bool) {
	if g.UsePrevious {
		for _, p := range prev {
			if p.Key == key {
				return p.Value, true
			}
		}
		return "", false
	}
	if g.Key != "" {
		return g.Value, true
	}
	if d, ok := decl["Default"]; ok {
		return strOf(d), true
	}
	return "", false
}

func checkParam(key string, decl map[string]any, v string) error {
	if allowed, ok := decl["AllowedValues"].([]any); ok && !isListType(decl) {
		found := false
		for _, a := range allowed {
			found = found || strOf(a) == v
		}
		if !found {
			return Errorf("ValidationError", "Parameter '%s' must be one of AllowedValues", key)
		}
	}
	if strOf(decl["Type"]) == "Number" {
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return Errorf("ValidationError", "Parameter '%s' must be a number.", key)
		}
	}
	return nil
}

func isListType(decl map[string]any) bool {
	typ := strOf(decl["Type"])
	return typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<")
}

// paramValues returns the values Ref sees: lists for list types.
func paramValues(t *cfnTemplate, params []cfnParam) map[string]any {
	out := map[string]any{}
	for _, p := range params {
		if isListType(t.Params[p.Key]) {
			var l []any
			for _, s := range strings.Split(p.Value, ",") {
				l = append(l, strings.TrimSpace(s))
			}
			out[p.Key] = l
			continue
		}
		out[p.Key] = p.Value
	}
	return out
}
