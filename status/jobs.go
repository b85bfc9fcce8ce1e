package status

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"flightplan/cloud"
	"flightplan/live"
)

// Execution is one run of a job: its state machine's execution.
type Execution struct {
	Name   string `json:"name"`
	Status string `json:"status"` // RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED
	Start  string `json:"start"`  // RFC 3339
	Stop   string `json:"stop,omitempty"`
	Error  string `json:"error,omitempty"`
	Cause  string `json:"cause,omitempty"`
}

// failed reports whether an execution status is a failure.
func failed(status string) bool {
	return status == "FAILED" || status == "TIMED_OUT" || status == "ABORTED"
}

// StateMachine returns the ARN of a job stack's state machine.
func StateMachine(ctx context.Context, cf live.StackResourceAPI, stack string) (string, error) {
	return live.PhysicalID(ctx, cf, stack, "StateMachine", "state machine")
}

// readJob fills a job's last executions (newest first) and judges it by
// the last one that ended.
func readJob(ctx context.Context, cf *cloudformation.Client, api *sfn.Client, s *Service, n int) error {
	machine, err := StateMachine(ctx, cf, s.Stack)
	if err != nil {
		return fmt.Errorf("%s: %w", s.Addr, err)
	}
	out, err := api.ListExecutions(ctx, &sfn.ListExecutionsInput{StateMachineArn: aws.String(machine), MaxResults: int32(max(n, 1))})
	if err != nil {
		return fmt.Errorf("%s: listing the executions of %s: %w", s.Addr, machine, err)
	}
	for _, e := range out.Executions {
		s.Runs = append(s.Runs, Execution{Name: aws.ToString(e.Name), Status: string(e.Status), Start: stamp(e.StartDate), Stop: stamp(e.StopDate)})
	}
	for _, r := range s.Runs {
		if r.Status == "RUNNING" {
			continue
		}
		if failed(r.Status) {
			s.Healthy = false
			s.Problem = "its last run, " + r.Name + ", ended " + r.Status
			s.Fix = "read its logs (flightplan logs " + s.Addr.String() + "), fix the cause; flightplan run job runs it again"
		}
		break
	}
	return nil
}

func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// Run starts an execution of a job's state machine and, when wait is
// set, polls it every poll until it ends.
func Run(ctx context.Context, api *sfn.Client, machine string, wait bool, poll time.Duration) (*Execution, error) {
	start, err := api.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(machine)})
	if err != nil {
		return nil, fmt.Errorf("starting %s: %w", machine, err)
	}
	arn := aws.ToString(start.ExecutionArn)
	e := &Execution{Name: arn[strings.LastIndex(arn, ":")+1:], Status: "RUNNING", Start: stamp(start.StartDate)}
	for wait {
		d, err := api.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: aws.String(arn)})
		if err != nil {
			return e, fmt.Errorf("reading execution %s: %w", arn, err)
		}
		e.Status, e.Stop, e.Error, e.Cause = string(d.Status), stamp(d.StopDate), aws.ToString(d.Error), aws.ToString(d.Cause)
		if d.Status != sfntypes.ExecutionStatusRunning {
			break
		}
		if err := cloud.Sleep(ctx, poll); err != nil {
			return e, fmt.Errorf("execution %s is still running: %w", arn, err)
		}
	}
	return e, nil
}

// Failed reports whether the execution ended in failure.
func (e *Execution) Failed() bool { return failed(e.Status) }
