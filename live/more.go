package live

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// each runs fn for 0..n-1, each in a goroutine holding one of the
// options' slots while it calls AWS: the shared bound of ReadMore, or one
// of opts.Parallelism of its own.
func (opts ReadOptions) each(n int, fn func(i int)) {
	s := opts.slots
	if s == nil {
		s = newSlots(opts.Parallelism)
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			s.acquire(false)
			defer s.release()
			fn(i)
		})
	}
	wg.Wait()
}

// ReadMore reads what the plan needs beside the stacks and documents, into
// s, all at once under one bound of opts.Parallelism calls in flight: the
// images' tags (ReadImages), the static sites' files (ReadSites), the
// request-driven services' custom domains (ReadCustomDomains) and the
// lookups (ReadLookups). Each writes its own part of s and reads only the
// stacks ReadState put there; one after another, each paid at least one
// round of latency of its own. Call it after ReadState, whose guard has
// checked the accounts. The errors say which read failed.
func ReadMore(ctx context.Context, p *cloud.Provider, d *stacks.Desired, s *planner.State, opts ReadOptions) error {
	if opts.Parallelism <= 0 {
		opts.Parallelism = 10
	}
	opts.slots = newSlots(opts.Parallelism)
	reads := []struct {
		what string
		read func(context.Context, *cloud.Provider, *stacks.Desired, *planner.State, ReadOptions) error
	}{
		{"the images", ReadImages},
		{"the static sites' files", ReadSites},
		{"the request-driven services' custom domains", ReadCustomDomains},
		{"the stacks' lookups", ReadLookups},
	}
	errs := make([]error, len(reads))
	var wg sync.WaitGroup
	for i, r := range reads {
		wg.Go(func() {
			if err := r.read(ctx, p, d, s, opts); err != nil {
				errs[i] = fmt.Errorf("reading %s: %w", r.what, err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
