// Package termtest is a small terminal emulator for tests: it shows what a
// person would see after a program's output went to a terminal of a given
// size, scrollback included. It interprets what package view writes:
// printable text with automatic wrapping at the right margin, CR, LF (as a
// terminal's driver sends it, a new line at column 0), cursor up and down
// (CSI n A, CSI n B), erase below (CSI J), erase line (CSI K, CSI 2K) and
// colours (CSI … m, ignored); anything else is recorded as an error. Like
// tmux (its scroll-on-clear option, on by default), erasing below from the
// top-left corner scrolls the screen into the scrollback first. Resize
// re-wraps lines as tmux and most terminals do.
package termtest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Screen is a terminal of Width×Height cells and its scrollback. It is an
// io.Writer; it is not safe for concurrent use.
type Screen struct {
	Width, Height int
	// Wraps counts the lines the terminal had to wrap at the right margin.
	Wraps int
	// Errors are the sequences the emulator does not interpret, and
	// misuses such as a resize with the cursor inside a line.
	Errors []string

	scrollback []row
	rows       []row // Height rows
	x, y       int   // cursor; x == Width means a wrap is due
	pending    []byte
}

// row is one line of cells; wrapped says it goes on in the row below (the
// terminal wrapped it at the margin), as tmux records it: a line feed that
// is not a wrap, or erasing the row's end, clears it.
type row struct {
	cells   []rune
	wrapped bool
}

// New returns an empty screen of width×height cells.
func New(width, height int) *Screen {
	return &Screen{Width: width, Height: height, rows: make([]row, height)}
}

// Write interprets p, which may end in the middle of a sequence or a rune.
func (s *Screen) Write(p []byte) (int, error) {
	buf := append(s.pending, p...)
	for len(buf) > 0 {
		n := s.step(buf)
		if n == 0 { // incomplete: wait for the rest
			break
		}
		buf = buf[n:]
	}
	s.pending = append([]byte(nil), buf...)
	return len(p), nil
}

// step interprets the sequence or rune at the start of b and returns its
// length, 0 when b ends before it does.
func (s *Screen) step(b []byte) int {
	switch b[0] {
	case '\r':
		s.x = 0
		return 1
	case '\n':
		s.x = 0
		s.lineFeed(false)
		return 1
	case 0x1b:
		return s.escape(b)
	}
	if !utf8.FullRune(b) {
		return 0
	}
	r, n := utf8.DecodeRune(b)
	if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
		s.Errors = append(s.Errors, fmt.Sprintf("control character %q", r))
		return n
	}
	s.put(r)
	return n
}

func (s *Screen) escape(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	if b[1] != '[' {
		s.Errors = append(s.Errors, fmt.Sprintf("escape %q", b[:2]))
		return 2
	}
	end := 2
	for end < len(b) && (b[end] >= '0' && b[end] <= '9' || b[end] == ';') {
		end++
	}
	if end == len(b) {
		return 0
	}
	s.csi(string(b[2:end]), b[end])
	return end + 1
}

func (s *Screen) csi(params string, final byte) {
	n := 1
	if v, err := strconv.Atoi(params); err == nil && v > 0 {
		n = v
	}
	switch {
	case final == 'm':
	case final == 'A':
		s.y = max(0, s.y-n)
		s.x = min(s.x, s.Width-1)
	case final == 'B':
		s.y = min(s.Height-1, s.y+n)
		s.x = min(s.x, s.Width-1)
	case final == 'J' && (params == "" || params == "0"):
		if s.x == 0 && s.y == 0 {
			for _, r := range s.rows[:s.lastUsed()+1] {
				s.scrollback = append(s.scrollback, row{cells: slices.Clone(r.cells), wrapped: r.wrapped})
			}
		}
		s.eraseLine()
		for y := s.y + 1; y < s.Height; y++ {
			s.rows[y] = row{}
		}
	case final == 'K' && (params == "" || params == "0"):
		s.eraseLine()
	case final == 'K' && params == "2":
		s.rows[s.y] = row{}
	default:
		s.Errors = append(s.Errors, fmt.Sprintf("CSI %s%c", params, final))
	}
}

// lastUsed is the index of the last row with text on the screen, -1 when
// the screen is empty.
func (s *Screen) lastUsed() int {
	for y := s.Height - 1; y >= 0; y-- {
		if len(s.rows[y].cells) > 0 {
			return y
		}
	}
	return -1
}

// eraseLine clears the cursor's row from the cursor on.
func (s *Screen) eraseLine() {
	r := &s.rows[s.y]
	if s.x < len(r.cells) {
		r.cells = r.cells[:s.x]
	}
	r.wrapped = false
}

func (s *Screen) put(r rune) {
	if s.x >= s.Width {
		s.Wraps++
		s.x = 0
		s.lineFeed(true)
	}
	line := &s.rows[s.y]
	for len(line.cells) <= s.x {
		line.cells = append(line.cells, ' ')
	}
	line.cells[s.x] = r
	s.x++
}

// lineFeed moves the cursor down a row, scrolling the top row into the
// scrollback at the bottom; wrapped says the row left goes on in the next.
func (s *Screen) lineFeed(wrapped bool) {
	s.rows[s.y].wrapped = wrapped
	if s.y == s.Height-1 {
		s.scrollback = append(s.scrollback, s.rows[0])
		copy(s.rows, s.rows[1:])
		s.rows[s.Height-1] = row{}
	} else {
		s.y++
	}
}

// Resize changes the size, re-wrapping every line to the new width; the
// screen then shows the last rows above the cursor. The cursor must be at
// the start of a row with nothing below it, as view leaves it.
func (s *Screen) Resize(width, height int) {
	if s.x != 0 || s.below() {
		s.Errors = append(s.Errors, "resize with the cursor inside the text")
	}
	var all []row
	for _, l := range s.logical(append(s.scrollback, s.rows[:s.y]...)) {
		all = append(all, wrap(l, width)...)
	}
	onScreen := min(len(all), height-1)
	s.scrollback = all[:len(all)-onScreen]
	s.Width, s.Height = width, height
	s.rows = make([]row, height)
	copy(s.rows, all[len(all)-onScreen:])
	s.x, s.y = 0, onScreen
}

// below reports whether anything is written at or below the cursor's row.
func (s *Screen) below() bool {
	for _, r := range s.rows[s.y:] {
		if strings.TrimSpace(string(r.cells)) != "" {
			return true
		}
	}
	return false
}

func (s *Screen) logical(rows []row) [][]rune {
	var out [][]rune
	joining := false
	for _, r := range rows {
		if joining {
			out[len(out)-1] = append(out[len(out)-1], r.cells...)
		} else {
			out = append(out, append([]rune(nil), r.cells...))
		}
		joining = r.wrapped
	}
	return out
}

func wrap(line []rune, width int) []row {
	rows := []row{{}}
	for len(line) > width {
		rows[len(rows)-1] = row{cells: line[:width], wrapped: true}
		line = line[width:]
		rows = append(rows, row{})
	}
	rows[len(rows)-1].cells = line
	return rows
}

// Screen is the visible screen, one string per row, trailing spaces and
// empty rows at the bottom dropped.
func (s *Screen) Screen() []string {
	return text(s.rows)
}

// Transcript is everything still readable, scrollback then screen, one
// string per line as the program wrote it (wrapped rows joined), trailing
// spaces and empty lines at the end dropped.
func (s *Screen) Transcript() []string {
	var out []string
	for _, l := range s.logical(append(append([]row(nil), s.scrollback...), s.rows...)) {
		out = append(out, strings.TrimRight(string(l), " "))
	}
	return trimEnd(out)
}

func text(rows []row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = strings.TrimRight(string(r.cells), " ")
	}
	return trimEnd(out)
}

func trimEnd(lines []string) []string {
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
