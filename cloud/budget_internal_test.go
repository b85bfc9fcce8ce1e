package cloud

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestBucketReserve(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := &bucket{rate: 2, burst: 2, tokens: 2, last: start}
	var waits []time.Duration
	for range 4 {
		waits = append(waits, b.reserve(start))
	}
	want := []time.Duration{0, 0, 500 * time.Millisecond, time.Second}
	if diff := cmp.Diff(want, waits); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
	if got := b.reserve(start.Add(3 * time.Second)); got != 0 {
		t.Errorf("after the bucket refilled: wait %v, want 0", got)
	}
}
