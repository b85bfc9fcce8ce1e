package cloud

import (
	"errors"
	"testing"
	"time"
)

// fixedDelay is a BackoffDelayer that always waits d.
type fixedDelay time.Duration

func (f fixedDelay) BackoffDelay(int, error) (time.Duration, error) { return time.Duration(f), nil }

// TestScaledBackoff checks that retry backoff runs on the operations'
// clock: divided by the time scale, unchanged in real time.
func TestScaledBackoff(t *testing.T) {
	for _, tc := range []struct {
		scale float64
		want  time.Duration
	}{
		{0, 10 * time.Second},
		{1, 10 * time.Second},
		{400, 25 * time.Millisecond},
	} {
		got, err := scaledBackoff{fixedDelay(10 * time.Second), tc.scale}.BackoffDelay(3, errors.New("Throttling"))
		if err != nil || got != tc.want {
			t.Errorf("scale %g: delay %v (%v), want %v", tc.scale, got, err, tc.want)
		}
	}
}

// TestProviderBackoffIsScaled checks that the clients a provider builds
// for the simulator back off on its clock.
func TestProviderBackoffIsScaled(t *testing.T) {
	p := NewProvider(Options{SimEndpoint: "http://127.0.0.1:1", TimeScale: 1000})
	c, err := p.For(t.Context(), Target{Account: "111111111111", Region: "eu-west-1"})
	if err != nil {
		t.Fatal(err)
	}
	r := c.CFN.Options().Retryer
	for attempt := 1; attempt <= 10; attempt++ {
		d, err := r.RetryDelay(attempt, errors.New("Throttling"))
		if err != nil {
			t.Fatal(err)
		}
		if d > 20*time.Millisecond { // MaxBackoff 20 s on a clock 1000 times faster
			t.Errorf("attempt %d waits %v, more than 20 s of the operations' clock", attempt, d)
		}
	}
}
