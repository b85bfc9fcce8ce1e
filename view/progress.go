package view

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	"flightplan/addr"
	"flightplan/executor"
	"flightplan/planner"
)

// stillEvery is how often the plain progress says a node is still running.
const stillEvery = 30 * time.Second

// PlainProgress writes an apply's progress as plain timestamped lines, for a
// log, a pipe, a CI job or a terminal that takes no escape sequences: one
// line when a node starts, one per resource state change, one every 30s of a
// long operation, one when it finishes. Nodes the plan left unchanged are not
// mentioned. It writes no escape sequence (control characters in AWS's or a
// builder's text are dropped). It is safe for concurrent use, as Hooks must
// be; each line is written whole.
type PlainProgress struct {
	mu      sync.Mutex
	w       io.Writer
	now     func() time.Time
	acts    map[addr.Address]planner.Action
	still   map[addr.Address]time.Duration // last "still" mark written
	changes stateChanges
}

// NewPlainProgress returns a plain progress writing to w, stamping lines
// with now (time.Now when nil).
func NewPlainProgress(w io.Writer, now func() time.Time) *PlainProgress {
	if now == nil {
		now = time.Now
	}
	return &PlainProgress{w: w, now: now, acts: map[addr.Address]planner.Action{}, still: map[addr.Address]time.Duration{},
		changes: stateChanges{}}
}

var _ executor.Hooks = (*PlainProgress)(nil)

// NodeStarted writes "deploy/test/api: creating".
func (p *PlainProgress) NodeStarted(a addr.Address, action planner.Action) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.acts[a] = action
	p.changes.reset(a)
	p.line("%s: %s", a, ing(action))
}

// NodeEvent writes the resource event beneath its node, unless it repeats
// the resource's last status (see stateChanges).
func (p *PlainProgress) NodeEvent(a addr.Address, e executor.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.changes.isNew(a, e) {
		p.line("%s:   %s", a, eventText(e))
	}
}

// NodeWaiting writes "still creating (1m20s elapsed)" each time another 30
// seconds have passed.
func (p *PlainProgress) NodeWaiting(a addr.Address, elapsed time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	mark := elapsed.Truncate(stillEvery)
	if mark == 0 || mark <= p.still[a] {
		return
	}
	p.still[a] = mark
	p.line("%s: still %s (%s elapsed)", a, ing(p.acts[a]), durationText(elapsed))
}

// NodeFinished writes how the node ended: "created in 2m03s", the root
// cause of a failure, or why it was skipped.
func (p *PlainProgress) NodeFinished(a addr.Address, o executor.Outcome) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, started := p.acts[a]; !started && o.Action == planner.NoOp {
		return // finished on the spot: nothing to do, nothing was said
	}
	p.line("%s: %s", a, outcomeText(o))
}

// Message writes a line about the whole walk.
func (p *PlainProgress) Message(text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.line("%s", text)
}

func (p *PlainProgress) line(format string, args ...any) {
	fmt.Fprintf(p.w, "%s %s\n", p.now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// stateChanges keeps each resource's last status per node, so that a view
// shows one line per state change: CloudFormation reports most changes
// twice (CREATE_IN_PROGRESS, then CREATE_IN_PROGRESS "Resource creation
// Initiated"), and the repeat says nothing new. Not safe for concurrent use;
// the views call it under their lock.
type stateChanges map[addr.Address]map[string]string // node → logical ID → status

// isNew records e and reports whether it changes its resource's status.
func (s stateChanges) isNew(a addr.Address, e executor.Event) bool {
	last := s[a]
	if last == nil {
		last = map[string]string{}
		s[a] = last
	}
	if prev, seen := last[e.LogicalID]; seen && prev == e.Status {
		return false
	}
	last[e.LogicalID] = e.Status
	return true
}

// reset forgets a node's statuses when it starts (again).
func (s stateChanges) reset(a addr.Address) { delete(s, a) }

// eventText renders one resource event on one line:
// "Topic (AWS::SNS::Topic) CREATE_FAILED: reason".
func eventText(e executor.Event) string {
	s := e.LogicalID
	if e.Type != "" {
		s += " (" + e.Type + ")"
	}
	s += " " + e.Status
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return oneLine(s)
}

// oneLine makes text from AWS or a builder safe for a line of progress:
// line breaks and tabs become spaces, escape sequences (a builder's colours)
// and other control characters (a carriage return) are dropped, so that
// neither a pipe receives escape codes nor a live frame's line count goes
// wrong.
func oneLine(s string) string {
	s = escapeSequence.ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// outcomeText is the end of a node, for one line.
func outcomeText(o executor.Outcome) string {
	var sk *executor.SkippedError
	switch {
	case o.Status == executor.Succeeded:
		return ed(o.Action) + " in " + durationText(o.Duration)
	case o.Status == executor.Unchanged:
		return "no changes (" + durationText(o.Duration) + ")"
	case errors.Is(o.Err, executor.ErrInterrupted):
		return "not applied (interrupted)"
	case errors.As(o.Err, &sk):
		return "skipped because " + sk.Because.String() + " failed"
	case o.Status == executor.Skipped:
		return "skipped"
	}
	return "failed after " + durationText(o.Duration) + ": " + failureText(o)
}

// failureText is a failed node's root cause (or error), on one line.
func failureText(o executor.Outcome) string {
	s := o.RootCause
	if s == "" && o.Err != nil {
		s = o.Err.Error()
	}
	return oneLine(s)
}

// escapeSequence is an ANSI control sequence (CSI), as terminals parse it.
var escapeSequence = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]`)

// ing is the verb of an action in progress: "creating".
func ing(a planner.Action) string {
	switch a {
	case planner.Create:
		return "creating"
	case planner.Update:
		return "updating"
	case planner.Replace:
		return "replacing"
	case planner.Recreate:
		return "recreating"
	case planner.Delete:
		return "deleting"
	case planner.NoOp:
		// A node with nothing to change runs only to wait for the
		// operation its stack was found in.
		return "waiting for its stack's operation to end"
	}
	return "applying"
}

// ed is the verb of an action done: "created".
func ed(a planner.Action) string {
	switch a {
	case planner.Create:
		return "created"
	case planner.Update:
		return "updated"
	case planner.Replace:
		return "replaced"
	case planner.Recreate:
		return "recreated"
	case planner.Delete:
		return "deleted"
	}
	return "applied"
}

// durationText renders a duration the way progress and summaries show it:
// 45s, 2m03s, 1h02m03s (rounded to the second; under a second, 0s).
func durationText(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d/time.Minute)%60, int(d/time.Second)%60
	switch {
	case h > 0:
		return fmt.Sprintf("%dh%02dm%02ds", h, m, s)
	case m > 0:
		return fmt.Sprintf("%dm%02ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}
