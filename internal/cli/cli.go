// Package cli is flightplan's command line: the global and per-command
// flags, the one list of commands with their help, and the workflow each
// command runs (load, compile, plan, confirm, apply) from the arguments to
// an exit code. The workflow's steps return errors; Main has them written
// once, by package view, which renders everything the user sees.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"flightplan/view"
)

// version is set at build time with
// -ldflags "-X flightplan/internal/cli.version=...".
var version = "0.1.0-dev"

// toolURL is where pipelines download the Linux binary of this very
// flightplan, "{version}" and "{arch}" (amd64, arm64) in it replaced. A
// release build sets it with
// -ldflags "-X flightplan/internal/cli.toolURL=...", so that its pipelines
// need nothing set; FLIGHTPLAN_TOOL_URL overrides it. Empty (a build from
// source) makes validate, render and plan say what to set.
var toolURL = ""

// Exit codes, as documented in docs/commands.md.
const (
	exitOK          = 0
	exitError       = 1
	exitChanges     = 2 // plan --detailed-exitcode and drift: changes or drift present
	exitUnformatted = 3 // fmt --check: unformatted input
)

// Stdio are the standard streams a run reads and writes.
type Stdio struct {
	In       io.Reader
	Out, Err io.Writer
}

// env is what a command runs with: standard streams, the environment and the
// global flags.
type env struct {
	ctx     context.Context
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	getenv  func(string) string
	environ []string
	term    terminal // the terminal behind the streams, if any
	g       globals
	gfs     *pflag.FlagSet // the global flags, bound to g; shared by every command's flag set
	intr    *interrupts    // nil without signals
}

// Main parses the command line args (without the program name), runs one
// command until it ends or ctx is cancelled, and returns its exit code.
// Signals received on sig.C interrupt the run (see interrupts); sig.Exit
// ends the process at once.
func Main(ctx context.Context, args []string, stdio Stdio, sig Signals) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	e := &env{ctx: ctx, stdin: stdio.In, stdout: stdio.Out, stderr: stdio.Err, getenv: os.Getenv, environ: os.Environ(), term: osTerminal{}}
	if sig.C != nil {
		e.intr = newInterrupts(cancel, stdio.Err, sig.Exit)
		go e.intr.watch(sig.C)
	}
	code, err := e.run(args)
	if err != nil {
		_ = view.WriteError(e.stderr, err, e.color(e.stderr))
		code = max(code, exitError)
	}
	return code
}

// run parses the global flags and runs the command they leave; it returns
// the exit code and the error to show, if any (see runFunc).
func (e *env) run(args []string) (int, error) {
	e.gfs = e.g.flags()
	e.gfs.SetInterspersed(false)
	e.gfs.SetOutput(io.Discard)
	help := e.gfs.BoolP("help", "h", false, "show help")
	if err := e.gfs.Parse(singleDashLongFlags(e.gfs, args)); err != nil {
		var usage strings.Builder
		_ = view.WriteUsage(&usage, usageHelp())
		return exitError, view.WithHint(err, usage.String())
	}
	rest := e.gfs.Args()
	if len(rest) == 0 || *help {
		_ = view.WriteUsage(e.stdout, usageHelp())
		if *help {
			return exitOK, nil
		}
		return exitError, nil
	}
	return e.runCommand(rest[0], rest[1:])
}

func (e *env) runCommand(name string, args []string) (int, error) {
	cmd := findCommand(name)
	if cmd == nil {
		return exitError, view.WithHint(fmt.Errorf("unknown command %q%s", name, suggestCommand(name)),
			"Run 'flightplan --help' for the list of commands.\n")
	}
	fs, runFn := cmd.flagSet()
	help := fs.BoolP("help", "h", false, "show help for "+cmd.name)
	fs.AddFlagSet(e.gfs) // the same flags, so values given before the command stay
	if err := fs.Parse(singleDashLongFlags(fs, args)); err != nil {
		return exitError, view.WithHint(err, fmt.Sprintf("Run 'flightplan %s --help' for its flags.\n", cmd.name))
	}
	if *help {
		_ = view.WriteCommandHelp(e.stdout, cmd.help(fs))
		return exitOK, nil
	}
	if err := e.chdir(); err != nil {
		return exitError, err
	}
	return runFn(e, fs.Args())
}

func (e *env) chdir() error {
	if e.g.Chdir == "" {
		return nil
	}
	if err := os.Chdir(e.g.Chdir); err != nil {
		return fmt.Errorf("--chdir: %w", errors.Unwrap(err))
	}
	return nil
}

// color reports whether output to w may carry escape codes (colours, and
// the live progress's cursor movement): only on a terminal that takes them,
// and never with --no-color or NO_COLOR set.
func (e *env) color(w any) bool {
	if e.g.NoColor || e.getenv("NO_COLOR") != "" || e.getenv("TERM") == "dumb" {
		return false
	}
	return e.term.isTerminal(w)
}

// terminal is what the command line asks of the terminal behind a stream;
// osTerminal asks the operating system, tests give a terminal of their own.
type terminal interface {
	// isTerminal reports whether w is a terminal.
	isTerminal(w any) bool
	// size is the width and height of w's terminal, 0×0 when unknown.
	size(w any) (width, height int)
	// resized sends a value each time the terminal's size changes, until
	// stop is called.
	resized() (changes <-chan struct{}, stop func())
}

// osTerminal is the process's terminal, asked through golang.org/x/term.
type osTerminal struct{}

func (osTerminal) isTerminal(w any) bool { return isTerminal(w) }

func (osTerminal) size(w any) (width, height int) {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok {
		return 0, 0
	}
	width, height, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0, 0
	}
	return width, height
}

// resized turns the resize signal (SIGWINCH, where there is one) into
// values on changes; a burst of signals may send one value.
func (osTerminal) resized() (<-chan struct{}, func()) {
	sig := make(chan os.Signal, 1)
	changes := make(chan struct{}, 1)
	done := make(chan struct{})
	if len(resizeSignals) > 0 {
		signal.Notify(sig, resizeSignals...)
	}
	go func() {
		for {
			select {
			case <-sig:
				select {
				case changes <- struct{}{}:
				default: // a redraw is already due
				}
			case <-done:
				return
			}
		}
	}()
	return changes, func() { signal.Stop(sig); close(done) }
}

// isTerminal reports whether w is a terminal, as x/term's IsTerminal says:
// a character device that is not a terminal (/dev/null) is not one.
func isTerminal(w any) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}
