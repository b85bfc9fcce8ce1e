package awsspec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCheckResource(t *testing.T) {
	tests := map[string]struct {
		typ   string
		props map[string]any
		want  []Problem
	}{
		"valid":         {"AWS::Logs::LogGroup", map[string]any{"LogGroupName": "/copilot/a", "RetentionInDays": 30.0}, nil},
		"no properties": {"AWS::ECS::Cluster", nil, nil},
		"unsupported property": {"AWS::Logs::LogGroup", map[string]any{"Retention": 30.0},
			[]Problem{{Path: "Retention", Message: "Encountered unsupported property Retention"}}},
		"missing required": {"AWS::SSM::Parameter", map[string]any{"Type": "String"},
			[]Problem{{Path: "Value", Message: "Property Value cannot be empty."}}},
		"nested unsupported": {"AWS::ECS::Service", map[string]any{
			"LoadBalancers": []any{map[string]any{"ContainerPort": 80.0, "Port": 80.0}}},
			[]Problem{{Path: "LoadBalancers.0.Port", Message: "Encountered unsupported property Port"}}},
		"nested required": {"AWS::EC2::VPC", map[string]any{"Tags": []any{map[string]any{"Key": "a"}}},
			[]Problem{{Path: "Tags.0.Value", Message: "Property Value cannot be empty."}}},
		"custom resource": {"Custom::Thing", map[string]any{"Anything": 1.0}, nil},
		"unknown type": {"AWS::Nope::Nope", nil,
			[]Problem{{Message: "Unrecognized resource types: [AWS::Nope::Nope]"}}},
		"types not checked": {"AWS::Logs::LogGroup", map[string]any{"RetentionInDays": []any{"x"}}, nil},
	}
	s := Load()
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, s.CheckResource(tc.typ, tc.props)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}
