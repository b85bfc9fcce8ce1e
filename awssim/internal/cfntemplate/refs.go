package cfntemplate

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// ref is one reference found in a template value: Ref (Attr empty) or
// Fn::GetAtt / a dotted Fn::Sub variable (Attr set, Resource true).
type ref struct {
	Name     string
	Attr     string
	Resource bool
}

// pseudoParams are the pseudo parameters Ref accepts.
var pseudoParams = map[string]bool{
	"AWS::Region": true, "AWS::AccountId": true, "AWS::StackName": true, "AWS::StackId": true,
	"AWS::Partition": true, "AWS::URLSuffix": true, "AWS::NoValue": true, "AWS::NotificationARNs": true,
}

// collectRefs returns every reference in v, in walk order.
func collectRefs(v any) []ref {
	var out []ref
	walkRefs(v, &out)
	return out
}

func walkRefs(v any, out *[]ref) {
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			walkRefs(x, out)
		}
	case map[string]any:
		if len(v) == 1 && refsOfCall(v, out) {
			return
		}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			walkRefs(v[k], out)
		}
	}
}

func refsOfCall(m map[string]any, out *[]ref) bool {
	if name, ok := m["Ref"].(string); ok {
		*out = append(*out, ref{Name: name})
		return true
	}
	if arg, ok := m["Fn::GetAtt"]; ok {
		if res, attr, ok := getAttArgs(arg); ok {
			*out = append(*out, ref{Name: res, Attr: attr, Resource: true})
		}
		return true
	}
	if arg, ok := m["Fn::Sub"]; ok {
		s, vars := subArgs(arg)
		for _, name := range subVariables(s) {
			if _, local := vars[name]; !local {
				*out = append(*out, subRef(name))
			}
		}
		for _, k := range slices.Sorted(maps.Keys(vars)) {
			walkRefs(vars[k], out)
		}
		return true
	}
	return false
}

func subRef(name string) ref {
	if i := strings.Index(name, "."); i > 0 && !strings.HasPrefix(name, "AWS::") {
		return ref{Name: name[:i], Attr: name[i+1:], Resource: true}
	}
	return ref{Name: name}
}

// getAttArgs reads Fn::GetAtt's argument: ["Res", "Attr"] or "Res.Attr".
func getAttArgs(arg any) (res, attr string, ok bool) {
	switch a := arg.(type) {
	case string:
		res, attr, ok = strings.Cut(a, ".")
		return res, attr, ok
	case []any:
		if len(a) != 2 {
			return "", "", false
		}
		res, ok1 := a[0].(string)
		attr, ok2 := a[1].(string)
		return res, attr, ok1 && ok2
	}
	return "", "", false
}

// subArgs reads Fn::Sub's argument: "string" or ["string", {vars}].
func subArgs(arg any) (string, map[string]any) {
	switch a := arg.(type) {
	case string:
		return a, nil
	case []any:
		if len(a) == 2 {
			s, _ := a[0].(string)
			return s, AsMap(a[1])
		}
	}
	return "", nil
}

var subVar = regexp.MustCompile(`\$\{([^}]*)\}`)

// subVariables returns the ${} variables of a Fn::Sub string, skipping the
// ${!Literal} escapes.
func subVariables(s string) []string {
	var out []string
	for _, m := range subVar.FindAllStringSubmatch(s, -1) {
		if !strings.HasPrefix(m[1], "!") {
			out = append(out, strings.TrimSpace(m[1]))
		}
	}
	return out
}
