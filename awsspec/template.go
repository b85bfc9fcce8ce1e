package awsspec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// ParseTemplate parses a CloudFormation template, JSON or YAML, into plain Go values:
// map[string]any, []any, string, float64, bool and nil. Every number is a float64, whichever
// syntax it came from, so a JSON template and its YAML twin parse to equal values.
//
// A body whose first non-space byte is '{' is JSON; anything else is YAML (1.2, via
// gopkg.in/yaml.v3). YAML's short-form tags become the long JSON form: !Ref x → {"Ref": "x"},
// !Condition x → {"Condition": "x"}, !GetAtt a.b.c → {"Fn::GetAtt": ["a", "b.c"]}, and
// !Sub, !Join, !If, !Equals, !Select, !Split, !ImportValue, !FindInMap, !Base64, !GetAZs, !And,
// !Or, !Not, !Cidr, !Transform, !Length, !ToJsonString → {"Fn::Name": value}. YAML timestamps
// (an unquoted 2010-09-09) stay strings; anchors and aliases are expanded. An unknown short-form
// tag, or a top level that is not a mapping, is an error.
func ParseTemplate(body []byte) (map[string]any, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, errors.New("template is empty")
	}
	if trimmed[0] == '{' {
		return parseJSON(trimmed)
	}
	return parseYAML(body)
}

func parseJSON(body []byte) (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("JSON not well-formed: %w", err)
	}
	return m, nil
}

func parseYAML(body []byte) (map[string]any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("YAML not well-formed: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, errors.New("template is empty")
	}
	v, err := yamlValue(doc.Content[0])
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("template must be a mapping")
	}
	return m, nil
}

// shortForms maps each short-form tag to its long-form key; !GetAtt's scalar form is handled
// on its own.
var shortForms = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub", "!Join": "Fn::Join", "!If": "Fn::If",
	"!Equals": "Fn::Equals", "!Select": "Fn::Select", "!Split": "Fn::Split",
	"!ImportValue": "Fn::ImportValue", "!FindInMap": "Fn::FindInMap", "!Base64": "Fn::Base64",
	"!GetAZs": "Fn::GetAZs", "!And": "Fn::And", "!Or": "Fn::Or", "!Not": "Fn::Not",
	"!Cidr": "Fn::Cidr", "!Transform": "Fn::Transform", "!Length": "Fn::Length",
	"!ToJsonString": "Fn::ToJsonString",
}

func yamlValue(n *yaml.Node) (any, error) {
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return shortForm(n)
	}
	switch n.Kind {
	case yaml.AliasNode:
		return yamlValue(n.Alias)
	case yaml.MappingNode:
		return yamlMap(n)
	case yaml.SequenceNode:
		return yamlList(n)
	}
	return yamlScalar(n)
}

func shortForm(n *yaml.Node) (any, error) {
	key, ok := shortForms[n.Tag]
	if !ok {
		return nil, fmt.Errorf("line %d: unknown tag %s", n.Line, n.Tag)
	}
	if n.Kind == yaml.ScalarNode {
		if n.Tag == "!GetAtt" {
			res, attr, _ := strings.Cut(n.Value, ".")
			return map[string]any{key: []any{res, attr}}, nil
		}
		return map[string]any{key: n.Value}, nil
	}
	plain := *n
	plain.Tag = ""
	v, err := yamlValue(&plain)
	if err != nil {
		return nil, err
	}
	return map[string]any{key: v}, nil
}

func yamlMap(n *yaml.Node) (map[string]any, error) {
	m := make(map[string]any, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, vn := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" {
			if err := yamlMerge(m, vn); err != nil {
				return nil, err
			}
			continue
		}
		v, err := yamlValue(vn)
		if err != nil {
			return nil, err
		}
		m[k.Value] = v
	}
	return m, nil
}

// yamlMerge applies a YAML merge key (<<: *anchor): keys already set win.
func yamlMerge(m map[string]any, n *yaml.Node) error {
	v, err := yamlValue(n)
	if err != nil {
		return err
	}
	srcs := []any{v}
	if list, ok := v.([]any); ok {
		srcs = list
	}
	for _, src := range srcs {
		sm, ok := src.(map[string]any)
		if !ok {
			return fmt.Errorf("line %d: merge value is not a mapping", n.Line)
		}
		for k, sv := range sm {
			if _, set := m[k]; !set {
				m[k] = sv
			}
		}
	}
	return nil
}

func yamlList(n *yaml.Node) ([]any, error) {
	list := make([]any, 0, len(n.Content))
	for _, c := range n.Content {
		v, err := yamlValue(c)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, nil
}

func yamlScalar(n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		err := n.Decode(&b)
		return b, err
	case "!!int":
		return yamlInt(n)
	case "!!float":
		return yamlFloat(n)
	}
	return n.Value, nil
}

func yamlInt(n *yaml.Node) (any, error) {
	i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
	if err != nil {
		var u uint64
		if derr := n.Decode(&u); derr != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		return float64(u), nil
	}
	return float64(i), nil
}

func yamlFloat(n *yaml.Node) (any, error) {
	switch strings.ToLower(n.Value) {
	case ".inf", "+.inf":
		return math.Inf(1), nil
	case "-.inf":
		return math.Inf(-1), nil
	case ".nan":
		return math.NaN(), nil
	}
	var f float64
	if err := n.Decode(&f); err != nil {
		return nil, fmt.Errorf("line %d: %w", n.Line, err)
	}
	return f, nil
}
