package awssim_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"flightplan/awssim/awssimtest"
)

const targetsTemplate = `Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties: {ClusterName: shop-test}
  TargetGroup:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {Port: 80, Protocol: HTTP, TargetType: ip, VpcId: vpc-1}
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: shop-test-web
      ContainerDefinitions: [{Name: web, Image: web}]
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      TaskDefinition: !Ref TaskDefinition
      DesiredCount: 2
      LoadBalancers: [{ContainerName: web, ContainerPort: 8080, TargetGroupArn: !Ref TargetGroup}]
`

// TestELBTargetHealth: a service's running tasks are its target group's
// healthy targets; when its tasks fail, they are unhealthy.
func TestELBTargetHealth(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cf := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	createStack(t, cf, "shop-test-web", targetsTemplate)
	tg := physicalID(t, cf, "shop-test-web", "TargetGroup")
	c := elb.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	health := func() []string {
		t.Helper()
		out, err := c.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg)})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range out.TargetHealthDescriptions {
			if aws.ToInt32(d.Target.Port) != 8080 || !strings.HasPrefix(aws.ToString(d.Target.Id), "10.0.") {
				t.Errorf("target %s:%d; want a task's IP and the container port", aws.ToString(d.Target.Id), aws.ToInt32(d.Target.Port))
			}
			got = append(got, string(d.TargetHealth.State)+" "+string(d.TargetHealth.Reason))
		}
		return got
	}
	if got := strings.Join(health(), ", "); got != "healthy , healthy " {
		t.Errorf("running service's targets = %q; want two healthy", got)
	}
	if err := ts.FailTasks(testAccount, "us-east-1", "shop-test-web/Service", "Essential container in task exited", 1); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(health(), ", "); got != "unhealthy Target.FailedHealthChecks, unhealthy Target.FailedHealthChecks" {
		t.Errorf("failing service's targets = %q; want two unhealthy", got)
	}
	_, err := c.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg + "x")})
	if err == nil || !strings.Contains(err.Error(), "TargetGroupNotFound") {
		t.Errorf("unknown target group: %v", err)
	}
}
