package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"flightplan/view/termtest"
)

// testTerminal is a terminal of the test's: tty (nil: none) is one of
// width×height cells.
type testTerminal struct {
	tty           io.Writer
	width, height int
}

func (s testTerminal) isTerminal(w any) bool        { return s.tty != nil && w == s.tty }
func (s testTerminal) size(any) (width, height int) { return s.width, s.height }
func (testTerminal) resized() (<-chan struct{}, func()) {
	return nil, func() {}
}

// applyExample applies an example (testdata/examples/NAME) against a fresh
// in-process simulator, writing to stdout, and returns the exit code and
// stderr.
func applyExample(t *testing.T, name string, stdout io.Writer, term testTerminal, vars map[string]string) (int, string) {
	t.Helper()
	file, err := filepath.Abs(filepath.Join("../../testdata/examples", name, "flightplan.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	vars["FLIGHTPLAN_SIM_SPEED"] = "20000"
	vars["FLIGHTPLAN_IMAGE_TAG"] = "v1"
	var stderr bytes.Buffer
	e := &env{ctx: context.Background(), stdin: strings.NewReader(""), stdout: stdout, stderr: &stderr,
		getenv: func(k string) string { return vars[k] }, term: term}
	code, err := e.run([]string{"--sim", t.TempDir(), "-f", file, "apply", "--auto-approve"})
	if err != nil {
		t.Fatalf("apply: %v; stderr:\n%s", err, stderr.String())
	}
	return code, stderr.String()
}

// An apply of the large example, as a person sees it on terminals of two
// sizes: at the end, neither the screen nor its scrollback holds a line of
// the live view (a stale frame), and no finished node's line is wider than
// the terminal.
func TestApplyProgressOnATerminal(t *testing.T) {
	for _, size := range [][2]int{{70, 40}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			scr := termtest.New(size[0], size[1])
			term := testTerminal{tty: scr, width: size[0], height: size[1]}
			if code, stderr := applyExample(t, "large", scr, term, map[string]string{"TERM": "xterm-256color"}); code != exitOK {
				t.Fatalf("exit %d; stderr:\n%s", code, stderr)
			}
			if len(scr.Errors) > 0 {
				t.Fatalf("terminal: %q", scr.Errors)
			}
			lines := scr.Transcript()
			finished := 0
			for _, l := range lines {
				if strings.HasPrefix(l, "• ") || strings.Contains(l, " running, ") {
					t.Errorf("stale line of the live view: %q", l)
				}
				if strings.HasPrefix(l, "✓ ") || strings.HasPrefix(l, "✗ ") {
					finished++
					if n := utf8.RuneCountInString(l); n >= size[0] {
						t.Errorf("%d runes on a %d-column terminal: %q", n, size[0], l)
					}
				}
			}
			// The summary's line may wrap (a slow run's duration makes it longer
			// than 70 columns): it is read as written, not as a screen row. Only
			// the list of the services' URLs follows it.
			summary := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "Apply complete: ") })
			if finished < 10 || summary < 0 || !slices.Contains(lines[summary:], "Services:") {
				t.Errorf("%d finished nodes, final screen:\n%s", finished, strings.Join(scr.Screen(), "\n"))
			}
		})
	}
}

// Without a terminal that takes escape codes (a pipe, TERM=dumb) or with
// colour turned off, the whole apply (plan, progress, summary) is plain
// text: not one escape byte.
func TestApplyOutputIsPlainWithoutATerminal(t *testing.T) {
	tests := map[string]struct {
		term bool
		vars map[string]string
	}{
		"piped":     {vars: map[string]string{"TERM": "xterm"}},
		"TERM=dumb": {term: true, vars: map[string]string{"TERM": "dumb"}},
		"NO_COLOR":  {term: true, vars: map[string]string{"TERM": "xterm", "NO_COLOR": "1"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			term := testTerminal{width: 80, height: 24}
			if tt.term {
				term.tty = &out
			}
			code, stderr := applyExample(t, "minimal", &out, term, tt.vars)
			if code != exitOK {
				t.Fatalf("exit %d; stderr:\n%s", code, stderr)
			}
			if i := strings.IndexByte(out.String()+stderr, 0x1b); i >= 0 {
				t.Errorf("an escape byte at %d:\n%s", i, out.String()+stderr)
			}
			if !strings.Contains(out.String(), ": created in ") {
				t.Errorf("no plain progress lines:\n%s", out.String())
			}
		})
	}
}
