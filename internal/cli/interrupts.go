package cli

import (
	"context"
	"io"
	"os"

	"flightplan/view"
)

// Interrupts turns the first signal received on sig (Ctrl-C or SIGTERM)
// into cancel: no new work starts, and operations in flight settle so that
// the next run converges. A second signal calls exit(130) at once. It
// returns when the second signal arrives or sig is closed.
func Interrupts(sig <-chan os.Signal, cancel context.CancelFunc, stderr io.Writer, exit func(code int)) {
	if _, ok := <-sig; !ok {
		return
	}
	_ = view.WriteInterrupted(stderr)
	cancel()
	if _, ok := <-sig; !ok {
		return
	}
	_ = view.WriteSecondInterrupt(stderr)
	exit(130)
}
