package status

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"flightplan/cloud"
	"flightplan/live"
)

// OneOff is a task run task started.
type OneOff struct {
	Cluster   string
	ARN       string
	ID        string
	Container string // the main container, whose command was overridden
	Started   time.Time
}

// TaskEnd is how a one-off task ended: its main container's exit code (nil
// when the container never ran) and ECS's stopped reason.
type TaskEnd struct {
	ExitCode *int32
	Reason   string
}

// StartTask runs one task of a workload stack's ECS service as the service
// runs its own: its task definition (and so its roles), its launch type or
// capacity providers, its platform version and its network configuration
// (subnets, security groups, public IP); command, when given, replaces the
// main container's.
func StartTask(ctx context.Context, cf live.StackResourceAPI, api *ecs.Client, stack, container string, command []string) (*OneOff, error) {
	arn, err := live.PhysicalID(ctx, cf, stack, "Service", "ECS service")
	if err != nil {
		return nil, err
	}
	cluster := clusterOf(arn)
	out, err := api.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: []string{arn}})
	if err != nil {
		return nil, fmt.Errorf("reading ECS service %s: %w", arn, err)
	}
	if len(out.Services) == 0 {
		return nil, fmt.Errorf("ECS service %s is missing: run flightplan drift, then flightplan apply", arn)
	}
	svc := out.Services[0]
	in := &ecs.RunTaskInput{Cluster: aws.String(cluster), TaskDefinition: svc.TaskDefinition, LaunchType: svc.LaunchType,
		PlatformVersion: svc.PlatformVersion, NetworkConfiguration: svc.NetworkConfiguration, StartedBy: aws.String("flightplan")}
	if svc.LaunchType == "" {
		in.CapacityProviderStrategy = svc.CapacityProviderStrategy
	}
	if len(command) > 0 {
		in.Overrides = &ecstypes.TaskOverride{ContainerOverrides: []ecstypes.ContainerOverride{{Name: aws.String(container), Command: command}}}
	}
	run, err := api.RunTask(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("ECS refused to run a task of %s: %w", arn, err)
	}
	if len(run.Tasks) == 0 {
		reason := "no reason given"
		if len(run.Failures) > 0 {
			reason = aws.ToString(run.Failures[0].Reason)
		}
		return nil, fmt.Errorf("ECS started no task of %s: %s", arn, reason)
	}
	t := run.Tasks[0]
	task := aws.ToString(t.TaskArn)
	return &OneOff{Cluster: cluster, ARN: task, ID: task[strings.LastIndex(task, "/")+1:], Container: container, Started: aws.ToTime(t.CreatedAt)}, nil
}

// WaitTask polls a one-off task every poll until it stops, calling tick
// before each wait (to show the logs that came), and returns how it ended.
func WaitTask(ctx context.Context, api *ecs.Client, t *OneOff, poll time.Duration, tick func() error) (*TaskEnd, error) {
	for {
		out, err := api.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(t.Cluster), Tasks: []string{t.ARN}})
		if err != nil {
			return nil, fmt.Errorf("reading task %s: %w", t.ID, err)
		}
		if len(out.Tasks) == 0 {
			return nil, fmt.Errorf("task %s is gone: ECS forgets stopped tasks after about an hour", t.ID)
		}
		if task := out.Tasks[0]; aws.ToString(task.LastStatus) == "STOPPED" {
			end := &TaskEnd{Reason: aws.ToString(task.StoppedReason)}
			for _, c := range task.Containers {
				if aws.ToString(c.Name) == t.Container {
					end.ExitCode = c.ExitCode
				}
			}
			return end, nil
		}
		if err := tick(); err != nil {
			return nil, err
		}
		if err := cloud.Sleep(ctx, poll); err != nil {
			return nil, fmt.Errorf("task %s is still running: %w", t.ID, err)
		}
	}
}

// RunsOnECS reports whether a workload type runs as an ECS service.
func RunsOnECS(typ string) bool { return ecsTypes[typ] }
