package stacks

import "flightplan/schema"

// cfnString is a string of the file as a template value: the string
// itself, or, when it holds values imported from other stacks
// (import_value), Fn::ImportValue alone or joined with the text around it.
func cfnString(s string) any {
	if !schema.HasImport(s) {
		return s
	}
	parts := schema.SplitImports(s)
	l := make([]any, len(parts))
	for i, p := range parts {
		if p.Import != "" {
			l[i] = obj{"Fn::ImportValue": p.Import}
		} else {
			l[i] = p.Text
		}
	}
	if len(l) == 1 {
		return l[0]
	}
	return join("", l...)
}

// cfnStrings is cfnString of each string.
func cfnStrings(ss []string) list {
	l := make(list, len(ss))
	for i, s := range ss {
		l[i] = cfnString(s)
	}
	return l
}
