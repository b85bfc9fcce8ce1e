package status

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"flightplan/live"
)

// RunningTask finds a running task of a workload stack's ECS service: the
// one whose ID starts with prefix, or the first when prefix is empty. It
// returns the cluster and the task's ARN.
func RunningTask(ctx context.Context, cf live.StackResourceAPI, api *ecs.Client, stack, prefix string) (cluster, task string, err error) {
	arn, err := live.PhysicalID(ctx, cf, stack, "Service", "ECS service")
	if err != nil {
		return "", "", err
	}
	cluster = clusterOf(arn)
	out, err := api.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String(cluster), ServiceName: aws.String(arn[strings.LastIndex(arn, "/")+1:]),
		DesiredStatus: ecstypes.DesiredStatusRunning})
	if err != nil {
		return "", "", fmt.Errorf("listing the tasks of %s: %w", arn, err)
	}
	for _, t := range out.TaskArns {
		if strings.HasPrefix(t[strings.LastIndex(t, "/")+1:], prefix) {
			return cluster, t, nil
		}
	}
	if prefix != "" {
		return "", "", fmt.Errorf("no running task of stack %s has an ID starting with %q; flightplan status lists them", stack, prefix)
	}
	return "", "", fmt.Errorf("no task of stack %s is running; flightplan status says why", stack)
}

// RuntimeID is the runtime ID of a task's container, which a Session
// Manager target names (ecs:{cluster}_{task-id}_{runtime-id}).
func RuntimeID(ctx context.Context, api *ecs.Client, cluster, task, container string) (string, error) {
	out, err := api.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(cluster), Tasks: []string{task}})
	if err != nil {
		return "", fmt.Errorf("reading task %s: %w", task, err)
	}
	for _, t := range out.Tasks {
		for _, c := range t.Containers {
			if aws.ToString(c.Name) == container {
				return aws.ToString(c.RuntimeId), nil
			}
		}
	}
	return "", fmt.Errorf("task %s has no container %q", task, container)
}
