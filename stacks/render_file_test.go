package stacks

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteFile: Render's writeFile behaves as os.WriteFile: it creates a
// file with the same mode, replaces a longer file's whole content, and
// fails with the same error where the folder is missing.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path, ref := filepath.Join(dir, "a.json"), filepath.Join(dir, "ref.json")
	if err := writeFile(path, []byte("a longer first content\n")); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(path, []byte("{}\n")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ref, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "{}\n" {
		t.Errorf("content %q (%v), want %q", got, err, "{}\n")
	}
	gotInfo, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	refInfo, err := os.Stat(ref)
	if err != nil {
		t.Fatal(err)
	}
	if gotInfo.Mode() != refInfo.Mode() {
		t.Errorf("mode %v, os.WriteFile gives %v", gotInfo.Mode(), refInfo.Mode())
	}
	missing := filepath.Join(dir, "no", "such", "folder", "a.json")
	gotErr, refErr := writeFile(missing, []byte("x")), os.WriteFile(missing, []byte("x"), 0o644)
	if gotErr == nil || refErr == nil || gotErr.Error() != refErr.Error() || !errors.Is(gotErr, os.ErrNotExist) {
		t.Errorf("error %v, os.WriteFile gives %v", gotErr, refErr)
	}
}
