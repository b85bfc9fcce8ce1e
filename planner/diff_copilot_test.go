package planner

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/awsspec"
)

// An update of a stack Copilot deployed that replaces or deletes what
// holds data or addresses is warned of, naming each such resource; the
// same update of flightplan's own stack, or one that keeps them, is not.
func TestCopilotWarnings(t *testing.T) {
	const copilotLive = `Metadata:
  Version: v1.34.0
  Manifest: |
    name: test
    type: Environment
Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Queue:
    Type: AWS::SQS::Queue
  Cluster:
    Type: AWS::ECS::Cluster
`
	const ownLive = `{"Resources":{"VPC":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":"10.0.0.0/16"}},"Queue":{"Type":"AWS::SQS::Queue"},"Cluster":{"Type":"AWS::ECS::Cluster"}}}`
	const warn = "stack shop-test was deployed by Copilot, and this update loses what holds data or addresses: " +
		"Queue (AWS::SQS::Queue) deleted, VPC (AWS::EC2::VPC) replaced. " +
		"Do not apply it to a running application: change the file until the plan keeps these resources (see docs/adopt.md)"
	for name, tc := range map[string]struct {
		live, desired string
		want          []string
	}{
		"a Copilot stack loses its VPC and queue": {live: copilotLive,
			desired: `{"Resources":{"VPC":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":"10.9.0.0/16"}},"Cluster":{"Type":"AWS::ECS::Cluster","Properties":{"ClusterName":"x"}}}}`,
			want:    []string{warn}},
		"a Copilot stack keeps them": {live: copilotLive,
			desired: `{"Resources":{"VPC":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":"10.0.0.0/16"}},"Queue":{"Type":"AWS::SQS::Queue"},"Cluster":{"Type":"AWS::ECS::Cluster","Properties":{"ClusterName":"x"}}}}`},
		"a Copilot stack loses its nested addons stack": {live: strings.Replace(copilotLive, "Resources:\n", "Resources:\n  AddonsStack:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: https://b.s3.amazonaws.com/addons.yml}\n", 1),
			desired: `{"Resources":{"VPC":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":"10.0.0.0/16"}},"Queue":{"Type":"AWS::SQS::Queue"},"Cluster":{"Type":"AWS::ECS::Cluster"}}}`,
			want: []string{"stack shop-test was deployed by Copilot, and this update loses what holds data or addresses: " +
				"AddonsStack (AWS::CloudFormation::Stack) deleted. " +
				"Do not apply it to a running application: change the file until the plan keeps these resources (see docs/adopt.md)"}},
		"flightplan's own stack": {live: ownLive,
			desired: `{"Resources":{"VPC":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":"10.9.0.0/16"}}}}`},
	} {
		t.Run(name, func(t *testing.T) {
			env := addr.Env("test")
			idx := &liveIndex{live: map[addr.Address]*liveObjects{
				env: {stacks: []*LiveStack{{Name: "shop-test", Template: []byte(tc.live)}}},
			}}
			before, err := parseTemplate([]byte(tc.live))
			if err != nil {
				t.Fatal(err)
			}
			after, _ := parseTemplate([]byte(tc.desired))
			res, _, _ := diffTemplates(before, after, awsspec.Load().Replaces)
			c := &Change{Addr: env, Action: Update, Stack: &StackChange{Name: "shop-test", Action: Update, Resources: res}}
			copilotWarnings(idx, []*Change{c})
			if diff := cmp.Diff(tc.want, c.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}
