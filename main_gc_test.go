package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// tuneGC sets the collector's percentage and memory limit, and leaves
// each alone when its environment variable is set.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	for _, tc := range []struct {
		env               map[string]string
		percent, limitMiB int64
	}{
		{env: nil, percent: gcPercent, limitMiB: gcMemoryLimit >> 20},
		{env: map[string]string{"GOGC": "50"}, percent: 100, limitMiB: gcMemoryLimit >> 20},
		{env: map[string]string{"GOMEMLIMIT": "2GiB"}, percent: gcPercent, limitMiB: math.MaxInt64 >> 20},
	} {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
		tuneGC(func(k string) string { return tc.env[k] })
		if got := debug.SetGCPercent(100); int64(got) != tc.percent {
			t.Errorf("%v: GC percent %d, want %d", tc.env, got, tc.percent)
		}
		if got := debug.SetMemoryLimit(math.MaxInt64) >> 20; got != tc.limitMiB {
			t.Errorf("%v: memory limit %d MiB, want %d", tc.env, got, tc.limitMiB)
		}
	}
}
