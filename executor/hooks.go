package executor

import (
	"time"

	"flightplan/addr"
	"flightplan/planner"
)

// Hooks receive the progress of a walk. The executor calls them from many
// goroutines at once: implementations must be safe for concurrent use, and
// should return quickly (a slow hook slows the walk, never breaks it).
type Hooks interface {
	// NodeStarted is called when a node begins its first AWS call.
	NodeStarted(a addr.Address, action planner.Action)
	// NodeEvent is called for every new stack event of the node's stack,
	// oldest first, each once.
	NodeEvent(a addr.Address, e Event)
	// NodeWaiting is called at every poll while a stack operation runs.
	NodeWaiting(a addr.Address, elapsed time.Duration)
	// NodeFinished is called once per node of the plan, no-ops included.
	NodeFinished(a addr.Address, o Outcome)
	// Message reports something about the whole walk (an interrupt, a lock
	// that could not be released).
	Message(text string)
}

// NopHooks implements Hooks by doing nothing; embed it to implement only
// some of the methods.
type NopHooks struct{}

// NodeStarted does nothing.
func (NopHooks) NodeStarted(addr.Address, planner.Action) {}

// NodeEvent does nothing.
func (NopHooks) NodeEvent(addr.Address, Event) {}

// NodeWaiting does nothing.
func (NopHooks) NodeWaiting(addr.Address, time.Duration) {}

// NodeFinished does nothing.
func (NopHooks) NodeFinished(addr.Address, Outcome) {}

// Message does nothing.
func (NopHooks) Message(string) {}

// Event is one CloudFormation stack event.
type Event struct {
	Time      time.Time
	LogicalID string
	Type      string // AWS::Logs::LogGroup
	Status    string // CREATE_IN_PROGRESS
	Reason    string
}

// Status is how a node ended.
type Status string

// The statuses of an Outcome.
const (
	Succeeded Status = "succeeded"
	Failed    Status = "failed"
	Skipped   Status = "skipped"
	// Unchanged: the plan said no-op, or the change set turned out empty.
	Unchanged Status = "no-op"
)

// Outcome is how one node ended.
type Outcome struct {
	Status Status
	// Action is what was done: the plan's action, except Recreate when the
	// stack was found in ROLLBACK_COMPLETE at apply time.
	Action planner.Action
	// Err is nil on success; a *StackError, *SkippedError, ErrInterrupted
	// or an AWS error otherwise.
	Err error
	// RootCause is the first failure reason CloudFormation gave for this
	// node, empty unless the node itself failed.
	RootCause string
	Duration  time.Duration
}
