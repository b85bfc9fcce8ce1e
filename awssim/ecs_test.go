package awssim_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim/awssimtest"
)

const ecsTemplate = `Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties: {ClusterName: shop-test}
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: shop-test-web
      ContainerDefinitions:
        - {Name: nginx, Image: nginx, Essential: false}
        - {Name: web, Image: web}
  Service:
    Type: AWS::ECS::Service
    Properties: {Cluster: !Ref Cluster, TaskDefinition: !Ref TaskDefinition, DesiredCount: 2, LaunchType: FARGATE}
`

// TestECSServicesOfStacks reads the services a stack created through the
// real ECS client: counts, deployments, tasks, and tasks a test made fail
// (stopped reason, the essential container's exit code), until the
// service is deployed again.
func TestECSServicesOfStacks(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cf := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	createStack(t, cf, "shop-test-web", ecsTemplate)
	svcARN := physicalID(t, cf, "shop-test-web", "Service")
	c := ecs.NewFromConfig(ts.Config(testAccount, "us-east-1"))

	out, err := c.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String("shop-test"), Services: []string{svcARN, "nope"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Services) != 1 || len(out.Failures) != 1 || aws.ToString(out.Failures[0].Reason) != "MISSING" {
		t.Fatalf("services %d, failures %+v; want one service and nope MISSING", len(out.Services), out.Failures)
	}
	s := out.Services[0]
	if s.DesiredCount != 2 || s.RunningCount != 2 || s.PendingCount != 0 || s.Deployments[0].RolloutState != ecstypes.DeploymentRolloutStateCompleted {
		t.Fatalf("service: desired %d running %d pending %d rollout %s; want 2 2 0 COMPLETED", s.DesiredCount, s.RunningCount, s.PendingCount, s.Deployments[0].RolloutState)
	}
	if got := taskARNs(t, c, "RUNNING"); len(got) != 2 {
		t.Fatalf("running tasks %v; want 2", got)
	}

	if err := ts.FailTasks(testAccount, "us-east-1", svcARN, "Essential container in task exited", 137); err != nil {
		t.Fatal(err)
	}
	out, err = c.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String("shop-test"), Services: []string{svcARN}})
	if err != nil {
		t.Fatal(err)
	}
	s = out.Services[0]
	if s.RunningCount != 0 || s.Deployments[0].RolloutState != ecstypes.DeploymentRolloutStateFailed || s.Deployments[0].FailedTasks != 2 {
		t.Fatalf("failing service: running %d rollout %s failed %d; want 0 FAILED 2", s.RunningCount, s.Deployments[0].RolloutState, s.Deployments[0].FailedTasks)
	}
	stopped := taskARNs(t, c, "STOPPED")
	tasks, err := c.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String("shop-test"), Tasks: stopped})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{aws.ToString(tasks.Tasks[0].StoppedReason), aws.ToString(tasks.Tasks[0].Containers[0].Name)}
	if diff := cmp.Diff([]string{"Essential container in task exited", "web"}, got); diff != "" || aws.ToInt32(tasks.Tasks[0].Containers[0].ExitCode) != 137 {
		t.Fatalf("stopped task (-want +got):\n%s exit %d", diff, aws.ToInt32(tasks.Tasks[0].Containers[0].ExitCode))
	}

	// A new deployment replaces the failing tasks.
	_, err = cf.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("shop-test-web"),
		TemplateBody: aws.String(strings.Replace(ecsTemplate, "DesiredCount: 2", "DesiredCount: 3", 1))})
	if err != nil {
		t.Fatal(err)
	}
	waitStack(t, cf, "shop-test-web")
	if got := taskARNs(t, c, "RUNNING"); len(got) != 3 {
		t.Fatalf("running tasks after redeploy %v; want 3", got)
	}
	if got := taskARNs(t, c, "STOPPED"); len(got) != 0 {
		t.Fatalf("stopped tasks after redeploy %v; want none", got)
	}
}

func taskARNs(t *testing.T, c *ecs.Client, status string) []string {
	t.Helper()
	out, err := c.ListTasks(context.Background(), &ecs.ListTasksInput{Cluster: aws.String("shop-test"), DesiredStatus: ecstypes.DesiredStatus(status)})
	if err != nil {
		t.Fatal(err)
	}
	return out.TaskArns
}

// TestECSErrors checks ECS's refusals: an unknown cluster, a service not
// there, and a test failing a service that does not exist.
func TestECSErrors(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	c := ecs.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	_, err := c.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String("none"), Services: []string{"x"}})
	var nf *ecstypes.ClusterNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("unknown cluster: %v; want ClusterNotFoundException", err)
	}
	if err := ts.FailTasks(testAccount, "us-east-1", "web", "x", 1); err == nil {
		t.Fatal("FailTasks of a missing service succeeded")
	}
}

// TestECSExecuteCommand opens an exec session on a running task of a
// service that allows it, and is refused on one that does not, or when the
// call is not interactive.
func TestECSExecuteCommand(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cf := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	createStack(t, cf, "shop-test-web", strings.Replace(ecsTemplate, "LaunchType: FARGATE}", "LaunchType: FARGATE, EnableExecuteCommand: true}", 1))
	c := ecs.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	task := taskARNs(t, c, "RUNNING")[0]
	in := &ecs.ExecuteCommandInput{Cluster: aws.String("shop-test"), Task: aws.String(task), Command: aws.String("/bin/sh"), Interactive: true}
	out, err := c.ExecuteCommand(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.ContainerName) != "web" || !strings.HasPrefix(aws.ToString(out.Session.SessionId), "ecs-execute-command-") || aws.ToString(out.Session.StreamUrl) == "" {
		t.Errorf("ExecuteCommand = container %q session %+v; want web and a session", aws.ToString(out.ContainerName), out.Session)
	}
	in.Interactive = false
	if _, err := c.ExecuteCommand(ctx, in); err == nil || !strings.Contains(err.Error(), "Interactive is the only mode supported currently.") {
		t.Errorf("non-interactive: %v", err)
	}

	createStack(t, cf, "shop-test-api", strings.NewReplacer("shop-test-web", "shop-test-api", "ClusterName: shop-test", "ClusterName: other").Replace(ecsTemplate))
	other, err := c.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String("other")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ExecuteCommand(ctx, &ecs.ExecuteCommandInput{Cluster: aws.String("other"), Task: aws.String(other.TaskArns[0]), Command: aws.String("ls"), Interactive: true})
	if err == nil || !strings.Contains(err.Error(), "execute command was not enabled") {
		t.Errorf("exec on a service without EnableExecuteCommand: %v", err)
	}
}
