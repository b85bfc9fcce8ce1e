package status

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// readAlarms reads the alarms that watch the service — its rollback
// alarms (the ECS deployment's) and every alarm its stack made — and keeps
// those in state ALARM; one makes a healthy-looking service unhealthy.
func readAlarms(ctx context.Context, cf *cloudformation.Client, api *cloudwatch.Client, s *Service, svc ecstypes.Service) error {
	var names []string
	if dc := svc.DeploymentConfiguration; dc != nil && dc.Alarms != nil {
		names = append(names, dc.Alarms.AlarmNames...)
	}
	p := cloudformation.NewListStackResourcesPaginator(cf, &cloudformation.ListStackResourcesInput{StackName: aws.String(s.Stack)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("%s: listing the resources of stack %s: %w", s.Addr, s.Stack, err)
		}
		for _, r := range page.StackResourceSummaries {
			if aws.ToString(r.ResourceType) == "AWS::CloudWatch::Alarm" && aws.ToString(r.PhysicalResourceId) != "" && !slices.Contains(names, aws.ToString(r.PhysicalResourceId)) {
				names = append(names, aws.ToString(r.PhysicalResourceId))
			}
		}
	}
	for len(names) > 0 {
		batch := names[:min(100, len(names))]
		names = names[len(batch):]
		out, err := api.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: batch, StateValue: cwtypes.StateValueAlarm, MaxRecords: aws.Int32(100)})
		if err != nil {
			return fmt.Errorf("%s: reading its alarms: %w", s.Addr, err)
		}
		for _, a := range out.MetricAlarms {
			s.Alarms = append(s.Alarms, Alarm{Name: aws.ToString(a.AlarmName), Reason: aws.ToString(a.StateReason), Since: stamp(a.StateUpdatedTimestamp)})
		}
	}
	judgeAlarms(s)
	return nil
}

// judgeAlarms makes a service that otherwise looks healthy unhealthy when
// one of its alarms is in ALARM.
func judgeAlarms(s *Service) {
	if len(s.Alarms) == 0 || !s.Healthy {
		return
	}
	s.Healthy = false
	s.Problem = fmt.Sprintf("alarm %s is in ALARM: %s", s.Alarms[0].Name, s.Alarms[0].Reason)
	if n := len(s.Alarms); n > 1 {
		s.Problem = fmt.Sprintf("%d of its alarms are in ALARM", n)
	}
	s.Fix = "see what the alarm watches (its metric in the CloudWatch console) and the service's logs (flightplan logs " + s.Addr.String() + ")"
}
