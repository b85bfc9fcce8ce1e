package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// The first interrupt cancels and says so; the second exits with 130.
func TestInterrupts(t *testing.T) {
	sig := make(chan os.Signal, 2)
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	exited := make(chan int, 1)
	done := make(chan struct{})
	go func() {
		Interrupts(sig, cancel, &stderr, func(code int) { exited <- code })
		close(done)
	}()
	sig <- os.Interrupt
	<-ctx.Done()
	sig <- os.Interrupt
	<-done
	if code := <-exited; code != 130 {
		t.Errorf("exit code %d, want 130", code)
	}
	for _, want := range []string{"Interrupt received", "Second interrupt: exiting now"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr %q lacks %q", stderr.String(), want)
		}
	}
}

// Closing the channel ends the watch without cancelling.
func TestInterruptsClosed(t *testing.T) {
	sig := make(chan os.Signal)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	close(sig)
	Interrupts(sig, cancel, &bytes.Buffer{}, func(int) { t.Error("exit called") })
	if ctx.Err() != nil {
		t.Error("cancelled without a signal")
	}
}
