package live

import "sync"

// slots bounds the calls in flight (ReadOptions.Parallelism). A waiting
// listing call — the next page of DescribeStacks or GetParametersByPath,
// which hands out more work — gets the next free slot before the calls
// waiting to read one object: with a plain FIFO bound the next page queued
// behind every GetTemplate of the page before it, and while it was in
// flight nothing else was, one idle round of latency per page.
type slots struct {
	mu    sync.Mutex
	free  int
	lists []chan struct{} // listing calls waiting, in arrival order
	reads []chan struct{} // the other calls waiting, in arrival order
}

func newSlots(n int) *slots { return &slots{free: max(n, 1)} }

func (s *slots) acquire(listing bool) {
	s.mu.Lock()
	if s.free > 0 {
		s.free--
		s.mu.Unlock()
		return
	}
	wake := make(chan struct{})
	if listing {
		s.lists = append(s.lists, wake)
	} else {
		s.reads = append(s.reads, wake)
	}
	s.mu.Unlock()
	<-wake
}

// release hands the slot to the first waiting listing call, else to the
// first waiting call, else frees it.
func (s *slots) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case len(s.lists) > 0:
		close(s.lists[0])
		s.lists = s.lists[1:]
	case len(s.reads) > 0:
		close(s.reads[0])
		s.reads = s.reads[1:]
	default:
		s.free++
	}
}

// call runs fn while holding one slot.
func (s *slots) call(fn func() error) error {
	s.acquire(false)
	defer s.release()
	return fn()
}

// list runs fn, a listing call, while holding one slot, ahead of the
// waiting reads.
func (s *slots) list(fn func() error) error {
	s.acquire(true)
	defer s.release()
	return fn()
}
