package awssim_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"flightplan/awssim/awssimtest"
)

const lbTemplate = `Resources:
  LB:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Name: shared, Scheme: internet-facing, Type: application, SecurityGroups: [sg-0123], Subnets: [subnet-1, subnet-2]}
  HTTP:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: {LoadBalancerArn: !Ref LB, Port: 80, Protocol: HTTP, DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "404"}}]}
  HTTPS:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: {LoadBalancerArn: !Ref LB, Port: 443, Protocol: HTTPS, Certificates: [{CertificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/1"}], DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "404"}}]}
  TG:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {Port: 80, Protocol: HTTP, TargetType: ip, VpcId: vpc-1}
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref HTTPS
      Priority: 7
      Conditions: [{Field: path-pattern, PathPatternConfig: {Values: [/a, /a/*]}}, {Field: host-header, Values: [a.example.org]}]
      Actions: [{Type: forward, TargetGroupArn: !Ref TG}]
Outputs:
  DNS: {Value: !GetAtt LB.DNSName}
`

// TestELBv2Describe reads a stack's load balancer and listeners through
// the real client, by name and by ARN, as flightplan reads an imported
// load balancer, a listener's rules, and the error for one that does not
// exist.
func TestELBv2Describe(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	c := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	st := createStack(t, c, "shared-lb", lbTemplate)
	api := elb.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	byName, err := api.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{Names: []string{"shared"}})
	if err != nil || len(byName.LoadBalancers) != 1 {
		t.Fatalf("by name: %v %+v", err, byName)
	}
	lb := byName.LoadBalancers[0]
	if got, want := aws.ToString(lb.LoadBalancerArn), physicalID(t, c, "shared-lb", "LB"); got != want {
		t.Errorf("ARN = %s, want the stack's %s", got, want)
	}
	if dns := aws.ToString(lb.DNSName); dns != aws.ToString(st.Outputs[0].OutputValue) || aws.ToString(lb.CanonicalHostedZoneId) == "" {
		t.Errorf("DNS name %s (want the stack's GetAtt %s), zone %q", dns, aws.ToString(st.Outputs[0].OutputValue), aws.ToString(lb.CanonicalHostedZoneId))
	}
	if len(lb.SecurityGroups) != 1 || lb.SecurityGroups[0] != "sg-0123" || lb.Type != types.LoadBalancerTypeEnumApplication {
		t.Errorf("security groups %v, type %s", lb.SecurityGroups, lb.Type)
	}
	byARN, err := api.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{LoadBalancerArns: []string{aws.ToString(lb.LoadBalancerArn)}})
	if err != nil || len(byARN.LoadBalancers) != 1 {
		t.Fatalf("by ARN: %v", err)
	}
	ls, err := api.DescribeListeners(ctx, &elb.DescribeListenersInput{LoadBalancerArn: lb.LoadBalancerArn})
	if err != nil {
		t.Fatal(err)
	}
	ports := map[int32]string{}
	for _, l := range ls.Listeners {
		ports[aws.ToInt32(l.Port)] = string(l.Protocol)
		if !strings.Contains(aws.ToString(l.ListenerArn), ":listener/app/") {
			t.Errorf("listener ARN %s", aws.ToString(l.ListenerArn))
		}
	}
	if len(ports) != 2 || ports[80] != "HTTP" || ports[443] != "HTTPS" {
		t.Errorf("listeners %v", ports)
	}
	rules, err := api.DescribeRules(ctx, &elb.DescribeRulesInput{ListenerArn: aws.String(physicalID(t, c, "shared-lb", "HTTPS"))})
	if err != nil || len(rules.Rules) != 1 {
		t.Fatalf("rules: %v %+v", err, rules)
	}
	rule := rules.Rules[0]
	if aws.ToString(rule.Priority) != "7" || len(rule.Conditions) != 2 || rule.Conditions[0].Values[1] != "/a/*" || rule.Conditions[1].Values[0] != "a.example.org" {
		t.Errorf("rule %s: priority %s, conditions %+v", aws.ToString(rule.RuleArn), aws.ToString(rule.Priority), rule.Conditions)
	}
	_, err = api.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{Names: []string{"missing"}})
	var nf *types.LoadBalancerNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("a missing load balancer: %v, want LoadBalancerNotFound", err)
	}
}
