package awsspec

import (
	"fmt"
	"strings"
)

// primitiveNames are the CloudFormation primitive type names.
var primitiveNames = map[string]bool{
	"String": true, "Integer": true, "Long": true, "Double": true, "Boolean": true,
	"Timestamp": true, "Json": true,
}

// parseType reads the type strings of spec.json: a primitive name, a nested type name,
// List<T>, Map<T> or Union<T,T,...>.
func parseType(s string) (Type, error) {
	t, rest, err := parseTypePrefix(s)
	if err == nil && rest != "" {
		err = fmt.Errorf("type %q: trailing %q", s, rest)
	}
	return t, err
}

func parseTypePrefix(s string) (Type, string, error) {
	end := strings.IndexAny(s, "<,>")
	if end < 0 {
		end = len(s)
	}
	head, rest := s[:end], s[end:]
	if head == "" {
		return Type{}, "", fmt.Errorf("type expected at %q", s)
	}
	if !strings.HasPrefix(rest, "<") {
		if primitiveNames[head] {
			return Type{Kind: "primitive", Primitive: head}, rest, nil
		}
		return Type{Kind: "object", Object: head}, rest, nil
	}
	args, rest, err := parseTypeArgs(rest[1:])
	if err != nil {
		return Type{}, "", err
	}
	return generic(head, args, rest)
}

func parseTypeArgs(s string) ([]Type, string, error) {
	var args []Type
	for {
		t, rest, err := parseTypePrefix(s)
		if err != nil {
			return nil, "", err
		}
		args = append(args, t)
		switch {
		case strings.HasPrefix(rest, ","):
			s = rest[1:]
		case strings.HasPrefix(rest, ">"):
			return args, rest[1:], nil
		default:
			return nil, "", fmt.Errorf("unterminated type arguments at %q", rest)
		}
	}
}

func generic(head string, args []Type, rest string) (Type, string, error) {
	switch {
	case head == "Union" && len(args) > 1:
		return Type{Kind: "union", Union: args}, rest, nil
	case head == "List" && len(args) == 1:
		return Type{Kind: "list", Item: &args[0]}, rest, nil
	case head == "Map" && len(args) == 1:
		return Type{Kind: "map", Item: &args[0]}, rest, nil
	}
	return Type{}, "", fmt.Errorf("bad type %s with %d arguments", head, len(args))
}

// String returns the type as CloudFormation's documentation writes it: String, List of String,
// Map of Integer, the nested type's name, or the alternatives joined with " or ".
func (t Type) String() string {
	switch t.Kind {
	case "primitive":
		return t.Primitive
	case "list":
		return "List of " + t.Item.String()
	case "map":
		return "Map of " + t.Item.String()
	case "object":
		return t.Object
	case "union":
		parts := make([]string, len(t.Union))
		for i, u := range t.Union {
			parts[i] = u.String()
		}
		return strings.Join(parts, " or ")
	}
	return "?"
}
