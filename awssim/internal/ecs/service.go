// Package ecs simulates the parts of Amazon ECS that day-2 commands use:
// DescribeServices, ListServices, ListTasks, DescribeTasks, ExecuteCommand
// and RunTask (one-off tasks that run for a simulated while, write what a
// test queued to their log stream and exit with its code: QueueRun). Its
// services are the AWS::ECS::Service resources of the simulated stacks;
// their tasks run once the resource is complete. Tasks fail only when a
// test says so (FailTasks): they then stop with the reason it gives, as
// a service whose containers exit does.
package ecs

import (
	"encoding/json"
	"time"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/simcore"
)

// target is the X-Amz-Target prefix of ECS's actions.
const target = "AmazonEC2ContainerServiceV20141113"

// Stacks is what ECS reads of CloudFormation.
type Stacks interface {
	// Settle and LiveResources are called with the lock held.
	Settle()
	LiveResources(account, region, typ string) []cfn.LiveResource
}

// Service is the simulated ECS. Its only state of its own is which
// services' tasks fail.
type Service struct {
	core   *simcore.Core
	stacks Stacks
	logs   Logs
	st     *state
}

type state struct {
	// Failing is, by service ARN, why its tasks stop.
	Failing map[string]Failure `json:"failing,omitempty"`
	// Runs are the tasks RunTask started, oldest first.
	Runs []*oneOff `json:"runs,omitempty"`
	// Next are the scripts of the next tasks RunTask starts.
	Next []Script `json:"next,omitempty"`
}

// Failure is why a service's tasks stop: the stopped reason ECS gives and
// the exit code of the essential container.
type Failure struct {
	Reason   string    `json:"reason"`
	ExitCode int       `json:"exitCode"`
	Since    time.Time `json:"since"`
}

// New returns ECS over the stacks' services; the tasks it runs write their
// output to logs.
func New(core *simcore.Core, stacks Stacks, logs Logs) *Service {
	return &Service{core: core, stacks: stacks, logs: logs, st: &state{}}
}

// StateKey names the service's member of the state file.
func (x *Service) StateKey() string { return "ECS" }

// Snapshot returns the service's state, or nil while it has none (a state
// file written before the service existed stays byte for byte the same).
func (x *Service) Snapshot() any {
	if len(x.st.Failing) == 0 && len(x.st.Runs) == 0 && len(x.st.Next) == 0 {
		return nil
	}
	return x.st
}

// Restore reads back what Snapshot returned.
func (x *Service) Restore(data json.RawMessage) error { return simcore.RestoreJSON(data, &x.st) }

// API says how calls reach the service: AWS JSON 1.1, signing name "ecs".
func (x *Service) API() simcore.API {
	return simcore.API{Name: "ecs", Protocol: simcore.ProtocolJSON, Handle: x.handle}
}

var handlers = map[string]func(x *Service, c *call) (any, error){
	"DescribeServices": (*Service).describeServices,
	"ListServices":     (*Service).listServices,
	"ListTasks":        (*Service).listTasks,
	"DescribeTasks":    (*Service).describeTasks,
	"ExecuteCommand":   (*Service).executeCommand,
	"RunTask":          (*Service).runTask,
}

// mutating are the actions that change the state.
var mutating = map[string]bool{"RunTask": true}

// call is one ECS call and the services of its account and region.
type call struct {
	*simcore.Request
	now      time.Time
	services []*service
	defs     []cfn.LiveResource // the live task definitions
	runs     int                // how many tasks RunTask started, in every account
}

func (x *Service) handle(r *simcore.Request) (any, error) {
	h, ok := handlers[r.Action]
	if !ok {
		return nil, simcore.Errorf("UnknownOperationException", "the simulator's ECS serves DescribeServices, ListServices, ListTasks, DescribeTasks, ExecuteCommand and RunTask, not %s", r.Action)
	}
	x.core.Lock()
	defer x.core.Unlock()
	x.stacks.Settle()
	c := &call{Request: r, now: x.core.Now().UTC(), runs: len(x.st.Runs)}
	c.defs = x.stacks.LiveResources(r.Account, r.Region, "AWS::ECS::TaskDefinition")
	containers := essentialContainers(c.defs)
	for _, res := range x.stacks.LiveResources(r.Account, r.Region, "AWS::ECS::Service") {
		s := x.service(r.Account, r.Region, res)
		s.Container = containers[s.TaskDefinition]
		c.services = append(c.services, s)
	}
	out, err := h(x, c)
	if err == nil && mutating[r.Action] {
		x.core.Persist()
	}
	return out, err
}

// FailTasks makes the tasks of the service named by ARN, name or
// "STACK/LOGICAL-ID" (its stack resource) stop
// with reason and exitCode, from now until the service is deployed again
// (its resource is updated) or ClearTasks is called.
func (x *Service) FailTasks(account, region, name, reason string, exitCode int) error {
	x.core.Lock()
	defer x.core.Unlock()
	x.stacks.Settle()
	for _, res := range x.stacks.LiveResources(account, region, "AWS::ECS::Service") {
		if res.PhysicalID == name || lastSegment(res.PhysicalID) == name || res.Stack+"/"+res.LogicalID == name {
			if x.st.Failing == nil {
				x.st.Failing = map[string]Failure{}
			}
			x.st.Failing[res.PhysicalID] = Failure{Reason: reason, ExitCode: exitCode, Since: x.core.Now().UTC()}
			x.core.Persist()
			return nil
		}
	}
	return simcore.Errorf("ServiceNotFoundException", "no ECS service %q in account %s, region %s", name, account, region)
}
