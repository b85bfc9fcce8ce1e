package executor

import (
	"errors"
	"fmt"

	"flightplan/addr"
)

// ErrInterrupted is the error of a node that did not run, or stopped before
// its first write, because the walk's context was cancelled.
var ErrInterrupted = errors.New("not started: interrupted")

// SkippedError is the error of a node that did not run because a node it
// needs failed. Because is the node that failed first on the path, so the
// root cause is reported once, on that node.
type SkippedError struct {
	Because addr.Address
}

func (e *SkippedError) Error() string {
	return "skipped: " + e.Because.String() + " failed"
}

// StackError is a stack operation that ended in failure.
type StackError struct {
	Stack  string
	Status string // the stack's final status
	// RootCause is the first failed resource's reason, or the stack's own
	// reason when no resource failed.
	RootCause string
	// Recovery is the exact step the user must take before a re-apply can
	// succeed; empty when re-applying is enough.
	Recovery string
}

func (e *StackError) Error() string {
	msg := fmt.Sprintf("stack %s is %s", e.Stack, e.Status)
	if e.RootCause != "" {
		msg += ": " + e.RootCause
	}
	if e.Recovery != "" {
		msg += "\n" + e.Recovery
	}
	return msg
}
