// Package sfn simulates the parts of Step Functions that running a job
// uses: StartExecution, DescribeExecution and ListExecutions on the
// AWS::StepFunctions::StateMachine resources of the simulated stacks. An
// execution runs for one simulated minute, then succeeds — or fails with
// the error and cause a test set for its state machine (FailExecutions).
package sfn

import (
	"encoding/json"
	"strings"
	"time"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/simcore"
)

// runTime is how long a simulated execution runs.
const runTime = time.Minute

// Stacks is what Step Functions reads of CloudFormation.
type Stacks interface {
	// Settle and LiveResources are called with the lock held.
	Settle()
	LiveResources(account, region, typ string) []cfn.LiveResource
}

// Service is the simulated Step Functions.
type Service struct {
	core   *simcore.Core
	stacks Stacks
	st     *state
}

type state struct {
	// Executions by state machine ARN, oldest first.
	Executions map[string][]*execution `json:"executions,omitempty"`
	// Failing is, by state machine ARN, how the executions started from
	// then on fail.
	Failing map[string]failure `json:"failing,omitempty"`
}

type failure struct {
	Error string `json:"error"`
	Cause string `json:"cause,omitempty"`
}

type execution struct {
	ARN     string    `json:"arn"`
	Name    string    `json:"name"`
	Machine string    `json:"machine"`
	Input   string    `json:"input,omitempty"`
	Start   time.Time `json:"start"`
	Fail    *failure  `json:"fail,omitempty"`
}

// New returns Step Functions over the stacks' state machines.
func New(core *simcore.Core, stacks Stacks) *Service {
	return &Service{core: core, stacks: stacks, st: &state{}}
}

// StateKey names the service's member of the state file.
func (x *Service) StateKey() string { return "StepFunctions" }

// Snapshot returns the service's state, or nil while it has none (a state
// file written before the service existed stays byte for byte the same).
func (x *Service) Snapshot() any {
	if len(x.st.Executions) == 0 && len(x.st.Failing) == 0 {
		return nil
	}
	return x.st
}

// Restore reads back what Snapshot returned.
func (x *Service) Restore(data json.RawMessage) error { return simcore.RestoreJSON(data, &x.st) }

// API says how calls reach the service: AWS JSON 1.0 (target prefix
// AWSStepFunctions), signing name "states".
func (x *Service) API() simcore.API {
	return simcore.API{Name: "states", Protocol: simcore.ProtocolJSON, Handle: x.handle}
}

var actions = map[string]simcore.Action[*Service]{
	"StartExecution":    {Serve: (*Service).startExecution, Mutates: true},
	"DescribeExecution": {Serve: (*Service).describeExecution, Mutates: false},
	"ListExecutions":    {Serve: (*Service).listExecutions, Mutates: false},
}

// call is one call and the time it is served at.
type call = simcore.Call

func (x *Service) handle(r *simcore.Request) (any, error) {
	return simcore.ServeAction(x.core, "Step Functions", x, actions, x.stacks.Settle, r)
}

// machine finds a live state machine of the account and region by ARN,
// name or STACK/LOGICAL-ID.
func (x *Service) machine(account, region, name string) (string, bool) {
	for _, res := range x.stacks.LiveResources(account, region, "AWS::StepFunctions::StateMachine") {
		if res.PhysicalID == name || res.PhysicalID[strings.LastIndex(res.PhysicalID, ":")+1:] == name || res.Stack+"/"+res.LogicalID == name {
			return res.PhysicalID, true
		}
	}
	return "", false
}

// FailExecutions makes the executions of a state machine started from now
// on fail with errName and cause; an empty errName lets them succeed again.
func (x *Service) FailExecutions(account, region, machine, errName, cause string) error {
	x.core.Lock()
	defer x.core.Unlock()
	x.stacks.Settle()
	arn, ok := x.machine(account, region, machine)
	if !ok {
		return simcore.Errorf("StateMachineDoesNotExist", "no state machine %q in account %s, region %s", machine, account, region)
	}
	if x.st.Failing == nil {
		x.st.Failing = map[string]failure{}
	}
	if errName == "" {
		delete(x.st.Failing, arn)
	} else {
		x.st.Failing[arn] = failure{Error: errName, Cause: cause}
	}
	x.core.Persist()
	return nil
}
