package awssim

import "flightplan/awssim/internal/cfn"

// ResourceFault makes a resource fail when CloudFormation provisions it, so
// that tests can exercise failure and rollback. Empty fields match
// anything, except that one of LogicalID or Type should be set.
type ResourceFault = cfn.ResourceFault

// StackOperation is one stack operation in the simulator's timeline: which
// stack, what operation (CREATE, UPDATE, DELETE), when it started and ended
// in simulated time, and the stack status it ended in. End is zero and
// Status is the current status while the operation is still running.
type StackOperation = cfn.StackOperation

// ChangeSetTime is how long, in simulated time, a change set takes to
// compute before it can be executed: part of the lower bound of any stack
// operation made through a change set.
const ChangeSetTime = cfn.ChangeSetTime

// FailResource adds a fault: from now on, operations that match it fail
// the resource with f.Reason (or a generic reason), and CloudFormation's
// rollback follows. Faults are matched when an operation starts.
func (s *Sim) FailResource(f ResourceFault) {
	s.cfn.FailResource(f)
	s.core.Commit()
}

// ClearResourceFaults removes every resource fault.
func (s *Sim) ClearResourceFaults() {
	s.cfn.ClearResourceFaults()
	s.core.Commit()
}

// SetStackStatus forces a stack's status, for tests of states that are hard
// to reach (UPDATE_ROLLBACK_FAILED, DELETE_FAILED): any operation in
// progress stops where it is, and a stack event records the change.
func (s *Sim) SetStackStatus(account, region, stack, status string) error {
	defer s.core.Commit()
	return s.cfn.SetStackStatus(account, region, stack, status)
}

// DriftResource changes a resource's actual properties behind
// CloudFormation's back: each key of actual replaces that top-level
// property (nil removes it). DetectStackDrift then reports the difference.
func (s *Sim) DriftResource(account, region, stack, logicalID string, actual map[string]any) error {
	defer s.core.Commit()
	return s.cfn.DriftResource(account, region, stack, logicalID, actual)
}

// DeleteResourceBehindCFN deletes a resource without CloudFormation
// knowing: DetectStackDrift then reports it DELETED.
func (s *Sim) DeleteResourceBehindCFN(account, region, stack, logicalID string) error {
	defer s.core.Commit()
	return s.cfn.DeleteResourceBehindCFN(account, region, stack, logicalID)
}

// Timeline returns the stack operations the simulator has run, in the
// order they started, up to the clock: a running operation has a zero End
// and its current status.
func (s *Sim) Timeline() []StackOperation { return s.cfn.Timeline() }

// FailTasks makes the tasks of an ECS service (named by ARN, name or STACK/LOGICAL-ID) stop
// with reason and the essential container's exitCode, as ECS reports a
// service whose containers exit, until the service is deployed again.
func (s *Sim) FailTasks(account, region, service, reason string, exitCode int) error {
	return s.ecs.FailTasks(account, region, service, reason, exitCode)
}

// FailExecutions makes the executions of a state machine (named by ARN,
// name or STACK/LOGICAL-ID) started from now on fail with errName and
// cause; an empty errName lets them succeed again.
func (s *Sim) FailExecutions(account, region, machine, errName, cause string) error {
	return s.sfn.FailExecutions(account, region, machine, errName, cause)
}

// QueueRun makes the next task ECS's RunTask starts (in any account) write
// lines to its log stream over its run and then exit with exitCode.
// Without one queued, a task exits 0 having written nothing.
func (s *Sim) QueueRun(exitCode int, lines []string) { s.ecs.QueueRun(exitCode, lines) }

// SetAlarmState sets a CloudWatch alarm of a stack (by name) to OK, ALARM
// or INSUFFICIENT_DATA with a reason, as CloudWatch's SetAlarmState does;
// alarms are OK until then.
func (s *Sim) SetAlarmState(account, region, alarm, state, reason string) error {
	return s.cw.SetAlarmState(account, region, alarm, state, reason)
}
