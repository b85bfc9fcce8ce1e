package view

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/executor"
	"flightplan/planner"
	"flightplan/view/termtest"
)

func TestLiveProgressRedrawsInPlace(t *testing.T) {
	clock := newFakeNow()
	var buf bytes.Buffer
	tick := make(chan time.Time)
	l := NewLiveProgress(&buf, LiveOptions{Now: clock.now, Tick: tick, Size: func() (int, int) { return 61, 24 }, Color: true})

	l.NodeStarted(api, planner.Create)
	l.NodeStarted(addr.Env("prod"), planner.Update)
	for _, e := range []executor.Event{
		{LogicalID: "Topic", Type: "AWS::SNS::Topic", Status: "CREATE_IN_PROGRESS"},
		{LogicalID: "Topic", Type: "AWS::SNS::Topic", Status: "CREATE_IN_PROGRESS", Reason: "Resource creation Initiated"},
		{LogicalID: "Queue", Type: "AWS::SQS::Queue", Status: "CREATE_IN_PROGRESS"},
		{LogicalID: "Topic", Type: "AWS::SNS::Topic", Status: "CREATE_COMPLETE"},
		{LogicalID: "Queue", Type: "AWS::SQS::Queue", Status: "CREATE_IN_PROGRESS", Reason: "Resource creation Initiated"},
	} {
		l.NodeEvent(api, e)
	}
	clock.advance(80 * time.Second)
	l.Flush()
	frame1 := frame(
		"• deploy/test/api: creating 1m20s",
		"    Topic (AWS::SNS::Topic) CREATE_IN_PROGRESS",
		"    Queue (AWS::SQS::Queue) CREATE_IN_PROGRESS",
		"    Topic (AWS::SNS::Topic) CREATE_COMPLETE",
		"• env/prod: updating 1m20s",
		"2 running, 0 done")
	if d := cmp.Diff(frame1, buf.String()); d != "" {
		t.Fatalf("first frame (-want +got):\n%s", d)
	}

	buf.Reset()
	l.NodeEvent(addr.Env("prod"), executor.Event{LogicalID: "Cluster", Type: "AWS::ECS::Cluster", Status: "UPDATE_FAILED", Reason: strings.Repeat("very long reason ", 10)})
	l.NodeFinished(api, executor.Outcome{Status: executor.Succeeded, Action: planner.Create, Duration: 83 * time.Second})
	clock.advance(time.Second)
	tick <- clock.now() // the loop draws; Close waits for it to stop
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	frame2 := "\r\x1b[6A" + frame(
		green+"✓"+reset+" deploy/test/api: created in 1m23s",
		"• env/prod: updating 1m21s",
		"    Cluster (AWS::ECS::Cluster) UPDATE_FAILED: very long re…",
		"1 running, 1 done")
	if got := buf.String(); !strings.HasPrefix(got, frame2) {
		t.Fatalf("second frame (-want +got):\n%s", cmp.Diff(frame2, got))
	}
}

func TestLiveProgressFinalFrameEmptiesTheLiveArea(t *testing.T) {
	var buf bytes.Buffer
	l := NewLiveProgress(&buf, LiveOptions{Now: newFakeNow().now})
	l.NodeStarted(api, planner.Delete)
	l.NodeStarted(addr.Env("test"), planner.Update) // never reports its end: interrupted
	l.Flush()
	l.NodeFinished(api, executor.Outcome{Status: executor.Failed, Action: planner.Delete, RootCause: "Bucket (AWS::S3::Bucket): The bucket you tried to delete is not empty"})
	l.Message("interrupted: waiting for 0 operations in flight to settle")
	buf.Reset()
	_ = l.Close()
	_ = l.Close()
	want := "\r\x1b[3A" + frame(
		"✗ deploy/test/api: failed after 0s: Bucket (AWS::S3::Bucket): The bucket you t…",
		"interrupted: waiting for 0 operations in flight to settle") +
		"" // the second Close: nothing left to draw or erase
	if d := cmp.Diff(want, buf.String()); d != "" {
		t.Fatalf("final frames (-want +got):\n%s", d)
	}
}

// The live progress as a person sees it: an apply of 40 nodes, 10 at a
// time, drawn on terminals of several sizes. After every frame, nothing of
// an earlier frame is left above the live area; at the end, the screen and
// its scrollback hold exactly the finished nodes' lines, each once, none
// wider than the terminal.
func TestLiveProgressOnScreen(t *testing.T) {
	for _, size := range [][2]int{{70, 40}, {200, 50}, {40, 12}, {80, 5}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			scr := termtest.New(size[0], size[1])
			want := playApply(t, scr, func() (int, int) { return scr.Width, scr.Height }, nil)
			for i := range want {
				want[i] = cut(want[i], size[0]-1)
			}
			if d := cmp.Diff(want, scr.Transcript()); d != "" {
				t.Errorf("final transcript (-want +got):\n%s", d)
			}
			if scr.Wraps > 0 {
				t.Errorf("%d lines wrapped at the margin", scr.Wraps)
			}
		})
	}
}

// Resized between frames, narrower and wider, the terminal re-wraps what is
// on it; the next frame erases the live area as re-wrapped. When the
// re-wrapped area still fits the screen, nothing stale is left anywhere;
// when a narrowing pushes part of it above the top of the screen, that part
// is beyond the cursor's reach and stays in the scrollback, but the screen
// is clean from the next frame on (until a terminal that grows pulls the
// scrollback back onto the screen).
func TestLiveProgressOnResizedScreen(t *testing.T) {
	tests := map[string]struct {
		sizes      [][2]int // width, height: one every 5 frames, then the last
		scrollback bool     // the scrollback is checked too
	}{
		"within the screen":     {sizes: [][2]int{{110, 70}, {200, 70}, {190, 70}, {120, 70}, {100, 70}}, scrollback: true},
		"beyond the screen top": {sizes: [][2]int{{60, 40}, {50, 40}, {45, 30}, {40, 30}}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			scr := termtest.New(120, 40)
			step := 0
			want := playApply(t, scr, func() (int, int) { return scr.Width, scr.Height }, func() {
				if tt.scrollback {
					checkNoStaleFrame(t, scr.Transcript())
				} else {
					checkNoStaleFrame(t, scr.Screen())
				}
				if step%5 == 0 {
					s := tt.sizes[min(step/5, len(tt.sizes)-1)]
					scr.Resize(s[0], s[1])
				}
				step++
			})
			got := scr.Transcript()
			isDone := func(s string) bool {
				return strings.HasPrefix(s, "✓ ") || strings.HasPrefix(s, "✗ ") || strings.HasPrefix(s, "- ")
			}
			if n := len(slices.DeleteFunc(slices.Clone(got), func(s string) bool { return !isDone(s) })); n != len(want) {
				t.Errorf("%d lines of finished nodes, want %d:\n%s", n, len(want), strings.Join(got, "\n"))
			}
			if tt.scrollback && len(got) != len(want) {
				t.Errorf("%d lines, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
			}
		})
	}
}

func TestLiveProgressKeepsToTheScreensHeight(t *testing.T) {
	var buf bytes.Buffer
	clock := newFakeNow()
	l := NewLiveProgress(&buf, LiveOptions{Now: clock.now, Size: func() (int, int) { return 40, 6 }})
	for i := range 7 {
		a := addr.Deploy("test", fmt.Sprintf("svc%d", i))
		l.NodeStarted(a, planner.Create)
		l.NodeEvent(a, executor.Event{LogicalID: "Service", Status: "CREATE_IN_PROGRESS"})
	}
	l.NodeFinished(addr.Deploy("test", "svc0"), executor.Outcome{Status: executor.Failed, Action: planner.Create})
	l.Flush()
	want := frame(
		"✗ deploy/test/svc0: failed after 0s: ",
		"• deploy/test/svc1: creating 0s",
		"• deploy/test/svc2: creating 0s",
		"• deploy/test/svc3: creating 0s",
		"• deploy/test/svc4: creating 0s",
		"6 running (2 not shown), 0 done, 1 fai…")
	if d := cmp.Diff(want, buf.String()); d != "" {
		t.Fatalf("frame (-want +got):\n%s", d)
	}
}

// frame is what Flush writes for lines after moving to the top of the
// previous live area: each line erased to its end, then the rest below.
func frame(lines ...string) string {
	var b strings.Builder
	for _, s := range lines {
		b.WriteString("\r" + s + "\x1b[K\n")
	}
	return b.String() + "\x1b[J"
}

// A live area left with nothing to draw (Close, with a node that never
// reported its end) is erased row by row: "erase below" from the top-left
// corner is what tmux takes for clearing the screen, of which it keeps a
// copy in its scrollback.
func TestLiveProgressErasesAnEmptiedLiveAreaRowByRow(t *testing.T) {
	var buf bytes.Buffer
	l := NewLiveProgress(&buf, LiveOptions{Now: newFakeNow().now})
	l.NodeStarted(api, planner.Create)
	l.Flush()
	buf.Reset()
	_ = l.Close()
	want := "\r\x1b[2A\x1b[2K\x1b[B\x1b[2K\x1b[1A"
	if d := cmp.Diff(want, buf.String()); d != "" {
		t.Fatalf("frame (-want +got):\n%s", d)
	}
}

// playApply drives l through an apply of 40 nodes, 10 in flight at once,
// with long names, long reasons, a failure and a skip, drawing a frame
// after each step onto scr and checking that no earlier frame is left;
// between, when not nil, runs after each frame. It returns the lines the
// finished nodes should leave, in order, uncut.
func playApply(t *testing.T, scr *termtest.Screen, size func() (int, int), between func()) []string {
	t.Helper()
	clock := newFakeNow()
	l := NewLiveProgress(scr, LiveOptions{Now: clock.now, Size: size})
	var want []string
	var running []addr.Address
	next := 0
	for step := 0; next < 40 || len(running) > 0; step++ {
		for len(running) < 10 && next < 40 {
			a := addr.Deploy("test", fmt.Sprintf("service-with-a-rather-long-name-%02d", next))
			l.NodeStarted(a, planner.Create)
			running = append(running, a)
			next++
		}
		for i, a := range running {
			id := fmt.Sprintf("Resource%d", (step+i)%4)
			l.NodeEvent(a, executor.Event{LogicalID: id, Type: "AWS::ECS::Service", Status: "CREATE_IN_PROGRESS"})
			l.NodeEvent(a, executor.Event{LogicalID: id, Type: "AWS::ECS::Service", Status: "CREATE_IN_PROGRESS",
				Reason: "Resource creation Initiated"})
			l.NodeEvent(a, executor.Event{LogicalID: id + "Done", Type: "AWS::ECS::Service", Status: "CREATE_COMPLETE",
				Reason: "Eventual consistency check initiated; the service is stabilizing with its tasks running"})
		}
		clock.advance(7 * time.Second)
		if step%2 == 1 {
			a := running[0]
			running = running[1:]
			o := executor.Outcome{Status: executor.Succeeded, Action: planner.Create, Duration: 61 * time.Second}
			switch len(want) {
			case 3:
				o = executor.Outcome{Status: executor.Failed, Action: planner.Create, Duration: time.Minute,
					RootCause: "Service (AWS::ECS::Service): " + strings.Repeat("Resource handler returned message: invalid ", 5)}
			case 4:
				o = executor.Outcome{Status: executor.Skipped, Action: planner.Create, Err: &executor.SkippedError{Because: running[0]}}
			}
			l.NodeFinished(a, o)
			mark, _ := outcomeMark(o)
			want = append(want, mark+" "+a.String()+": "+outcomeText(o))
		}
		l.Flush()
		if len(scr.Errors) > 0 {
			t.Fatalf("terminal: %q", scr.Errors)
		}
		if between != nil {
			between()
		} else {
			checkNoStaleFrame(t, scr.Transcript())
		}
	}
	_ = l.Close()
	if got := scr.Screen(); slices.ContainsFunc(got, isLive) {
		t.Fatalf("live lines left after Close:\n%s", strings.Join(got, "\n"))
	}
	return want
}

// checkNoStaleFrame fails unless the live lines (running nodes, their
// events, the count line) are the last ones, one frame's.
func checkNoStaleFrame(t *testing.T, lines []string) {
	t.Helper()
	first := slices.IndexFunc(lines, isLive)
	if first < 0 {
		return
	}
	for i, s := range lines[first:] {
		if !isLive(s) || (countLine.MatchString(s) && first+i != len(lines)-1) {
			t.Fatalf("stale frame above line %d:\n%s", first+i, strings.Join(lines, "\n"))
		}
	}
}

var countLine = regexp.MustCompile(`^\d+ running`)

func isLive(s string) bool {
	return strings.HasPrefix(s, "• ") || strings.HasPrefix(s, "    ") || countLine.MatchString(s)
}

// A notice written while the live area is drawn (an interrupt's) lands
// above it, whole, and the next frame neither erases it nor leaves a stale
// copy of the live area behind.
func TestLiveProgressNoticeIsDrawnAboveTheFrame(t *testing.T) {
	scr := termtest.New(60, 12)
	l := NewLiveProgress(scr, LiveOptions{Now: newFakeNow().now, Size: func() (int, int) { return 60, 12 }})
	l.NodeStarted(api, planner.Update)
	l.NodeEvent(api, executor.Event{LogicalID: "Service", Type: "AWS::ECS::Service", Status: "UPDATE_IN_PROGRESS"})
	l.Flush()
	if _, err := fmt.Fprintln(l.Notices(), "\nInterrupt received: starting nothing new."); err != nil {
		t.Fatal(err)
	}
	l.NodeFinished(api, executor.Outcome{Status: executor.Succeeded, Action: planner.Update})
	_ = l.Close()
	want := []string{
		"",
		"Interrupt received: starting nothing new.",
		"✓ deploy/test/api: updated in 0s",
	}
	if d := cmp.Diff(want, scr.Transcript()); d != "" {
		t.Errorf("transcript (-want +got):\n%s", d)
	}
}

// A node with nothing to change that ran (to wait for its stack's
// operation) leaves the live area when it ends, with its line; one
// finished on the spot was never drawn and prints nothing.
func TestLiveProgressWaitedNoOpLeavesTheLiveArea(t *testing.T) {
	var buf bytes.Buffer
	l := NewLiveProgress(&buf, LiveOptions{Now: newFakeNow().now})
	dns := addr.DNS("test")
	l.NodeStarted(dns, planner.NoOp)
	l.NodeFinished(addr.App(), executor.Outcome{Status: executor.Unchanged, Action: planner.NoOp})
	l.NodeFinished(dns, executor.Outcome{Status: executor.Failed, Action: planner.NoOp, RootCause: "ROLLBACK_COMPLETE: injected"})
	if n := l.node(dns); n != nil {
		t.Errorf("dns/test still in the live area after it ended")
	}
	if len(l.done) != 1 || !strings.Contains(l.done[0].text, "dns/test: failed after 0s: ROLLBACK_COMPLETE: injected") {
		t.Errorf("lines printed once: %+v, want dns/test's failure alone", l.done)
	}
}
