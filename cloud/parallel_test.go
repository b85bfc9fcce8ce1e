package cloud

import (
	"sync"
	"testing"
)

func TestForEachRunsEveryIndexWithinTheBound(t *testing.T) {
	var mu sync.Mutex
	seen, active, most := map[int]bool{}, 0, 0
	ForEach(50, 3, func(i int) {
		mu.Lock()
		seen[i] = true
		active++
		most = max(most, active)
		mu.Unlock()
		mu.Lock()
		active--
		mu.Unlock()
	})
	if len(seen) != 50 || most > 3 {
		t.Fatalf("ran %d of 50 indexes, at most %d at once (bound 3)", len(seen), most)
	}
}
