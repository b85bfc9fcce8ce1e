package executor

import (
	"context"
	"sync"
	"time"
)

// budgets hands out one token bucket per account/region. Safe for
// concurrent use.
type budgets struct {
	mu      sync.Mutex
	rate    float64
	buckets map[string]*bucket
}

func newBudgets(perSecond float64) *budgets {
	return &budgets{rate: perSecond, buckets: map[string]*bucket{}}
}

func (b *budgets) of(key string) *bucket {
	b.mu.Lock()
	defer b.mu.Unlock()
	if k, ok := b.buckets[key]; ok {
		return k
	}
	k := newBucket(b.rate)
	b.buckets[key] = k
	return k
}

// bucket is a token bucket: rate tokens a second, holding at most burst
// (one second's worth). A caller that finds it empty reserves the next
// token and sleeps until it is due, so waiting callers are served in order.
type bucket struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func newBucket(rate float64) *bucket {
	burst := max(rate, 1)
	return &bucket{rate: rate, burst: burst, tokens: burst, last: time.Now()}
}

// wait takes a token, sleeping until one is due; it returns ctx's error if
// ctx ends first (the reservation is then lost, which only slows others).
func (b *bucket) wait(ctx context.Context) error {
	d := b.reserve(time.Now())
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// reserve takes a token at now and returns how long to wait for it.
func (b *bucket) reserve(now time.Time) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
	b.tokens--
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(-b.tokens / b.rate * float64(time.Second))
}
