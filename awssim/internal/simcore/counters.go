package simcore

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

// Counters count the calls each action receives. They have their own lock,
// so that counting never waits on the Core's.
type Counters struct {
	mu        sync.Mutex
	n         map[callKey]int
	throttled map[callKey]int // by service and action only
}

func newCounters() *Counters { return &Counters{n: map[callKey]int{}, throttled: map[callKey]int{}} }

func (c *Counters) count(account, region, service, action string) {
	c.mu.Lock()
	c.n[callKey{account, region, service, action}]++
	c.mu.Unlock()
}

func (c *Counters) countThrottled(service, action string) {
	c.mu.Lock()
	c.throttled[callKey{service: service, action: action}]++
	c.mu.Unlock()
}

// Calls returns every non-zero counter, sorted by account, region, service
// and action. The slice is the caller's.
func (c *Counters) Calls() []CallCount {
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
func (c *Counters) CallCount(service, action string) int {
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
// started or since the last Reset.
func (c *Counters) TotalCalls() int {
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
func (c *Counters) ThrottledCalls(service, action string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.throttled[callKey{service: service, action: action}]
}

// Reset sets every counter, throttled calls included, back to zero.
// Counters are not persisted.
func (c *Counters) Reset() {
	c.mu.Lock()
	c.n = map[callKey]int{}
	c.throttled = map[callKey]int{}
	c.mu.Unlock()
}
