//go:build unix

package cli

import (
	"os"
	"syscall"
)

// resizeSignals say that the terminal's size changed.
var resizeSignals = []os.Signal{syscall.SIGWINCH}
