package planner

import "strings"

// maskChanges masks, in every value change of changes, both sides of a
// change that holds a sensitive value on either side. Views also redact
// the sensitive values wherever they appear, but only the current ones: the
// deployed side of a changed secret is an old value that no list names, so
// it is masked here, by where it stands, before any view or plan file sees
// it. A masked change keeps its path and is marked Sensitive, so a review
// still sees that the secret changes.
func maskChanges(changes []*Change, sensitive []string) {
	if len(sensitive) == 0 {
		return
	}
	for _, c := range changes {
		if sc := c.Stack; sc != nil {
			for i := range sc.Resources {
				maskValues(sc.Resources[i].Properties, sensitive)
			}
			maskValues(sc.Parameters, sensitive)
			maskValues(sc.Tags, sensitive)
			maskValues(sc.Outputs, sensitive)
			maskValues(sc.Sections, sensitive)
		}
		for _, pc := range c.Parameters {
			maskValues(pc.Fields, sensitive)
		}
	}
}

func maskValues(vs []ValueChange, sensitive []string) {
	for i := range vs {
		v := &vs[i]
		if v.Sensitive || !(holdsAny(v.Before, sensitive) || holdsAny(v.After, sensitive)) {
			continue
		}
		v.Sensitive = true
		if v.Before != nil {
			v.Before = SensitiveValue
		}
		if v.After != nil && !v.Unknown {
			v.After = SensitiveValue
		}
	}
}

// holdsAny reports whether any string inside v contains one of the values.
func holdsAny(v any, values []string) bool {
	switch v := v.(type) {
	case string:
		for _, s := range values {
			if s != "" && strings.Contains(v, s) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if holdsAny(e, values) {
				return true
			}
		}
	case map[string]any:
		for _, e := range v {
			if holdsAny(e, values) {
				return true
			}
		}
	}
	return false
}
