package cloud

import "sync"

// ForEach runs fn(0..n-1), at most par at a time, and waits for all: the
// shape of every bounded fan-out of AWS calls (one per target, one per
// stack). fn must be safe to run concurrently.
func ForEach(n, par int, fn func(i int)) {
	sem := make(chan struct{}, max(par, 1))
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			fn(i)
		}()
	}
	wg.Wait()
}
