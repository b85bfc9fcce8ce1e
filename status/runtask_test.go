package status_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim/awssimtest"
	"flightplan/status"
)

const serviceTemplate = `Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties: {ClusterName: shop-test}
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: shop-test-api
      NetworkMode: awsvpc
      ContainerDefinitions: [{Name: api, Image: api}]
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      TaskDefinition: !Ref TaskDefinition
      LaunchType: FARGATE
      NetworkConfiguration:
        AwsvpcConfiguration: {Subnets: [subnet-private-1, subnet-private-2], SecurityGroups: [sg-env]}
`

// TestStartTask runs a one-off task as the service runs its own — its
// task definition, launch type and subnets — with the command replaced,
// and waits for the exit code of its main container.
func TestStartTask(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cf := cloudformation.NewFromConfig(ts.Config("111111111111", "us-east-1"))
	if _, err := cf.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("shop-test-api"), TemplateBody: aws.String(serviceTemplate)}); err != nil {
		t.Fatal(err)
	}
	for {
		out, err := cf.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("shop-test-api")})
		if err != nil {
			t.Fatal(err)
		}
		if out.Stacks[0].StackStatus == cfntypes.StackStatusCreateComplete {
			break
		}
	}
	api := ecs.NewFromConfig(ts.Config("111111111111", "us-east-1"))
	ts.QueueRun(7, nil)
	task, err := status.StartTask(ctx, cf, api, "shop-test-api", "api", []string{"./migrate", "up"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := api.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(task.Cluster), Tasks: []string{task.ARN}})
	if err != nil {
		t.Fatal(err)
	}
	got := out.Tasks[0]
	if got.LaunchType != "FARGATE" || aws.ToString(got.TaskDefinitionArn) == "" || aws.ToString(got.StartedBy) != "flightplan" {
		t.Errorf("task = launch type %q, definition %q, started by %q; want the service's, by flightplan", got.LaunchType, aws.ToString(got.TaskDefinitionArn), aws.ToString(got.StartedBy))
	}
	if cmd := got.Overrides.ContainerOverrides[0].Command; !cmp.Equal(cmd, []string{"./migrate", "up"}) {
		t.Errorf("command override = %q", cmd)
	}
	if subnet := got.Attachments[0].Details[0]; aws.ToString(subnet.Value) != "subnet-private-1" {
		t.Errorf("task's network interface in %s; want the service's first subnet", aws.ToString(subnet.Value))
	}
	ticks := 0
	end, err := status.WaitTask(ctx, api, task, time.Millisecond, func() error { ticks++; ts.Clock.Advance(10 * time.Second); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if end.ExitCode == nil || *end.ExitCode != 7 || ticks == 0 {
		t.Errorf("end = %+v after %d ticks; want exit 7 after the task ran", end, ticks)
	}
}
