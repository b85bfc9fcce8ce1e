package simcore

import (
	"testing"
	"time"
)

func TestRealClockResumeNeverRunsBackwards(t *testing.T) {
	c := NewRealClock(1000)
	ahead := time.Now().Add(time.Hour)
	c.Resume(ahead)
	if now := c.Now(); now.Before(ahead) {
		t.Fatalf("after Resume(%v) Now() = %v, before it", ahead, now)
	}
	c.Resume(time.Now().Add(-time.Hour)) // the past: no change
	if now := c.Now(); now.Before(ahead) {
		t.Fatalf("Resume to the past moved the clock back to %v", now)
	}
}

func TestStateRestartResumesSimulatedTime(t *testing.T) {
	dir := t.TempDir()
	first := NewFakeClock()
	first.Advance(48 * time.Hour)
	c1 := New(first)
	if err := c1.Open(dir); err != nil {
		t.Fatal(err)
	}
	c1.Lock()
	c1.Persist()
	c1.Unlock()
	c1.Commit()
	second := NewFakeClock()
	if err := New(second).Open(dir); err != nil {
		t.Fatal(err)
	}
	if got, want := second.Now(), first.Now(); got.Before(want) {
		t.Fatalf("restarted clock at %v, the saved state was at %v", got, want)
	}
}
