package planner

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/awsspec"
)

// An update of a stack Copilot deployed that removes its custom resources
// retains them first (those not retained already); flightplan's own stacks
// and other removed resources are left as they are.
func TestRetainFirst(t *testing.T) {
	const copilotLive = `Metadata:
  Manifest: "name: test"
Resources:
  DNSDelegationFunction: {Type: AWS::Lambda::Function}
  DelegateDNSAction: {Type: Custom::DNSDelegationFunction, Properties: {ServiceToken: !GetAtt DNSDelegationFunction.Arn}}
  Kept: {Type: AWS::CloudFormation::CustomResource, DeletionPolicy: Retain}
  Cluster: {Type: AWS::ECS::Cluster}
`
	const ownLive = `{"Resources":{"DelegateDNSAction":{"Type":"Custom::DNSDelegationFunction"},"Cluster":{"Type":"AWS::ECS::Cluster"}}}`
	const desired = `{"Resources":{"Cluster":{"Type":"AWS::ECS::Cluster"}}}`
	for name, tc := range map[string]struct {
		live string
		want []string
	}{
		"Copilot's stack": {live: copilotLive, want: []string{"DelegateDNSAction"}},
		"flightplan's":    {live: ownLive},
	} {
		t.Run(name, func(t *testing.T) {
			env := addr.Env("test")
			idx := &liveIndex{live: map[addr.Address]*liveObjects{env: {stacks: []*LiveStack{{Name: "shop-test", Template: []byte(tc.live)}}}}}
			before, err := parseTemplate([]byte(tc.live))
			if err != nil {
				t.Fatal(err)
			}
			after, _ := parseTemplate([]byte(desired))
			res, _, _ := diffTemplates(before, after, awsspec.Load().Replaces)
			c := &Change{Addr: env, Action: Update, Stack: &StackChange{Name: "shop-test", Action: Update, Resources: res}}
			retainFirst(idx, []*Change{c})
			if diff := cmp.Diff(tc.want, c.Stack.RetainFirst); diff != "" {
				t.Errorf("retained first (-want +got):\n%s", diff)
			}
			for _, r := range c.Stack.Resources {
				if r.LogicalID == "DelegateDNSAction" && r.Retained != (tc.want != nil) {
					t.Errorf("DelegateDNSAction retained = %v", r.Retained)
				}
			}
		})
	}
}
