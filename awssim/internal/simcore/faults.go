package simcore

import (
	"math"
	"net/http"
	"sync"
	"time"
)

// Throttle makes fraction (0 to 1) of the calls to service's action fail
// with the throttling error the service really returns, which the SDK's
// standard retryer recognises and retries: "ThrottlingException" for JSON
// services, "Throttling" for Query services, both "Rate exceeded" with HTTP
// 400; "SlowDown" with HTTP 503 for S3. action "*" throttles every action of the service. The choice is
// deterministic: throttled calls are spread evenly over the calls counted
// from this moment (at 0.25, every fourth call fails), so a test sees the same
// sequence every run. A fraction of 0 removes the rule.
func (f *Faults) Throttle(service, action string, fraction float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := service + ":" + action
	if fraction <= 0 {
		delete(f.rules, key)
		return
	}
	f.rules[key] = &throttleRule{fraction: min(fraction, 1)}
}

// SetLatency makes every API call sleep d of real time before it is served,
// for benchmarks that want a network-like round trip. Zero removes it.
func (f *Faults) SetLatency(d time.Duration) {
	f.mu.Lock()
	f.latency = d
	f.mu.Unlock()
}

// Clear removes every throttling rule and the latency. CloudFormation
// faults (failing resources, drift) are cleared through their own API.
func (f *Faults) Clear() {
	f.mu.Lock()
	f.rules = map[string]*throttleRule{}
	f.latency = 0
	f.mu.Unlock()
}

// Faults make calls fail or wait, as a test or a benchmark asks. They have
// their own lock: faults apply before a handler takes the Core's.
type Faults struct {
	mu      sync.Mutex
	rules   map[string]*throttleRule // by "service:action"
	latency time.Duration
}

// throttleRule fails call n (1-based) when floor(n·fraction) moves up, which
// spreads the failures evenly without randomness.
type throttleRule struct {
	fraction float64
	calls    int
}

func newFaults() *Faults { return &Faults{rules: map[string]*throttleRule{}} }

// before applies the latency, then decides whether this call is throttled.
// It is called without the Core's lock held.
func (f *Faults) before(r *Request, p Protocol) *APIError {
	f.mu.Lock()
	latency := f.latency
	throttled := f.next(r.Service+":"+r.Action) || f.next(r.Service+":*")
	f.mu.Unlock()
	if latency > 0 {
		sleep(r.HTTP, latency)
	}
	if !throttled {
		return nil
	}
	if r.Service == "s3" {
		return &APIError{Code: "SlowDown", Message: "Please reduce your request rate.", Status: http.StatusServiceUnavailable}
	}
	if p == ProtocolJSON {
		return &APIError{Code: "ThrottlingException", Message: "Rate exceeded", Status: http.StatusBadRequest, Sender: true}
	}
	return &APIError{Code: "Throttling", Message: "Rate exceeded", Status: http.StatusBadRequest, Sender: true}
}

// next advances the rule for key and reports whether this call fails.
func (f *Faults) next(key string) bool {
	rule := f.rules[key]
	if rule == nil {
		return false
	}
	rule.calls++
	n := float64(rule.calls)
	return math.Floor(n*rule.fraction) > math.Floor((n-1)*rule.fraction)
}

// sleep waits d, or less if the client goes away.
func sleep(hr *http.Request, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-hr.Context().Done():
	}
}
