package live

import (
	"runtime"
	"sync"
	"testing"
)

// waiting blocks until s has this many listing and read calls waiting.
func waiting(s *slots, lists, reads int) {
	for {
		s.mu.Lock()
		ok := len(s.lists) == lists && len(s.reads) == reads
		s.mu.Unlock()
		if ok {
			return
		}
		runtime.Gosched()
	}
}

// A listing call waiting for a slot gets it before the reads that were
// waiting longer; reads then go in their order, and no more calls than
// slots are ever in flight.
func TestSlotsListingFirst(t *testing.T) {
	s := newSlots(1)
	s.acquire(false) // the one slot, taken
	order := make(chan string, 3)
	for i, name := range []string{"read-1", "read-2"} {
		go func() {
			s.acquire(false)
			order <- name
		}()
		waiting(s, 0, i+1)
	}
	go func() {
		s.acquire(true)
		order <- "page"
	}()
	waiting(s, 1, 2)
	var got []string
	for range 3 {
		s.release()
		got = append(got, <-order)
	}
	want := []string{"page", "read-1", "read-2"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("slots handed out in the order %q, want %q", got, want)
		}
	}
	s.release()
	if s.free != 1 {
		t.Errorf("%d slots free after every call released, want 1", s.free)
	}
}

// Reads sharing one bound (ReadMore) hold at most its slots at once,
// however many of them run: the rest wait their turn.
func TestEachSharesTheBound(t *testing.T) {
	s := newSlots(2)
	opts := ReadOptions{Parallelism: 10, slots: s}
	var (
		mu     sync.Mutex
		inside int
	)
	release := make(chan struct{})
	done := make(chan struct{})
	for range 2 { // two reads of five calls each, at once
		go func() {
			opts.each(5, func(int) {
				mu.Lock()
				inside++
				mu.Unlock()
				<-release
			})
			done <- struct{}{}
		}()
	}
	for { // until two calls are in and eight wait; more than two in fails
		mu.Lock()
		in := inside
		mu.Unlock()
		s.mu.Lock()
		queued := len(s.reads)
		s.mu.Unlock()
		if in > 2 {
			close(release)
			t.Fatalf("%d calls in flight under a bound of 2", in)
		}
		if in == 2 && queued == 8 {
			break
		}
		runtime.Gosched()
	}
	close(release)
	<-done
	<-done
	if inside != 10 || s.free != 2 {
		t.Errorf("%d calls made, %d slots free at the end; want 10 and 2", inside, s.free)
	}
}
