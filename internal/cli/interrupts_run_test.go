package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// gate is an output that tells when want has been written, and then holds
// that write until released (when hold is set), so that a test can
// interrupt a command at a known point.
type gate struct {
	want string
	hold bool

	mu       sync.Mutex
	buf      bytes.Buffer
	fired    bool
	seen     chan struct{}
	released chan struct{}
}

func newGate(want string, hold bool) *gate {
	return &gate{want: want, hold: hold, seen: make(chan struct{}), released: make(chan struct{})}
}

func (g *gate) Write(p []byte) (int, error) {
	g.mu.Lock()
	g.buf.Write(p)
	fire := !g.fired && strings.Contains(g.buf.String(), g.want)
	g.fired = g.fired || fire
	g.mu.Unlock()
	if fire {
		close(g.seen)
		if g.hold {
			<-g.released
		}
	}
	return len(p), nil
}

func (g *gate) String() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.buf.String()
}

// interruptAt runs the command until out shows its mark, interrupts it
// once, and returns the code it exited with (-1 when it cancelled instead)
// and its standard error. unblock lets the command return once the exit
// has been recorded.
func interruptAt(t *testing.T, args []string, stdin io.Reader, out *gate, unblock func()) (int, string) {
	t.Helper()
	sig := make(chan os.Signal, 2)
	exited := make(chan int, 1)
	stderr := newGate("Interrupt received", false) // what a cancelling interrupt says
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		Main(context.Background(), args, Stdio{In: stdin, Out: out, Err: stderr}, Signals{C: sig, Exit: func(code int) { exited <- code }})
	}()
	<-out.seen
	sig <- os.Interrupt
	code := -1
	select {
	case code = <-exited:
	case <-stderr.seen:
	}
	unblock()
	<-returned
	return code, stderr.String()
}

const interruptApp = `app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "dev" {}
`

// Ctrl-C while validate runs, or at apply's confirmation prompt, exits at
// once with 130: nothing is in flight, so nothing waits to settle.
func TestInterruptWhileChangingNothing(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "app.hcl")
	if err := os.WriteFile(file, []byte(interruptApp), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("validate", func(t *testing.T) {
		out := newGate("The configuration is valid", true)
		code, stderr := interruptAt(t, []string{"-f", file, "validate"}, strings.NewReader(""), out, func() { close(out.released) })
		assertExitedAtOnce(t, code, stderr)
	})
	t.Run("apply prompt", func(t *testing.T) {
		stdin, answer := io.Pipe()
		out := newGate("Enter a value:", false)
		code, stderr := interruptAt(t, []string{"-f", file, "--sim", filepath.Join(dir, "sim"), "apply"}, stdin, out,
			func() { answer.Close() })
		assertExitedAtOnce(t, code, stderr)
	})
}

func assertExitedAtOnce(t *testing.T, code int, stderr string) {
	t.Helper()
	if code != 130 {
		t.Errorf("exit code %d, want 130", code)
	}
	if want := "Interrupted: exiting now. Nothing was changed."; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
	if strings.Contains(stderr, "settle") {
		t.Errorf("stderr %q waits for operations to settle", stderr)
	}
}
