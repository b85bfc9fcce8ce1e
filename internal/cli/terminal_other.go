//go:build !unix

package cli

import "os"

// resizeSignals: none outside Unix; the live progress picks up a new size
// at its next tick.
var resizeSignals []os.Signal
