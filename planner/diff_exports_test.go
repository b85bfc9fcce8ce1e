package planner

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/stacks"
)

func TestExportInversions(t *testing.T) {
	const (
		envLive    = `{"Outputs":{"HTTPS":{"Value":"x","Export":{"Name":"app-test-HTTPSListenerArn"}},"HTTP":{"Value":"y","Export":{"Name":"app-test-HTTPListenerArn"}}}}`
		envDesired = `{"Outputs":{"HTTP":{"Value":"y","Export":{"Name":"app-test-HTTPListenerArn"}}}}`
		svcOnHTTPS = `{"Resources":{"Rule":{"Type":"AWS::ElasticLoadBalancingV2::ListenerRule","Properties":{"ListenerArn":{"Fn::ImportValue":"app-test-HTTPSListenerArn"}}}}}`
		svcOnHTTP  = `{"Resources":{"Rule":{"Type":"AWS::ElasticLoadBalancingV2::ListenerRule","Properties":{"ListenerArn":{"Fn::ImportValue":"app-test-HTTPListenerArn"}}}}}`
	)
	for name, tc := range map[string]struct {
		svcLive, svcDesired, envDesired string
		want                            []string
	}{
		"stops importing a removed export: goes first": {svcOnHTTPS, svcOnHTTP, envDesired, []string{"env/test"}},
		"keeps importing it: no inversion":             {svcOnHTTPS, svcOnHTTPS, envDesired, nil},
		"the export stays: normal order":               {svcOnHTTPS, svcOnHTTP, envLive, nil},
		"never imported it: normal order":              {svcOnHTTP, svcOnHTTP + " ", envDesired, nil},
	} {
		t.Run(name, func(t *testing.T) {
			env, svc := addr.Env("test"), addr.Deploy("test", "api")
			d := &stacks.Desired{Nodes: []*stacks.Node{
				{Addr: env, Stack: &stacks.Stack{Template: []byte(tc.envDesired)}},
				{Addr: svc, Stack: &stacks.Stack{Template: []byte(tc.svcDesired)}},
			}}
			idx := &liveIndex{live: map[addr.Address]*liveObjects{
				env: {stacks: []*LiveStack{{Template: []byte(envLive)}}},
				svc: {stacks: []*LiveStack{{Template: []byte(tc.svcLive)}}},
			}}
			changes := []*Change{
				{Addr: env, Stack: &StackChange{Action: Update}},
				{Addr: svc, Stack: &StackChange{Action: Update}, DependsOn: []string{"env/test"}},
			}
			exportInversions(d, idx, changes)
			if diff := cmp.Diff(tc.want, changes[1].Before); diff != "" {
				t.Errorf("Before (-want +got):\n%s", diff)
			}
		})
	}
}
