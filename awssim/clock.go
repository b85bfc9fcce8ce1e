package awssim

import "flightplan/awssim/internal/simcore"

// Clock is the simulator's notion of time. Stack operations are scheduled in
// simulated time: a stack's visible status at any moment is derived from the
// clock, so a fake clock makes every test instant and deterministic and a
// scaled real clock makes a benchmark behave like AWS, only faster.
type Clock = simcore.Clock

// FakeClock is a clock that moves only when told to (Advance), and by its
// step (SetStep) on every API call, so that a client polling a stack sees it
// progress without any real waiting.
type FakeClock = simcore.FakeClock

// RealClock runs Scale times faster than wall time from the moment it is
// made.
type RealClock = simcore.RealClock

// NewFakeClock starts at 2026-01-01T00:00:00Z and advances 5 simulated
// seconds per API call.
func NewFakeClock() *FakeClock { return simcore.NewFakeClock() }

// NewRealClock returns a real clock running scale times faster than wall
// time: at scale 100 a three-minute load balancer takes 1.8 real seconds.
func NewRealClock(scale float64) *RealClock { return simcore.NewRealClock(scale) }
