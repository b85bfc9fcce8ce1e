package simcore

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFailedWriteKeepsPreviousState checks that a write failing before the
// rename leaves the previous state file as it was, and is reported.
func TestFailedWriteKeepsPreviousState(t *testing.T) {
	dir := t.TempDir()
	st := &store{dir: dir}
	if err := st.write(map[string]int{"version": 1}); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(dir, stateFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.write(map[string]any{"unmarshalable": make(chan int)}); err == nil {
		t.Fatal("write of an unmarshalable value succeeded")
	}
	after, err := os.ReadFile(filepath.Join(dir, stateFile))
	if err != nil || string(after) != string(before) {
		t.Errorf("state file changed by a failed write: %q → %q (%v)", before, after, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries after a failed write, want 1", len(entries))
	}
}

// TestPersistWithoutStateDir checks that Persist is a no-op in memory.
func TestPersistWithoutStateDir(t *testing.T) {
	c := New(NewFakeClock())
	if err := c.Open(""); err != nil {
		t.Fatal(err)
	}
	c.Lock()
	c.Persist()
	c.Unlock()
	if err := c.StateError(); err != nil {
		t.Error(err)
	}
}
