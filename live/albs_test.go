package live_test

import (
	"context"
	"strings"
	"testing"

	"flightplan/awssim/awssimtest"
	"flightplan/cloud"
	"flightplan/live"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

const albsTemplate = `{"Resources": {
  "Shared": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Name": "shared", "Type": "application", "SecurityGroups": ["sg-1"], "Subnets": ["subnet-1", "subnet-2"]}},
  "Listener": {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {"LoadBalancerArn": {"Ref": "Shared"}, "Port": 80, "Protocol": "HTTP",
    "DefaultActions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]}},
  "Bare": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Name": "bare", "Type": "application", "Subnets": ["subnet-1", "subnet-2"]}},
  "Net": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Name": "net", "Type": "network", "Subnets": ["subnet-1", "subnet-2"]}}
}}`

// ReadALBs reads an imported load balancer by name, and refuses one
// without listeners, a network load balancer and a missing one, naming
// each.
func TestReadALBs(t *testing.T) {
	ts := awssimtest.Start(t)
	p := simProvider(ts)
	ctx := context.Background()
	target := cloud.Target{Account: "111111111111", Region: "us-east-1"}
	c, err := p.For(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	if err := plantest.CreateStack(ctx, c.CFN, &stacks.Stack{Name: "lbs", Template: []byte(albsTemplate)}); err != nil {
		t.Fatal(err)
	}
	got, err := live.ReadALBs(ctx, p, []live.ALBRef{{Ref: "shared", Target: target}})
	if err != nil {
		t.Fatal(err)
	}
	a := got["shared"]
	if !strings.Contains(a.ARN, ":loadbalancer/app/shared/") || a.HTTPListenerARN == "" || a.HTTPSListenerARN != "" || a.DNSName == "" || len(a.SecurityGroups) != 1 {
		t.Errorf("read %+v", a)
	}
	for ref, want := range map[string]string{
		"bare":    "neither an HTTP listener on port 80 nor an HTTPS listener",
		"net":     "it is a network load balancer",
		"missing": "LoadBalancerNotFound",
	} {
		_, err := live.ReadALBs(ctx, p, []live.ALBRef{{Ref: ref, Target: target}})
		if err == nil || !strings.Contains(err.Error(), "load balancer "+ref+" in 111111111111/us-east-1") || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", ref, err, want)
		}
	}
}
