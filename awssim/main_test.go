package awssim

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"flightplan/awssim/internal/simcore"
)

// TestMain runs every test of the package with its simulators keeping
// their state in folders and every cut of the state checked against one
// made from the values alone: a change a service made without marking the
// part it changed (simcore.Tracker) fails the test that made it, through
// StateError or the next call's answer.
func TestMain(m *testing.M) {
	root, err := os.MkdirTemp("", "awssim-state-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var n atomic.Int64
	testStateDir = func() string { return filepath.Join(root, fmt.Sprint(n.Add(1))) }
	simcore.VerifyTracked = true
	code := m.Run()
	_ = os.RemoveAll(root)
	os.Exit(code)
}
