package view

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"flightplan/addr"
	"flightplan/executor"
	"flightplan/planner"
)

// liveEvents is how many of a running node's latest events are shown when
// the screen has room for them.
const liveEvents = 3

// The size assumed when LiveOptions.Size is nil or answers nonsense.
const (
	defaultWidth  = 80
	defaultHeight = 24
)

// LiveOptions configure a LiveProgress. The zero value draws at 80×24 and
// only on Flush and Close.
type LiveOptions struct {
	// Now reads the clock (time.Now when nil).
	Now func() time.Time
	// Tick redraws at every value received: a time.Ticker's C in the CLI, a
	// channel the test drives.
	Tick <-chan time.Time
	// Size reports the terminal's width and height in cells; it is read at
	// every frame, so a frame always fits the terminal as it is.
	Size func() (width, height int)
	// Resized redraws at once at every value received: the CLI sends one
	// when the terminal says its size changed (SIGWINCH), so that the
	// frame drawn for the old size does not linger.
	Resized <-chan struct{}
	// Color paints the marks of finished nodes as plans and summaries
	// paint them.
	Color bool
}

// LiveProgress draws an apply's progress on a terminal. When a node
// finishes, its line ("✓ deploy/test/api: created in 1m23s") is printed
// once and scrolls away like ordinary output; below it, a live area is
// redrawn in place with ANSI cursor movement: one line per running node
// with its state and elapsed time, its latest resource state changes
// beneath, and a count line.
//
// Every line fits the terminal's width (cut, counting runes, never
// wrapped: a wrapped line would throw the cursor arithmetic off) and the
// live area is always shorter than the terminal's height (events are
// dropped first, then running nodes beyond the room are only counted), so
// no frame leaves stale lines behind, whatever the size, down to 40
// columns and below. After the terminal narrows, the previous frame is
// erased as the terminal reflowed it (tmux, VTE, iTerm2, kitty and Windows
// Terminal re-wrap lines that no longer fit); on a terminal that does not
// reflow, the erasure also takes a few finished lines above it, which
// never leaves a stale line.
//
// Hooks only record state; drawing happens on the ticks, on resizes, on
// Flush and on Close. It is safe for concurrent use.
type LiveProgress struct {
	mu      sync.Mutex
	w       io.Writer
	opts    LiveOptions
	running []*liveNode // in start order
	changes stateChanges
	done    []doneLine // lines to print once above the live area
	counts  liveCounts
	drawn   []int // rune count of each live line on screen
	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

// doneLine is a line printed once: a finished node's, after its mark, or a
// message, without one.
type doneLine struct {
	mark, style, text string
}

type liveNode struct {
	a      addr.Address
	action planner.Action
	start  time.Time
	events []executor.Event
}

// liveCounts are the finished nodes, for the count line.
type liveCounts struct {
	done, failed, skipped int
}

// NewLiveProgress returns a live progress writing to w. Close it to stop
// redrawing and draw the final frame.
func NewLiveProgress(w io.Writer, opts LiveOptions) *LiveProgress {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	l := &LiveProgress{w: w, opts: opts, changes: stateChanges{}, stop: make(chan struct{}), stopped: make(chan struct{})}
	go l.loop()
	return l
}

var _ executor.Hooks = (*LiveProgress)(nil)

func (l *LiveProgress) loop() {
	defer close(l.stopped)
	for {
		select {
		case <-l.opts.Tick:
			l.Flush()
		case <-l.opts.Resized:
			l.Flush()
		case <-l.stop:
			return
		}
	}
}

// Close stops the redrawing and draws the final frame: the lines of the
// nodes that finished since the last frame, and an empty live area, so that
// what comes next (the summary) starts on a clean line even after an
// interrupt. It is safe to call more than once.
func (l *LiveProgress) Close() error {
	l.once.Do(func() {
		close(l.stop)
		<-l.stopped
	})
	l.mu.Lock()
	l.running = nil // whatever did not report its end is no longer drawn
	l.mu.Unlock()
	l.Flush()
	return nil
}

// NodeStarted adds a live line for the node.
func (l *LiveProgress) NodeStarted(a addr.Address, action planner.Action) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.changes.reset(a)
	l.running = append(l.running, &liveNode{a: a, action: action, start: l.opts.Now()})
}

// NodeEvent keeps the node's latest resource state changes.
func (l *LiveProgress) NodeEvent(a addr.Address, e executor.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.node(a)
	if n == nil || !l.changes.isNew(a, e) {
		return
	}
	n.events = append(n.events, e)
	if len(n.events) > liveEvents {
		n.events = n.events[len(n.events)-liveEvents:]
	}
}

// NodeWaiting needs nothing: the elapsed time is drawn from the clock.
func (l *LiveProgress) NodeWaiting(addr.Address, time.Duration) {}

// NodeFinished moves the node from the live area to the lines printed once.
func (l *LiveProgress) NodeFinished(a addr.Address, o executor.Outcome) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.node(a) == nil && o.Action == planner.NoOp {
		return // finished on the spot: never drawn
	}
	for i, n := range l.running {
		if n.a == a {
			l.running = append(l.running[:i], l.running[i+1:]...)
			break
		}
	}
	switch o.Status {
	case executor.Failed:
		l.counts.failed++
	case executor.Skipped:
		l.counts.skipped++
	default:
		l.counts.done++
	}
	mark, style := outcomeMark(o)
	l.done = append(l.done, doneLine{mark: mark, style: style, text: oneLine(a.String() + ": " + outcomeText(o))})
}

// Message prints a line once, above the live area.
func (l *LiveProgress) Message(text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done = append(l.done, doneLine{text: oneLine(text)})
}

// Notices returns a writer for messages that arrive from outside the walk
// while the live area is drawn (an interrupt's notice): each line becomes a
// Message, drawn at once above the live area, so that it neither lands in
// the middle of a frame nor is erased by the next one.
func (l *LiveProgress) Notices() io.Writer { return noticeWriter{l} }

type noticeWriter struct{ l *LiveProgress }

func (n noticeWriter) Write(p []byte) (int, error) {
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		n.l.Message(line)
	}
	n.l.Flush()
	return len(p), nil
}

// Flush draws a frame now: it prints the lines of finished nodes and
// messages once, then the live area, over the previous live area. The frame
// is written with one Write, so that nothing else written to the terminal
// lands in the middle of it.
//
// Each line is erased to its end as it is written, and what is left of the
// previous frame below the new one is erased after it; never from the
// top-left corner of the screen with "erase below", which tmux (and
// terminals with the same habit) takes for clearing the screen and keeps a
// copy of in its scrollback, leaving a stale frame there at every redraw.
func (l *LiveProgress) Flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	width, height := l.size()
	lines := make([]string, 0, len(l.done))
	for _, d := range l.done {
		lines = append(lines, l.doneText(d, width-1))
	}
	l.done = nil
	live := l.liveLines(width-1, height-1)
	lines = append(lines, live...)

	var b strings.Builder
	up := l.drawnRows(width)
	if up > 0 {
		fmt.Fprintf(&b, "\r\x1b[%dA", up) // to the top of the live area
	}
	for _, s := range lines {
		b.WriteString("\r" + s + "\x1b[K\n")
	}
	b.WriteString(eraseRows(len(lines), min(up, height)))
	_, _ = io.WriteString(l.w, b.String())
	l.drawn = l.drawn[:0]
	for _, s := range live {
		l.drawn = append(l.drawn, utf8.RuneCountInString(s))
	}
}

// eraseRows erases the rows of the previous live area that the written
// lines did not cover: everything below the cursor when lines were written
// (the cursor is then below the screen's first row), else the drawn rows
// one by one, returning to the first.
func eraseRows(written, drawn int) string {
	switch {
	case written > 0:
		return "\x1b[J"
	case drawn == 0:
		return ""
	}
	s := strings.Repeat("\x1b[2K\x1b[B", drawn-1) + "\x1b[2K"
	if drawn > 1 {
		s += fmt.Sprintf("\x1b[%dA", drawn-1)
	}
	return s
}

// size is the terminal's size, or 80×24 when it cannot be known.
func (l *LiveProgress) size() (width, height int) {
	if l.opts.Size != nil {
		width, height = l.opts.Size()
	}
	if width <= 0 || height <= 0 {
		return defaultWidth, defaultHeight
	}
	return width, height
}

// drawnRows is how many rows the live area on screen takes at width: one
// per line, or more for a line longer than width, which the terminal
// re-wrapped when it narrowed.
func (l *LiveProgress) drawnRows(width int) int {
	rows := 0
	for _, n := range l.drawn {
		rows += max(1, (n+width-1)/width)
	}
	return rows
}

// liveLines is the live area: at most rows lines of at most width runes.
// It shows every running node with its latest events when there is room,
// fewer events per node when there is not, and as many nodes as fit
// otherwise; the last line counts the running and finished nodes.
func (l *LiveProgress) liveLines(width, rows int) []string {
	if len(l.running) == 0 || rows < 1 {
		return nil
	}
	shown, events := l.fit(rows - 1)
	now := l.opts.Now()
	var out []string
	for _, n := range l.running[:shown] {
		out = append(out, cut(fmt.Sprintf("• %s: %s %s", n.a, ing(n.action), durationText(now.Sub(n.start))), width))
		for _, e := range n.events[max(0, len(n.events)-events):] {
			out = append(out, cut("    "+eventText(e), width))
		}
	}
	return append(out, cut(l.countLine(shown), width))
}

// fit chooses how many running nodes, and how many events of each, fit in
// rows lines.
func (l *LiveProgress) fit(rows int) (nodes, events int) {
	for events = liveEvents; events > 0; events-- {
		need := 0
		for _, n := range l.running {
			need += 1 + min(events, len(n.events))
		}
		if need <= rows {
			return len(l.running), events
		}
	}
	return min(len(l.running), rows), 0
}

// countLine is "3 running, 12 done, 1 failed", saying how many running
// nodes the screen had no room for.
func (l *LiveProgress) countLine(shown int) string {
	s := fmt.Sprintf("%d running", len(l.running))
	if hidden := len(l.running) - shown; hidden > 0 {
		s += fmt.Sprintf(" (%d not shown)", hidden)
	}
	s += fmt.Sprintf(", %d done", l.counts.done)
	if l.counts.failed > 0 {
		s += fmt.Sprintf(", %d failed", l.counts.failed)
	}
	if l.counts.skipped > 0 {
		s += fmt.Sprintf(", %d skipped", l.counts.skipped)
	}
	return s
}

func (l *LiveProgress) node(a addr.Address) *liveNode {
	for _, n := range l.running {
		if n.a == a {
			return n
		}
	}
	return nil
}

// outcomeMark is the symbol before a finished node and its style, the
// colours of plans and summaries: a green ✓ done, a red ✗ failed, a yellow
// - skipped or interrupted.
func outcomeMark(o executor.Outcome) (mark, style string) {
	switch o.Status {
	case executor.Succeeded, executor.Unchanged:
		return "✓", green
	case executor.Failed:
		return "✗", red
	}
	return "-", yellow
}

// doneText is a line printed once, cut to width runes (escape codes aside),
// its mark painted when colour is on.
func (l *LiveProgress) doneText(d doneLine, width int) string {
	if d.mark == "" {
		return cut(d.text, width)
	}
	s := cut(d.mark+" "+d.text, width)
	if rest, ok := strings.CutPrefix(s, d.mark); ok && l.opts.Color {
		return d.style + d.mark + reset + rest
	}
	return s
}

// cut shortens s to width runes, ending it with "…" when it was longer.
func cut(s string, width int) string {
	if width < 1 {
		width = 1
	}
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	return string(r[:width-1]) + "…"
}
