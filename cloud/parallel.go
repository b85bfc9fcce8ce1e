package cloud

import "golang.org/x/sync/errgroup"

// ForEach runs fn(0..n-1), at most par at a time, and waits for all: the
// shape of every bounded fan-out of AWS calls (one per target, one per
// stack). fn must be safe to run concurrently; it reports its own errors,
// so one failure does not stop the others.
func ForEach(n, par int, fn func(i int)) {
	var g errgroup.Group
	g.SetLimit(max(par, 1))
	for i := range n {
		g.Go(func() error { fn(i); return nil })
	}
	_ = g.Wait()
}
