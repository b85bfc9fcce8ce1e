package cli

import (
	"context"
	"fmt"
	"io"
	"os"
)

// Interrupts turns the first signal received on sig (Ctrl-C or SIGTERM)
// into cancel: no new work starts, and operations in flight settle so that
// the next run converges. A second signal calls exit(130) at once. It
// returns when the second signal arrives or sig is closed.
func Interrupts(sig <-chan os.Signal, cancel context.CancelFunc, stderr io.Writer, exit func(code int)) {
	if _, ok := <-sig; !ok {
		return
	}
	fmt.Fprintln(stderr, "\nInterrupt received: starting nothing new, waiting for operations in flight to settle. Interrupt again to exit at once.")
	cancel()
	if _, ok := <-sig; !ok {
		return
	}
	fmt.Fprintln(stderr, "Second interrupt: exiting now. Stacks still in progress will finish in AWS; run plan to see where things stand.")
	exit(130)
}
