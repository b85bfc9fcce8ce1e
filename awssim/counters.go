package awssim

import (
	"cmp"
	"slices"
	"sync"
)

// CallCount is how many calls one action received from one account in one
// region, throttled calls included.
type CallCount struct {
	Account string `json:"account"`
	Region  string `json:"region"`
	Service string `json:"service"`
	Action  string `json:"action"`
	Count   int    `json:"count"`
}

type callKey struct{ account, region, service, action string }

// counters has its own lock so that counting never waits on Sim.mu.
type counters struct {
	mu        sync.Mutex
	n         map[callKey]int
	throttled map[callKey]int // by service and action only
}

func newCounters() *counters { return &counters{n: map[callKey]int{}, throttled: map[callKey]int{}} }

func (c *counters) count(account, region, service, action string) {
	c.mu.Lock()
	c.n[callKey{account, region, service, action}]++
	c.mu.Unlock()
}

func (c *counters) countThrottled(service, action string) {
	c.mu.Lock()
	c.throttled[callKey{service: service, action: action}]++
	c.mu.Unlock()
}

// Calls returns every non-zero counter, sorted by account, region, service
// and action. The slice is the caller's.
func (s *Sim) Calls() []CallCount {
	c := s.counters
	c.mu.Lock()
	out := make([]CallCount, 0, len(c.n))
	for k, n := range c.n {
		out = append(out, CallCount{Account: k.account, Region: k.region, Service: k.service, Action: k.action, Count: n})
	}
	c.mu.Unlock()
	slices.SortFunc(out, func(a, b CallCount) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region),
			cmp.Compare(a.Service, b.Service), cmp.Compare(a.Action, b.Action))
	})
	return out
}

// CallCount returns how many calls service's action received, summed over
// every account and region. service is the SigV4 signing name ("ssm", "sts",
// "cloudformation").
func (s *Sim) CallCount(service, action string) int {
	c := s.counters
	c.mu.Lock()
	defer c.mu.Unlock()
	total := 0
	for k, n := range c.n {
		if k.service == service && k.action == action {
			total += n
		}
	}
	return total
}

// TotalCalls returns how many API calls the simulator received since it
// started or since the last ResetCounters.
func (s *Sim) TotalCalls() int {
	c := s.counters
	c.mu.Lock()
	defer c.mu.Unlock()
	total := 0
	for _, n := range c.n {
		total += n
	}
	return total
}

// ThrottledCalls returns how many calls to service's action Throttle made
// fail, over every account and region. They are also counted by CallCount.
func (s *Sim) ThrottledCalls(service, action string) int {
	c := s.counters
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.throttled[callKey{service: service, action: action}]
}

// ResetCounters sets every counter, throttled calls included, back to zero.
// Counters are not persisted.
func (s *Sim) ResetCounters() {
	c := s.counters
	c.mu.Lock()
	c.n = map[callKey]int{}
	c.throttled = map[callKey]int{}
	c.mu.Unlock()
}
