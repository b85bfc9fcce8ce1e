package planner

import "strings"

// Stacks not at rest.
//
// A stack in progress or in a failed state does not match anything for
// sure: an operation in progress may still roll back, and a failed stack
// holds resources in an unknown state. A plan in which such a stack appears
// is therefore never clean, even when it plans no change: its notes say
// what apply will do with each (statusNotes), plan --detailed-exitcode
// exits 2, and apply with nothing to apply fails.

// StackUnsettled reports whether a stack status is in progress or failed.
// REVIEW_IN_PROGRESS (a stack never created: planned as a create) and
// ROLLBACK_COMPLETE (planned as a recreate) are not: their plan says what
// apply does.
func StackUnsettled(status string) bool {
	switch {
	case status == statusReviewInProgress:
		return false
	case strings.HasSuffix(status, "_IN_PROGRESS"), strings.HasSuffix(status, "_FAILED"):
		return true
	}
	return false
}

// StackInProgress reports whether a stack status is an operation in
// progress (REVIEW_IN_PROGRESS excepted, as in StackUnsettled).
func StackInProgress(status string) bool {
	return status != statusReviewInProgress && strings.HasSuffix(status, "_IN_PROGRESS")
}

// Unsettled returns the changes, in plan order, whose live stack is in
// progress or failed (StackUnsettled), whatever their action.
func (p *Plan) Unsettled() []*Change {
	var out []*Change
	for _, c := range p.Changes {
		if c.Stack != nil && StackUnsettled(c.Stack.Status) {
			out = append(out, c)
		}
	}
	return out
}

// Clean reports whether the live state matches the file: no change to
// apply and no stack in progress or failed. Only a clean plan may say "No
// changes" (and exit 0 under plan --detailed-exitcode).
func (p *Plan) Clean() bool {
	return !p.HasChanges() && len(p.Unsettled()) == 0
}
