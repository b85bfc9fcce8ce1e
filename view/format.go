package view

import (
	"fmt"
	"io"

	udiff "github.com/aymanbagabas/go-udiff"
)

// WriteFormatDiff writes what formatting changes in the file name, from
// before to after, as a unified diff with hunk headers and three lines of
// context, which `patch -p0` and `git apply` accept. Nothing is written when
// the two are equal.
func WriteFormatDiff(w io.Writer, name, before, after string) error {
	edits := udiff.Lines(before, after)
	if len(edits) == 0 {
		return nil
	}
	d, err := udiff.ToUnified(name, name, before, edits, udiff.DefaultContextLines)
	if err != nil {
		return fmt.Errorf("diff of %s: %w", name, err)
	}
	_, err = io.WriteString(w, d)
	return err
}

// WriteFormattedName names a file that fmt rewrote or would rewrite.
func WriteFormattedName(w io.Writer, name string) error {
	_, err := fmt.Fprintln(w, name)
	return err
}

// WriteFormattedSource writes formatted source as it is.
func WriteFormattedSource(w io.Writer, src []byte) error {
	_, err := w.Write(src)
	return err
}
