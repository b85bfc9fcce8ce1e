package view

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/executor"
	"flightplan/planner"
)

// fakeNow is a clock the test moves.
type fakeNow struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeNow() *fakeNow { return &fakeNow{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)} }

func (f *fakeNow) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeNow) advance(d time.Duration) {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.mu.Unlock()
}

var api = addr.Deploy("test", "api")

func TestPlainProgress(t *testing.T) {
	clock := newFakeNow()
	var buf bytes.Buffer
	p := NewPlainProgress(&buf, clock.now)
	clock.advance(time.Second)
	p.NodeStarted(api, planner.Create)
	p.NodeEvent(api, executor.Event{LogicalID: "Topic", Type: "AWS::SNS::Topic", Status: "CREATE_IN_PROGRESS"})
	p.NodeEvent(api, executor.Event{LogicalID: "Topic", Type: "AWS::SNS::Topic", Status: "CREATE_IN_PROGRESS", Reason: "Resource creation Initiated"})
	p.NodeEvent(api, executor.Event{LogicalID: "docker", Status: "BUILD", Reason: "\x1b[1mStep 1/2\x1b[0m\r\n\tFROM scratch"})
	for _, s := range []int{10, 29, 31, 45, 61, 80} {
		p.NodeWaiting(api, time.Duration(s)*time.Second)
	}
	clock.advance(2 * time.Minute)
	p.NodeFinished(api, executor.Outcome{Status: executor.Succeeded, Action: planner.Create, Duration: 123 * time.Second})
	p.NodeFinished(addr.App(), executor.Outcome{Status: executor.Unchanged, Action: planner.NoOp})
	p.NodeFinished(addr.Env("test"), executor.Outcome{Status: executor.Failed, Action: planner.Update, Duration: 62 * time.Second,
		RootCause: "Topic (AWS::SNS::Topic): injected failure", Err: errors.New("stack x is UPDATE_ROLLBACK_COMPLETE")})
	p.NodeFinished(addr.Deploy("test", "web"), executor.Outcome{Status: executor.Skipped, Action: planner.Create, Err: &executor.SkippedError{Because: addr.Env("test")}})
	p.NodeFinished(addr.Pipeline("release"), executor.Outcome{Status: executor.Skipped, Action: planner.Create, Err: executor.ErrInterrupted})
	p.NodeFinished(addr.Workload("api"), executor.Outcome{Status: executor.Unchanged, Action: planner.Update, Duration: time.Second})
	p.Message("interrupted: waiting for 1 operations in flight to settle")
	want := `12:00:01 deploy/test/api: creating
12:00:01 deploy/test/api:   Topic (AWS::SNS::Topic) CREATE_IN_PROGRESS
12:00:01 deploy/test/api:   docker BUILD: Step 1/2  FROM scratch
12:00:01 deploy/test/api: still creating (31s elapsed)
12:00:01 deploy/test/api: still creating (1m01s elapsed)
12:02:01 deploy/test/api: created in 2m03s
12:02:01 env/test: failed after 1m02s: Topic (AWS::SNS::Topic): injected failure
12:02:01 deploy/test/web: skipped because env/test failed
12:02:01 pipeline/release: not applied (interrupted)
12:02:01 workload/api: no changes (1s)
12:02:01 interrupted: waiting for 1 operations in flight to settle
`
	if d := cmp.Diff(want, buf.String()); d != "" {
		t.Fatalf("output (-want +got):\n%s", d)
	}
}

func TestPlainProgressConcurrentLinesStayWhole(t *testing.T) {
	var buf bytes.Buffer
	p := NewPlainProgress(&buf, nil)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := addr.Deploy("test", strings.Repeat("x", i+1))
			p.NodeStarted(a, planner.Create)
			p.NodeEvent(a, executor.Event{LogicalID: "L", Status: "CREATE_COMPLETE"})
			p.NodeFinished(a, executor.Outcome{Status: executor.Succeeded, Action: planner.Create})
		}()
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 60 {
		t.Fatalf("%d lines, want 60", len(lines))
	}
	for _, l := range lines {
		if !strings.Contains(l, " deploy/test/x") {
			t.Fatalf("torn line %q", l)
		}
	}
}

func TestDurationText(t *testing.T) {
	for want, d := range map[string]time.Duration{
		"0s": 400 * time.Millisecond, "45s": 45 * time.Second, "2m03s": 123 * time.Second,
		"1h02m03s": time.Hour + 2*time.Minute + 3*time.Second,
	} {
		if got := durationText(d); got != want {
			t.Errorf("durationText(%v) = %q, want %q", d, got, want)
		}
	}
}

// A node with nothing to change that runs (its stack was in progress when
// planned) says what it waits for and how it ended, a failure included;
// one finished on the spot says nothing.
func TestPlainProgressWaitedNoOp(t *testing.T) {
	clock := newFakeNow()
	var buf bytes.Buffer
	p := NewPlainProgress(&buf, clock.now)
	dns := addr.DNS("test")
	p.NodeStarted(dns, planner.NoOp)
	p.NodeStarted(addr.DNS("prod"), planner.NoOp)
	p.NodeFinished(addr.App(), executor.Outcome{Status: executor.Unchanged, Action: planner.NoOp})
	p.NodeFinished(dns, executor.Outcome{Status: executor.Unchanged, Action: planner.NoOp, Duration: 4 * time.Second})
	p.NodeFinished(addr.DNS("prod"), executor.Outcome{Status: executor.Failed, Action: planner.NoOp, Duration: 5 * time.Second,
		RootCause: "ROLLBACK_COMPLETE: DelegationRecord (AWS::Route53::RecordSet): injected"})
	want := `12:00:00 dns/test: waiting for its stack's operation to end
12:00:00 dns/prod: waiting for its stack's operation to end
12:00:00 dns/test: no changes (4s)
12:00:00 dns/prod: failed after 5s: ROLLBACK_COMPLETE: DelegationRecord (AWS::Route53::RecordSet): injected
`
	if d := cmp.Diff(want, buf.String()); d != "" {
		t.Fatalf("output (-want +got):\n%s", d)
	}
}
