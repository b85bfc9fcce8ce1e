package awsspec

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseTemplateShortForms(t *testing.T) {
	tests := map[string]struct {
		yaml string
		want any
	}{
		"Ref":            {`!Ref Vpc`, map[string]any{"Ref": "Vpc"}},
		"Condition":      {`!Condition IsProd`, map[string]any{"Condition": "IsProd"}},
		"GetAtt scalar":  {`!GetAtt Db.Endpoint.Address`, map[string]any{"Fn::GetAtt": []any{"Db", "Endpoint.Address"}}},
		"GetAtt list":    {`!GetAtt [Db, Arn]`, map[string]any{"Fn::GetAtt": []any{"Db", "Arn"}}},
		"Sub string":     {`!Sub "${AWS::Region}-x"`, map[string]any{"Fn::Sub": "${AWS::Region}-x"}},
		"Sub list":       {`!Sub ["${A}", {A: !Ref B}]`, map[string]any{"Fn::Sub": []any{"${A}", map[string]any{"A": map[string]any{"Ref": "B"}}}}},
		"Join":           {`!Join [",", [a, b]]`, map[string]any{"Fn::Join": []any{",", []any{"a", "b"}}}},
		"If":             {`!If [C, 1, !Ref AWS::NoValue]`, map[string]any{"Fn::If": []any{"C", 1.0, map[string]any{"Ref": "AWS::NoValue"}}}},
		"Equals":         {`!Equals [!Ref E, prod]`, map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "E"}, "prod"}}},
		"Select":         {`!Select [0, !GetAZs ""]`, map[string]any{"Fn::Select": []any{0.0, map[string]any{"Fn::GetAZs": ""}}}},
		"Split":          {`!Split [",", a]`, map[string]any{"Fn::Split": []any{",", "a"}}},
		"ImportValue":    {`!ImportValue app-env-VpcId`, map[string]any{"Fn::ImportValue": "app-env-VpcId"}},
		"FindInMap":      {`!FindInMap [M, a, b]`, map[string]any{"Fn::FindInMap": []any{"M", "a", "b"}}},
		"Base64":         {`!Base64 hello`, map[string]any{"Fn::Base64": "hello"}},
		"GetAZs":         {`!GetAZs ''`, map[string]any{"Fn::GetAZs": ""}},
		"And":            {`!And [!Condition A, !Condition B]`, map[string]any{"Fn::And": []any{map[string]any{"Condition": "A"}, map[string]any{"Condition": "B"}}}},
		"Or":             {`!Or [!Condition A, !Condition B]`, map[string]any{"Fn::Or": []any{map[string]any{"Condition": "A"}, map[string]any{"Condition": "B"}}}},
		"Not":            {`!Not [!Condition A]`, map[string]any{"Fn::Not": []any{map[string]any{"Condition": "A"}}}},
		"Cidr":           {`!Cidr [10.0.0.0/16, 4, 8]`, map[string]any{"Fn::Cidr": []any{"10.0.0.0/16", 4.0, 8.0}}},
		"block Sub":      {"!Sub |\n  a ${B}\n", map[string]any{"Fn::Sub": "a ${B}\n"}},
		"mapping tag":    {"!Base64\n  Fn::Sub: x", map[string]any{"Fn::Base64": map[string]any{"Fn::Sub": "x"}}},
		"numbers float":  {`[1, 2.5, 0x10]`, []any{1.0, 2.5, 16.0}},
		"scalars":        {`[true, ~, "1", 2010-09-09]`, []any{true, nil, "1", "2010-09-09"}},
		"anchor + alias": {"\na: &x {k: v}\nb: *x", map[string]any{"a": map[string]any{"k": "v"}, "b": map[string]any{"k": "v"}}},
		"merge key":      {"\na: &x {k: v, l: w}\nb: {<<: *x, l: z}", map[string]any{"a": map[string]any{"k": "v", "l": "w"}, "b": map[string]any{"k": "v", "l": "z"}}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			doc, err := ParseTemplate([]byte("Value: " + indentTail(tc.yaml)))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, doc["Value"]); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// indentTail indents every line after the first, to nest a YAML value under a key.
func indentTail(s string) string {
	return strings.ReplaceAll(s, "\n", "\n  ")
}

func TestParseTemplateJSONAndYAMLAgree(t *testing.T) {
	j := `{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": 5, "QueueName": {"Fn::Sub": "${AWS::StackName}-q"}}}}}`
	y := "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 5\n      QueueName: !Sub ${AWS::StackName}-q\n"
	jd, err := ParseTemplate([]byte(j))
	if err != nil {
		t.Fatal(err)
	}
	yd, err := ParseTemplate([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(jd, yd); diff != "" {
		t.Errorf("(-json +yaml)\n%s", diff)
	}
}

func TestParseTemplateErrors(t *testing.T) {
	tests := map[string]struct{ body, want string }{
		"empty":       {"  \n", "template is empty"},
		"bad JSON":    {`{"a": }`, "JSON not well-formed"},
		"bad YAML":    {"a: [b", "YAML not well-formed"},
		"unknown tag": {"a: !Nope x", "line 1: unknown tag !Nope"},
		"not a map":   {"- a", "template must be a mapping"},
		"comment":     {"# nothing", "template is empty"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := ParseTemplate([]byte(tc.body))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}
