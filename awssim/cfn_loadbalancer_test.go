package awssim_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// TestLoadBalancerAttributes: application and network load balancers get
// ARNs and canonical hosted zones of their own kind, as AWS gives them.
func TestLoadBalancerAttributes(t *testing.T) {
	_, c := cfnClient(t)
	st := createStack(t, c, "lbs", `
Resources:
  App: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Type: application, Subnets: [subnet-1]}}
  Net: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Type: network, Subnets: [subnet-1]}}
Outputs:
  AppArn: {Value: !Ref App}
  AppZone: {Value: !GetAtt App.CanonicalHostedZoneID}
  NetArn: {Value: !Ref Net}
  NetZone: {Value: !GetAtt Net.CanonicalHostedZoneID}
  NetName: {Value: !GetAtt Net.LoadBalancerFullName}
`)
	if st.StackStatus != types.StackStatusCreateComplete {
		t.Fatalf("status = %s (%s)", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	got := map[string]string{}
	for _, o := range st.Outputs {
		got[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	checks := map[string]bool{
		"application ARN": strings.Contains(got["AppArn"], ":loadbalancer/app/"),
		"network ARN":     strings.Contains(got["NetArn"], ":loadbalancer/net/"),
		"network name":    strings.HasPrefix(got["NetName"], "net/"),
		"zones differ":    got["AppZone"] == "Z35SXDOTRQ7X7K" && got["NetZone"] == "Z26RNL4JYFTOTI",
	}
	for name, ok := range checks {
		if !ok {
			t.Errorf("%s: outputs %v", name, got)
		}
	}
}
