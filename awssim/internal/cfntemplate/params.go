package cfntemplate

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// GivenParam is one entry of a call's Parameters list.
type GivenParam struct {
	Key, Value  string
	UsePrevious bool
}

// Param is one parameter's value as a stack holds it.
type Param struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	NoEcho bool   `json:"noEcho,omitempty"`
}

// ResolveParams combines the template's declarations, the given values and
// the stack's previous values as CloudFormation does, with its messages.
func ResolveParams(t *Template, given []GivenParam, prev []Param) ([]Param, error) {
	byKey := map[string]GivenParam{}
	var unknown []string
	for _, g := range given {
		if _, ok := t.Params[g.Key]; !ok {
			unknown = append(unknown, g.Key)
		}
		byKey[g.Key] = g
	}
	if len(unknown) > 0 {
		return nil, simcore.Errorf("ValidationError", "Parameters: %s do not exist in the template", Bracketed(unknown))
	}
	var out []Param
	var missing []string
	for _, k := range slices.Sorted(maps.Keys(t.Params)) {
		decl := t.Params[k]
		v, ok := paramValue(decl, byKey[k], prev, k)
		if !ok {
			missing = append(missing, k)
			continue
		}
		if err := checkParam(k, decl, v); err != nil {
			return nil, err
		}
		out = append(out, Param{Key: k, Value: v, NoEcho: String(decl["NoEcho"]) == "true"})
	}
	if len(missing) > 0 {
		return nil, simcore.Errorf("ValidationError", "Parameters: %s must have values", Bracketed(missing))
	}
	return out, nil
}

func paramValue(decl map[string]any, g GivenParam, prev []Param, key string) (string, bool) {
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
		return String(d), true
	}
	return "", false
}

func checkParam(key string, decl map[string]any, v string) error {
	if allowed, ok := decl["AllowedValues"].([]any); ok && !isListType(decl) {
		found := false
		for _, a := range allowed {
			found = found || String(a) == v
		}
		if !found {
			return simcore.Errorf("ValidationError", "Parameter '%s' must be one of AllowedValues", key)
		}
	}
	if String(decl["Type"]) == "Number" {
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return simcore.Errorf("ValidationError", "Parameter '%s' must be a number.", key)
		}
	}
	return nil
}

func isListType(decl map[string]any) bool {
	typ := String(decl["Type"])
	return typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<")
}

// ParamValues returns the values Ref sees: lists for list types.
func ParamValues(t *Template, params []Param) map[string]any {
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
