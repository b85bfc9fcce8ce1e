package termtest

import (
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScreen(t *testing.T) {
	tests := map[string]struct {
		width, height int
		writes        []string
		resize        [2]int // width, height; zero: none
		screen, all   []string
		wraps         int
	}{
		"wraps at the margin": {
			width: 5, height: 3, writes: []string{"abcdefg\n"},
			screen: []string{"abcde", "fg"}, all: []string{"abcdefg"}, wraps: 1,
		},
		"scrolls into the scrollback": {
			width: 5, height: 2, writes: []string{"a\nb\nc\n"},
			screen: []string{"c"}, all: []string{"a", "b", "c"},
		},
		"cursor up and erase below": {
			width: 9, height: 4, writes: []string{"keep\nold 1\nold 2\n", "\x1b[2A\x1b[J\x1b[32mnew\x1b[0m\n"},
			screen: []string{"keep", "new"}, all: []string{"keep", "new"},
		},
		"cursor up stops at the top, leaving the scrollback": {
			width: 9, height: 2, writes: []string{"old 1\nold 2\n", "\x1b[2A\x1b[Jnew\n"},
			screen: []string{"new"}, all: []string{"old 1", "old 2", "new"},
		},
		"erasing the whole screen keeps it in the scrollback": {
			width: 9, height: 3, writes: []string{"old 1\nold 2\n", "\x1b[5A\x1b[Jnew\n"},
			screen: []string{"new"}, all: []string{"old 1", "old 2", "new"},
		},
		"cursor down, erase whole line": {
			width: 9, height: 4, writes: []string{"a\nb\nc\n", "\x1b[3A\x1b[B\x1b[2K\x1b[9B\x1b[1A\x1b[2K"},
			screen: []string{"a"}, all: []string{"a"},
		},
		"erase line, sequences split across writes": {
			width: 9, height: 3, writes: []string{"abcdef\r\x1b", "[K", "x\xe2", "\x9c\x93\n"},
			screen: []string{"x✓"}, all: []string{"x✓"},
		},
		"narrowing re-wraps": {
			width: 10, height: 4, writes: []string{"123456789\nab\n"}, resize: [2]int{4, 4},
			screen: []string{"5678", "9", "ab"}, all: []string{"123456789", "ab"},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			s := New(tt.width, tt.height)
			for _, w := range tt.writes {
				_, _ = io.WriteString(s, w)
			}
			if tt.resize[0] > 0 {
				s.Resize(tt.resize[0], tt.resize[1])
			}
			if d := cmp.Diff(tt.screen, s.Screen()); d != "" {
				t.Errorf("screen (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.all, s.Transcript()); d != "" {
				t.Errorf("transcript (-want +got):\n%s", d)
			}
			if s.Wraps != tt.wraps || len(s.Errors) > 0 {
				t.Errorf("wraps %d (want %d), errors %q", s.Wraps, tt.wraps, s.Errors)
			}
		})
	}
}

func TestScreenReportsWhatItDoesNotInterpret(t *testing.T) {
	s := New(10, 3)
	_, _ = io.WriteString(s, "a\x1b[2Jb\x07\x1b7")
	want := []string{"CSI 2J", "control character '\\a'", "escape \"\\x1b7\""}
	if d := cmp.Diff(want, s.Errors); d != "" {
		t.Errorf("errors (-want +got):\n%s", d)
	}
}
