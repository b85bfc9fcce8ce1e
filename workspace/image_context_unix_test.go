//go:build unix

package workspace

import (
	"path/filepath"
	"syscall"
	"testing"
)

// A named pipe in a context is sent by docker as a name without content;
// reading it would block the plan forever.
func TestContentTagNamedPipe(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"app/Dockerfile": "FROM scratch\n"})
	before := ContentTag(built(dir, "app"))
	if err := syscall.Mkfifo(filepath.Join(dir, "app", "pipe"), 0o644); err != nil {
		t.Skip("no named pipes:", err)
	}
	if after := ContentTag(built(dir, "app")); after == before {
		t.Errorf("a named pipe added: tag %q unchanged", after)
	}
}
