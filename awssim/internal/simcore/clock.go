package simcore

import (
	"sync"
	"time"
)

// Clock is the simulator's notion of time. Stack operations are scheduled in
// simulated time: a stack's visible status at any moment is derived from the
// clock, so a fake clock makes every test instant and deterministic and a
// scaled real clock makes a benchmark behave like AWS, only faster.
type Clock interface {
	Now() time.Time
}

// FakeClock is a clock that moves only when told to. The simulator calls
// Tick on every API call, so that a client polling a stack sees it progress
// without any real waiting.
type FakeClock struct {
	mu   sync.Mutex
	now  time.Time
	step time.Duration
}

// NewFakeClock starts at 2026-01-01T00:00:00Z and advances 5 simulated
// seconds per API call.
func NewFakeClock() *FakeClock {
	return &FakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), step: 5 * time.Second}
}

// Now returns the simulated time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// SetStep sets how far each API call moves the clock (0 stops it).
func (c *FakeClock) SetStep(d time.Duration) {
	c.mu.Lock()
	c.step = d
	c.mu.Unlock()
}

// Resume moves the clock forward to t if it is behind t.
func (c *FakeClock) Resume(t time.Time) {
	c.mu.Lock()
	if t.After(c.now) {
		c.now = t
	}
	c.mu.Unlock()
}

// Tick advances the clock by its step; the simulator calls it once per call.
func (c *FakeClock) Tick() {
	c.mu.Lock()
	c.now = c.now.Add(c.step)
	c.mu.Unlock()
}

// RealClock runs Scale times faster than wall time from the moment it is
// made: at scale 100 a three-minute load balancer takes 1.8 real seconds.
type RealClock struct {
	mu     sync.Mutex
	start  time.Time     // wall time when the clock was made
	offset time.Duration // added by Resume
	scale  float64
}

// NewRealClock returns a real clock running scale times faster than wall time.
func NewRealClock(scale float64) *RealClock {
	if scale <= 0 {
		scale = 1
	}
	return &RealClock{start: time.Now(), scale: scale}
}

// Now returns the scaled time.
func (c *RealClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.start.Add(c.offset + time.Duration(float64(time.Since(c.start))*c.scale))
}

// Resume moves the clock forward to t if it is behind t, so that a simulator
// restarted on saved state never sees time run backwards.
func (c *RealClock) Resume(t time.Time) {
	if now := c.Now(); t.After(now) {
		c.mu.Lock()
		c.offset += t.Sub(now)
		c.mu.Unlock()
	}
}

// Scale returns how much faster than wall time the clock runs.
func (c *RealClock) Scale() float64 { return c.scale }
