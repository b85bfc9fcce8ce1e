package cloud

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/smithy-go/middleware"
)

// Budgets hold one CloudFormation call budget per account and region, so
// that polling many stacks at once never causes the throttling it would then
// have to retry through, and leaves part of the account's quota to other
// tools. Each is a token bucket (golang.org/x/time/rate) of perSecond
// tokens holding one second's worth. Safe for concurrent use.
type Budgets struct {
	mu       sync.Mutex
	rate     float64
	limiters map[string]*rate.Limiter
}

// NewBudgets allows perSecond calls a second per key (account/region).
func NewBudgets(perSecond float64) *Budgets {
	return &Budgets{rate: perSecond, limiters: map[string]*rate.Limiter{}}
}

// Wait takes a token of key's budget, sleeping until one is due; it returns
// ctx's error if ctx ends first.
//
// A wait that the context's deadline would cut short returns at once, as
// x/time/rate does, but with an error that is context.DeadlineExceeded (its
// own says only "would exceed context deadline"), so that callers tell a
// timeout from a failure however close to the deadline it came.
func (b *Budgets) Wait(ctx context.Context, key string) error {
	err := b.of(key).Wait(ctx)
	if err != nil && ctx.Err() == nil {
		if _, ok := ctx.Deadline(); ok && strings.Contains(err.Error(), "would exceed context deadline") {
			return fmt.Errorf("%w: the next call of %s is due after the deadline", context.DeadlineExceeded, key)
		}
	}
	return err
}

// Limit is a client option that makes every operation of the client (not
// every retry attempt: the retryer has its own backoff) wait for a token of
// key's budget first:
//
//	cfn := cloudformation.New(c.CFN.Options(), budgets.Limit(t.String()))
func (b *Budgets) Limit(key string) func(*cloudformation.Options) {
	return func(o *cloudformation.Options) {
		o.APIOptions = append(o.APIOptions, b.APIOption(key))
	}
}

// APIOption is the middleware behind Limit, for the clients of other
// services (append it to their Options.APIOptions), with a key of their
// own: S3's quota is not CloudFormation's.
func (b *Budgets) APIOption(key string) func(*middleware.Stack) error {
	wait := middleware.InitializeMiddlewareFunc("flightplanCallBudget",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			if err := b.Wait(ctx, key); err != nil {
				return middleware.InitializeOutput{}, middleware.Metadata{}, err
			}
			return next.HandleInitialize(ctx, in)
		})
	return func(st *middleware.Stack) error {
		return st.Initialize.Add(wait, middleware.Before)
	}
}

func (b *Budgets) of(key string) *rate.Limiter {
	b.mu.Lock()
	defer b.mu.Unlock()
	if l, ok := b.limiters[key]; ok {
		return l
	}
	l := rate.NewLimiter(rate.Limit(b.rate), int(max(b.rate, 1)))
	b.limiters[key] = l
	return l
}

// Sleep waits d, or returns ctx's error if ctx ends first. A d of zero or
// less returns at once.
func Sleep(ctx context.Context, d time.Duration) error {
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
