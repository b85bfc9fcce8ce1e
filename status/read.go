package status

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/live"
	"flightplan/schema"
	"flightplan/stacks"
)

// Options say what to read.
type Options struct {
	// Only limits the report to the deployments these addresses name: a
	// deployment, an environment's or a workload's; none means all.
	Only        []addr.Address
	Parallelism int
	// Events is how many of each service's latest events to keep.
	Events int
}

// clients is what status reads with, per target.
type clients struct {
	cfn *cloudformation.Client
	ecs *ecs.Client
	sfn *sfn.Client
	elb *elb.Client
	cw  *cloudwatch.Client
}

// Read reports on the deployments of the file that opts select.
func Read(ctx context.Context, p *cloud.Provider, cfg *schema.Config, d *stacks.Desired, opts Options) (*Report, error) {
	nodes, err := selectNodes(d, opts.Only)
	if err != nil {
		return nil, err
	}
	r := &Report{App: d.App, Services: make([]*Service, len(nodes))}
	errs := make([]error, len(nodes))
	cloud.ForEach(len(nodes), max(opts.Parallelism, 1), func(i int) {
		n := nodes[i]
		t := cloud.Target{Account: n.Account, Region: n.Region, Profile: n.Profile, RoleARN: n.RoleARN}
		s := &Service{Addr: n.Addr, Stack: n.Stack.Name}
		if w := cfg.Workload(n.Addr.Name); w != nil {
			s.Type = string(w.Type)
		}
		r.Services[i] = s
		if err := p.Guard(ctx, t); err != nil {
			errs[i] = err
			return
		}
		c, err := p.For(ctx, t)
		if err != nil {
			errs[i] = err
			return
		}
		errs[i] = readService(ctx, clients{cfn: c.CFN, ecs: c.ECS, sfn: c.SFN, elb: c.ELB, cw: c.CloudWatch}, s, opts.Events)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return r, nil
}

// selectNodes returns the deployments with a stack that only names (all
// when only is empty), in the desired state's order; an address that names
// none of them is an error.
func selectNodes(d *stacks.Desired, only []addr.Address) ([]*stacks.Node, error) {
	var out []*stacks.Node
	matched := make([]bool, len(only))
	for _, n := range d.Nodes {
		if n.Addr.Kind != addr.KindDeploy || n.Stack == nil {
			continue
		}
		keep := len(only) == 0
		for i, a := range only {
			if selects(a, n.Addr) {
				keep, matched[i] = true, true
			}
		}
		if keep {
			out = append(out, n)
		}
	}
	for i, ok := range matched {
		if !ok {
			return nil, fmt.Errorf("%s names no deployed service or job of the file; give an environment (env/test), a workload (workload/api) or one deployment (deploy/test/api)", only[i])
		}
	}
	return out, nil
}

func selects(a, n addr.Address) bool {
	switch a.Kind {
	case addr.KindDeploy:
		return a == n
	case addr.KindEnv:
		return a.Env == n.Env
	case addr.KindWorkload:
		return a.Name == n.Name
	}
	return false
}

// ecsTypes are the workload types that run as an ECS service.
var ecsTypes = map[string]bool{string(schema.TypeLoadBalancedWeb): true, string(schema.TypeBackend): true, string(schema.TypeWorker): true}

// readService fills s from its stack and, for an ECS service, from ECS.
func readService(ctx context.Context, c clients, s *Service, events int) error {
	out, err := c.cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(s.Stack)})
	if notFound(err) {
		s.Problem, s.Fix = "not deployed: stack "+s.Stack+" does not exist", "run flightplan apply"
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: reading stack %s: %w", s.Addr, s.Stack, err)
	}
	s.StackStatus = string(out.Stacks[0].StackStatus)
	if failedStack(s.StackStatus) {
		s.Problem = "stack " + s.Stack + " is " + s.StackStatus
		s.Fix = "run flightplan plan to see how to recover it"
		return nil
	}
	s.Healthy = true
	if strings.HasSuffix(s.StackStatus, "_IN_PROGRESS") {
		s.Problem = "stack " + s.Stack + " is " + s.StackStatus
	}
	if s.Type == string(schema.TypeScheduledJob) {
		return readJob(ctx, c.cfn, c.sfn, s, max(events, 3))
	}
	if !ecsTypes[s.Type] {
		return nil
	}
	return readECS(ctx, c, s, events)
}

// failedStack reports whether a stack status leaves the service broken.
func failedStack(status string) bool {
	return strings.HasSuffix(status, "_FAILED") || status == "ROLLBACK_COMPLETE"
}

func notFound(err error) bool {
	return err != nil && strings.Contains(err.Error(), "does not exist")
}

// readECS reads the stack's ECS service and judges its health.
func readECS(ctx context.Context, c clients, s *Service, events int) error {
	arn, err := live.PhysicalID(ctx, c.cfn, s.Stack, "Service", "ECS service")
	if err != nil {
		return fmt.Errorf("%s: %w", s.Addr, err)
	}
	cluster := clusterOf(arn)
	out, err := c.ecs.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: []string{arn}})
	if err != nil {
		return fmt.Errorf("%s: reading ECS service %s: %w", s.Addr, arn, err)
	}
	if len(out.Services) == 0 {
		s.Healthy, s.Problem, s.Fix = false, "ECS service "+arn+" is missing", "run flightplan drift, then flightplan apply"
		return nil
	}
	fillService(s, out.Services[0], events)
	if err := readTargets(ctx, c.elb, s, out.Services[0].LoadBalancers); err != nil {
		return err
	}
	if err := readAlarms(ctx, c.cfn, c.cw, s, out.Services[0]); err != nil {
		return err
	}
	if s.Healthy && s.Tasks.Running >= s.Tasks.Desired {
		return nil
	}
	return readStopped(ctx, c, s, cluster, arn)
}

// clusterOf is the cluster of a service ARN
// (arn:aws:ecs:REGION:ACCOUNT:service/CLUSTER/NAME).
func clusterOf(arn string) string {
	parts := strings.Split(arn, "/")
	if len(parts) < 3 {
		return ""
	}
	return parts[len(parts)-2]
}

func fillService(s *Service, svc ecstypes.Service, events int) {
	s.Tasks = &Tasks{Desired: int(svc.DesiredCount), Running: int(svc.RunningCount), Pending: int(svc.PendingCount)}
	for _, d := range svc.Deployments {
		if aws.ToString(d.Status) == "PRIMARY" {
			s.Deployment = &Deployment{Rollout: string(d.RolloutState), Reason: aws.ToString(d.RolloutStateReason), Failed: int(d.FailedTasks)}
		}
	}
	for _, e := range svc.Events[:max(0, min(events, len(svc.Events)))] {
		s.Events = append(s.Events, Event{At: aws.ToTime(e.CreatedAt).UTC().Format("2006-01-02T15:04:05Z"), Message: aws.ToString(e.Message)})
	}
	judge(s)
}

// judge decides whether the service is healthy from its counts and its
// deployment.
func judge(s *Service) {
	t, d := s.Tasks, s.Deployment
	switch {
	case d != nil && d.Rollout == string(ecstypes.DeploymentRolloutStateFailed):
		s.Healthy = false
		s.Problem = "the deployment failed: " + d.Reason
		s.Fix = "see why its tasks stopped below, fix the cause, then run flightplan apply"
	case d != nil && d.Rollout == string(ecstypes.DeploymentRolloutStateInProgress):
		s.Problem = fmt.Sprintf("deploying: %d of %d tasks running", t.Running, t.Desired)
	case t.Running < t.Desired:
		s.Healthy = false
		s.Problem = fmt.Sprintf("%d of %d tasks running", t.Running, t.Desired)
		s.Fix = "see why its tasks stopped below"
	}
}

// readStopped lists up to five stopped tasks of the service and why they
// stopped.
func readStopped(ctx context.Context, c clients, s *Service, cluster, arn string) error {
	list, err := c.ecs.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String(cluster), ServiceName: aws.String(arn[strings.LastIndex(arn, "/")+1:]),
		DesiredStatus: ecstypes.DesiredStatusStopped})
	if err != nil || len(list.TaskArns) == 0 {
		return wrapTasks(s, err)
	}
	out, err := c.ecs.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(cluster), Tasks: list.TaskArns[:min(5, len(list.TaskArns))]})
	if err != nil {
		return wrapTasks(s, err)
	}
	for _, t := range out.Tasks {
		st := StoppedTask{ID: aws.ToString(t.TaskArn)[strings.LastIndex(aws.ToString(t.TaskArn), "/")+1:], Reason: aws.ToString(t.StoppedReason)}
		for _, ct := range t.Containers {
			if ct.ExitCode != nil && aws.ToInt32(ct.ExitCode) != 0 {
				st.Container, st.ExitCode = aws.ToString(ct.Name), ct.ExitCode
				break
			}
		}
		s.Stopped = append(s.Stopped, st)
	}
	return nil
}

func wrapTasks(s *Service, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: reading its stopped tasks: %w", s.Addr, err)
}
