package cli

import (
	"context"
	"io"
	"os"
	"sync"

	"flightplan/view"
)

// Signals are the interrupts a run receives (Ctrl-C, SIGTERM) and how it
// exits at once. The zero value receives none.
type Signals struct {
	C    <-chan os.Signal
	Exit func(code int)
}

// interrupts turns signals into what the run can honour at the moment
// they arrive. While the run changes nothing (loading, planning, the
// confirmation prompt, validate), the first signal exits at once with 130:
// there is nothing to settle. Once the run may write (markWriting), the
// first signal cancels its context — no new work starts, operations in
// flight settle so that the next run converges — and a second one exits at
// once, saying which lock the run leaves held, with the exact command that
// releases it. A run starts writing unless a command says otherwise
// (markReadOnly), so that a command that does not know stays careful.
//
// The methods are safe for concurrent use, and do nothing on a nil
// *interrupts (a run without signals).
type interrupts struct {
	cancel context.CancelFunc
	stderr io.Writer
	exit   func(code int)

	mu       sync.Mutex
	readOnly bool
	unlock   *view.HeldLock // the lock this run holds, nil when none
	// notices, when set, is where the notices go instead of stderr: the
	// live progress, so that a notice is drawn above its frame rather than
	// over it.
	notices io.Writer
}

func newInterrupts(cancel context.CancelFunc, stderr io.Writer, exit func(int)) *interrupts {
	return &interrupts{cancel: cancel, stderr: stderr, exit: exit}
}

// watch handles the signals on sig; it returns when sig is closed or the
// run has been told to exit.
func (in *interrupts) watch(sig <-chan os.Signal) {
	if _, ok := <-sig; !ok {
		return
	}
	if in.isReadOnly() {
		_ = view.WriteInterruptedNothingChanged(in.out())
		in.exit(130)
		return
	}
	_ = view.WriteInterrupted(in.out())
	in.cancel()
	if _, ok := <-sig; !ok {
		return
	}
	_ = view.WriteSecondInterrupt(in.out(), in.heldLock())
	in.exit(130)
}

// markReadOnly says that, from now on, the run changes nothing until
// markWriting.
func (in *interrupts) markReadOnly() { in.set(func() { in.readOnly = true }) }

// markWriting says that the run may now have operations in flight.
func (in *interrupts) markWriting() { in.set(func() { in.readOnly = false }) }

// lockHeld records the lock the run holds (held) or has released.
func (in *interrupts) lockHeld(lock view.HeldLock, held bool) {
	in.set(func() {
		in.unlock = nil
		if held {
			in.unlock = &lock
		}
	})
}

// showNotices sends the notices to w until stop is called (w nil: to
// stderr).
func (in *interrupts) showNotices(w io.Writer) (stop func()) {
	in.set(func() { in.notices = w })
	return func() { in.set(func() { in.notices = nil }) }
}

// out is where a notice goes now.
func (in *interrupts) out() io.Writer {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.notices != nil {
		return in.notices
	}
	return in.stderr
}

func (in *interrupts) set(f func()) {
	if in == nil {
		return
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	f()
}

func (in *interrupts) isReadOnly() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.readOnly
}

func (in *interrupts) heldLock() *view.HeldLock {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.unlock
}
