package drift

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

// of returns the bucket of one account/region key, making it on first use.
func (b *budgets) of(key string) *bucket {
	b.mu.Lock()
	defer b.mu.Unlock()
	if k, ok := b.buckets[key]; ok {
		return k
	}
	k := &bucket{rate: b.rate, burst: max(b.rate, 1), tokens: max(b.rate, 1), last: time.Now()}
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

// wait takes a token, sleeping until one is due, or returns ctx's error.
func (b *bucket) wait(ctx context.Context) error {
	return sleep(ctx, b.reserve(time.Now()))
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

// sleep waits d, or returns ctx's error if ctx ends first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
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
