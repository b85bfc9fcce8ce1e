package awssim_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim/awssimtest"
)

const runTemplate = `Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties: {ClusterName: shop-test}
  LogGroup:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: /copilot/shop-test-web}
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: shop-test-web
      NetworkMode: awsvpc
      ContainerDefinitions:
        - Name: web
          Image: web
          LogConfiguration:
            LogDriver: awslogs
            Options: {awslogs-group: !Ref LogGroup, awslogs-region: us-east-1, awslogs-stream-prefix: copilot}
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      TaskDefinition: !Ref TaskDefinition
      LaunchType: FARGATE
      NetworkConfiguration:
        AwsvpcConfiguration: {Subnets: [subnet-a, subnet-b], SecurityGroups: [sg-1], AssignPublicIp: ENABLED}
`

// TestECSRunTask runs a one-off task with the service's network: it runs,
// writes the lines a test queued to its awslogs stream as it goes, then
// stops with the queued exit code; an unqueued task exits 0 silently.
func TestECSRunTask(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cf := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	createStack(t, cf, "shop-test-web", runTemplate)
	c := ecs.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	svc, err := c.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String("shop-test"), Services: []string{physicalID(t, cf, "shop-test-web", "Service")}})
	if err != nil {
		t.Fatal(err)
	}
	net := svc.Services[0].NetworkConfiguration
	if net == nil || !cmp.Equal(net.AwsvpcConfiguration.Subnets, []string{"subnet-a", "subnet-b"}) || net.AwsvpcConfiguration.AssignPublicIp != ecstypes.AssignPublicIpEnabled {
		t.Fatalf("service network = %+v; want its AwsvpcConfiguration", net)
	}

	ts.QueueRun(3, []string{"migrating", "done"})
	in := &ecs.RunTaskInput{Cluster: aws.String("shop-test"), TaskDefinition: svc.Services[0].TaskDefinition, LaunchType: ecstypes.LaunchTypeFargate,
		NetworkConfiguration: net, Overrides: &ecstypes.TaskOverride{ContainerOverrides: []ecstypes.ContainerOverride{{Name: aws.String("web"), Command: []string{"./migrate"}}}}}
	run, err := c.RunTask(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.ToString(run.Tasks[0].TaskArn)
	id := arn[strings.LastIndex(arn, "/")+1:]
	task := describeOne(t, c, arn)
	if aws.ToString(task.LastStatus) != "RUNNING" || task.Containers[0].ExitCode != nil || subnet(task) != "subnet-a" {
		t.Errorf("started task = %s, exit %v, subnet %q; want RUNNING in subnet-a", aws.ToString(task.LastStatus), task.Containers[0].ExitCode, subnet(task))
	}
	logsClient := cloudwatchlogs.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	// Two calls after the start (5 simulated seconds each), the first line
	// (written 10 s in) is there, the second (20 s in) not yet.
	if got := streamMessages(t, logsClient, "copilot/web/"+id); !cmp.Equal(got, []string{"migrating"}) {
		t.Errorf("lines 10 s into the run = %q; want the first only", got)
	}
	ts.Clock.Advance(time.Minute)
	task = describeOne(t, c, arn)
	if aws.ToString(task.LastStatus) != "STOPPED" || aws.ToInt32(task.Containers[0].ExitCode) != 3 || aws.ToString(task.StoppedReason) != "Essential container in task exited" {
		t.Errorf("ended task = %s, exit %v, reason %q; want STOPPED with 3", aws.ToString(task.LastStatus), task.Containers[0].ExitCode, aws.ToString(task.StoppedReason))
	}
	if got := streamMessages(t, logsClient, "copilot/web/"+id); !cmp.Equal(got, []string{"migrating", "done"}) {
		t.Errorf("task's lines = %q", got)
	}
	stopped, err := c.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String("shop-test"), DesiredStatus: ecstypes.DesiredStatusStopped})
	if err != nil || !cmp.Equal(stopped.TaskArns, []string{arn}) {
		t.Errorf("stopped tasks = %v, %v; want the one-off task", stopped, err)
	}

	second, err := c.RunTask(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	ts.Clock.Advance(time.Minute)
	if task := describeOne(t, c, aws.ToString(second.Tasks[0].TaskArn)); aws.ToInt32(task.Containers[0].ExitCode) != 0 {
		t.Errorf("unqueued task exit = %v; want 0", task.Containers[0].ExitCode)
	}
}

// TestECSRunTaskRefusals: RunTask says what is wrong as ECS does.
func TestECSRunTaskRefusals(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cf := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	createStack(t, cf, "shop-test-web", runTemplate)
	c := ecs.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	net := &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{Subnets: []string{"subnet-a"}}}
	for name, tc := range map[string]struct {
		in   *ecs.RunTaskInput
		want string
	}{
		"no network": {&ecs.RunTaskInput{Cluster: aws.String("shop-test"), TaskDefinition: aws.String("shop-test-web")},
			"Network Configuration must be provided when networkMode 'awsvpc' is specified."},
		"unknown definition": {&ecs.RunTaskInput{Cluster: aws.String("shop-test"), TaskDefinition: aws.String("nope"), NetworkConfiguration: net},
			"TaskDefinition not found."},
		"unknown container": {&ecs.RunTaskInput{Cluster: aws.String("shop-test"), TaskDefinition: aws.String("shop-test-web"), NetworkConfiguration: net,
			Overrides: &ecstypes.TaskOverride{ContainerOverrides: []ecstypes.ContainerOverride{{Name: aws.String("db"), Command: []string{"x"}}}}},
			"Override for container named db is not a container in the TaskDefinition."},
		"unknown cluster": {&ecs.RunTaskInput{Cluster: aws.String("other"), TaskDefinition: aws.String("shop-test-web"), NetworkConfiguration: net},
			"ClusterNotFoundException"},
	} {
		if _, err := c.RunTask(ctx, tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want %q", name, err, tc.want)
		}
	}
}

func describeOne(t *testing.T, c *ecs.Client, arn string) ecstypes.Task {
	t.Helper()
	out, err := c.DescribeTasks(context.Background(), &ecs.DescribeTasksInput{Cluster: aws.String("shop-test"), Tasks: []string{arn}})
	if err != nil || len(out.Tasks) != 1 {
		t.Fatalf("DescribeTasks(%s) = %v, %v", arn, out, err)
	}
	return out.Tasks[0]
}

func subnet(task ecstypes.Task) string {
	for _, a := range task.Attachments {
		for _, d := range a.Details {
			if aws.ToString(d.Name) == "subnetId" {
				return aws.ToString(d.Value)
			}
		}
	}
	return ""
}

func streamMessages(t *testing.T, c *cloudwatchlogs.Client, stream string) []string {
	t.Helper()
	out, err := c.FilterLogEvents(context.Background(), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("/copilot/shop-test-web"), LogStreamNames: []string{stream}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range out.Events {
		got = append(got, aws.ToString(e.Message))
	}
	return got
}
