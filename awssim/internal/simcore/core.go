package simcore

import (
	"sync"
	"time"
)

// Core routes API calls to the registered services and holds what they
// share: the lock, the clock, the state file, the faults and the counters.
// It is an http.Handler for API calls and safe for concurrent use.
type Core struct {
	// mu guards the state of every service; handlers hold it while they read
	// or change state, so each call is atomic. It is never held while
	// waiting on time.
	mu       sync.Mutex
	clock    Clock
	apis     map[string]API
	services []Service // in the order they registered: the state file's order
	counters *Counters
	faults   *Faults
	store    *store
}

// New returns a Core on clock with no services.
func New(clock Clock) *Core {
	return &Core{clock: clock, apis: map[string]API{}, counters: newCounters(), faults: newFaults(), store: &store{}}
}

// Register adds a service: calls signed with its name reach it, and its
// state is written to the state file after the services registered before.
func (c *Core) Register(s Service) {
	c.apis[s.API().Name] = s.API()
	c.services = append(c.services, s)
}

// Lock takes the lock that guards every service's state. A handler holds it
// for the whole call.
func (c *Core) Lock() { c.mu.Lock() }

// Unlock releases the lock.
func (c *Core) Unlock() { c.mu.Unlock() }

// Clock returns the simulator's clock.
func (c *Core) Clock() Clock { return c.clock }

// Now is the simulated time.
func (c *Core) Now() time.Time { return c.clock.Now() }

// Counters returns the call counters.
func (c *Core) Counters() *Counters { return c.counters }

// Faults returns the faults applied to calls.
func (c *Core) Faults() *Faults { return c.faults }
