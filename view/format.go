package view

import (
	"fmt"
	"io"
	"strings"
)

// WriteFormatDiff writes what formatting changes in the file name, from
// before to after, as a minimal unified-style diff: "-" lines removed, "+"
// lines added, unchanged lines left out.
func WriteFormatDiff(w io.Writer, name, before, after string) error {
	_, err := io.WriteString(w, lineDiff(name, before, after))
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

// lineDiff diffs line by line: formatting changes are line local, so a
// longest-common-subsequence over lines is enough.
func lineDiff(name, a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s (formatted)\n", name, name)
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			i, j = i+1, j+1
		case j < len(y) && (i == len(x) || lcs[i][j+1] >= lcs[i+1][j]):
			fmt.Fprintf(&sb, "+%s\n", y[j])
			j++
		default:
			fmt.Fprintf(&sb, "-%s\n", x[i])
			i++
		}
	}
	return sb.String()
}
