package view

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"flightplan/addr"
	"flightplan/executor"
	"flightplan/planner"
)

// liveEvents is how many of a running node's latest events are shown.
const liveEvents = 3

// LiveProgress draws an apply's progress on a terminal: one live line per
// running node with its state and elapsed time, its latest resource events
// beneath, redrawn in place with ANSI cursor movement at every tick. When a
// node finishes, its final line (and the root cause of a failure) is printed
// once above the live area and scrolls away like ordinary output, so the
// redrawn area holds only what is still running.
//
// Hooks only record state; drawing happens on the ticks, on Flush and on
// Close. It is safe for concurrent use.
type LiveProgress struct {
	// Width truncates live lines so that none wraps, which would break the
	// cursor arithmetic (default 120; set it from the terminal's width).
	Width int

	mu      sync.Mutex
	w       io.Writer
	now     func() time.Time
	running []*liveNode // in start order
	done    []string    // lines to print once above the live area
	drawn   int         // lines of live area on screen
	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

type liveNode struct {
	a      addr.Address
	action planner.Action
	start  time.Time
	events []executor.Event
}

// NewLiveProgress returns a live progress writing to w, reading the time
// from now (time.Now when nil) and redrawing at every value received from
// tick (a time.Ticker's C in the CLI; a channel the test drives). Close it
// to stop redrawing and draw the final state.
func NewLiveProgress(w io.Writer, now func() time.Time, tick <-chan time.Time) *LiveProgress {
	if now == nil {
		now = time.Now
	}
	l := &LiveProgress{Width: 120, w: w, now: now, stop: make(chan struct{}), stopped: make(chan struct{})}
	go l.loop(tick)
	return l
}

var _ executor.Hooks = (*LiveProgress)(nil)

func (l *LiveProgress) loop(tick <-chan time.Time) {
	defer close(l.stopped)
	for {
		select {
		case <-tick:
			l.Flush()
		case <-l.stop:
			return
		}
	}
}

// Close stops the redrawing and draws the final state; the live area is
// then empty. It is safe to call more than once.
func (l *LiveProgress) Close() error {
	l.once.Do(func() {
		close(l.stop)
		<-l.stopped
	})
	l.Flush()
	return nil
}

// NodeStarted adds a live line for the node.
func (l *LiveProgress) NodeStarted(a addr.Address, action planner.Action) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.running = append(l.running, &liveNode{a: a, action: action, start: l.now()})
}

// NodeEvent keeps the node's latest events.
func (l *LiveProgress) NodeEvent(a addr.Address, e executor.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := l.node(a); n != nil {
		n.events = append(n.events, e)
		if len(n.events) > liveEvents {
			n.events = n.events[len(n.events)-liveEvents:]
		}
	}
}

// NodeWaiting needs nothing: the elapsed time is drawn from the clock.
func (l *LiveProgress) NodeWaiting(addr.Address, time.Duration) {}

// NodeFinished moves the node from the live area to the lines printed once.
func (l *LiveProgress) NodeFinished(a addr.Address, o executor.Outcome) {
	if o.Action == planner.NoOp {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, n := range l.running {
		if n.a == a {
			l.running = append(l.running[:i], l.running[i+1:]...)
			break
		}
	}
	l.done = append(l.done, mark(o)+" "+a.String()+": "+outcomeText(o))
}

// Message prints a line once, above the live area.
func (l *LiveProgress) Message(text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done = append(l.done, text)
}

// Flush redraws now: the lines of finished nodes and messages once, then the
// live area in place of the previous one.
func (l *LiveProgress) Flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	if l.drawn > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", l.drawn) // up to the top of the live area
	}
	b.WriteString("\x1b[J") // clear it
	for _, s := range l.done {
		b.WriteString(s + "\n")
	}
	l.done = nil
	live := l.liveLines()
	for _, s := range live {
		b.WriteString(s + "\n")
	}
	l.drawn = len(live)
	_, _ = io.WriteString(l.w, b.String())
}

func (l *LiveProgress) liveLines() []string {
	now := l.now()
	var out []string
	for _, n := range l.running {
		out = append(out, l.fit(fmt.Sprintf("• %s: %s %s", n.a, ing(n.action), durationText(now.Sub(n.start)))))
		for _, e := range n.events {
			out = append(out, l.fit("    "+eventText(e)))
		}
	}
	return out
}

// fit cuts s to the width, counting runes.
func (l *LiveProgress) fit(s string) string {
	r := []rune(s)
	if l.Width <= 1 || len(r) <= l.Width {
		return s
	}
	return string(r[:l.Width-1]) + "…"
}

func (l *LiveProgress) node(a addr.Address) *liveNode {
	for _, n := range l.running {
		if n.a == a {
			return n
		}
	}
	return nil
}

// mark is the symbol before a finished node.
func mark(o executor.Outcome) string {
	switch o.Status {
	case executor.Succeeded, executor.Unchanged:
		return "✓"
	case executor.Failed:
		return "✗"
	}
	return "-"
}
