// Package cli is flightplan's command line: the global and per-command
// flags, the one list of commands with their help, and the workflow each
// command runs (load, compile, plan, confirm, apply) from parsed flags to an
// exit code. What the user sees is rendered by package view.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/pflag"
)

// version is set at build time with
// -ldflags "-X flightplan/internal/cli.version=...".
var version = "0.1.0-dev"

// Exit codes, as documented in docs/commands.md.
const (
	exitOK        = 0
	exitError     = 1
	exitChanges   = 2 // plan --detailed-exitcode and drift: changes or drift present
	exitUnformatt = 3 // fmt --check: unformatted input
)

// globals are the flags every command accepts, before or after its name.
type globals struct {
	File     string
	Chdir    string
	Sim      string
	Vars     []string
	VarFiles []string
	NoColor  bool
}

func (g *globals) flags() *pflag.FlagSet {
	fs := pflag.NewFlagSet("global", pflag.ContinueOnError)
	fs.StringVarP(&g.File, "file", "f", "flightplan.hcl", "the configuration file")
	fs.StringVar(&g.Chdir, "chdir", "", "switch to this folder before doing anything")
	fs.StringVar(&g.Sim, "sim", "", "use the AWS simulator: a state folder (in-process) or http://host:port (a running one)")
	fs.StringArrayVar(&g.Vars, "var", nil, "set a variable: --var name=value (repeatable)")
	fs.StringArrayVar(&g.VarFiles, "var-file", nil, "read variables from a file (repeatable)")
	fs.BoolVar(&g.NoColor, "no-color", false, "never colour the output (NO_COLOR does the same)")
	return fs
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
	g       globals
	gfs     *pflag.FlagSet // the global flags, bound to g; shared by every command's flag set
}

// command is one subcommand: its help and how to run it.
type command struct {
	name    string
	summary string
	usage   string // "flightplan plan [flags]"
	example string
	// flags returns the command's flag set bound to a fresh arguments
	// struct, and the function that runs the command with it.
	setup func(fs *pflag.FlagSet) func(e *env, args []string) int
}

func commands() []*command {
	cs := []*command{
		versionCommand(), validateCommand(), fmtCommand(),
	}
	cs = append(cs, moreCommands()...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	return cs
}

// Stdio are the standard streams a run reads and writes.
type Stdio struct {
	In       io.Reader
	Out, Err io.Writer
}

// Main parses the command line args (without the program name), runs one
// command until it ends or ctx is cancelled, and returns its exit code.
func Main(ctx context.Context, args []string, stdio Stdio) int {
	stdin, stdout, stderr := stdio.In, stdio.Out, stdio.Err
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, environ: os.Environ()}
	gfs := e.g.flags()
	e.gfs = gfs
	gfs.SetInterspersed(false)
	gfs.SetOutput(io.Discard)
	help := gfs.BoolP("help", "h", false, "show help")
	if err := gfs.Parse(args); err != nil {
		fmt.Fprintf(stderr, "Error: %v\n\n", err)
		writeUsage(stderr)
		return exitError
	}
	rest := gfs.Args()
	if len(rest) == 0 || *help {
		writeUsage(stdout)
		if *help {
			return exitOK
		}
		return exitError
	}
	return runCommand(e, rest[0], rest[1:])
}

func runCommand(e *env, name string, args []string) int {
	cmd := findCommand(name)
	if cmd == nil {
		fmt.Fprintf(e.stderr, "Error: unknown command %q%s\n\nRun 'flightplan --help' for the list of commands.\n", name, suggestCommand(name))
		return exitError
	}
	fs := pflag.NewFlagSet(cmd.name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runFn := cmd.setup(fs)
	help := fs.BoolP("help", "h", false, "show help for "+cmd.name)
	fs.AddFlagSet(e.gfs) // the same flags, so values given before the command stay
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n\nRun 'flightplan %s --help' for its flags.\n", err, cmd.name)
		return exitError
	}
	if *help {
		writeCommandHelp(e.stdout, cmd, fs)
		return exitOK
	}
	if err := e.chdir(); err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
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

func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func suggestCommand(name string) string {
	for _, c := range commands() {
		if strings.HasPrefix(c.name, name) || strings.HasPrefix(name, c.name) || editDistance(name, c.name) <= 2 {
			return fmt.Sprintf(" (did you mean %q?)", c.name)
		}
	}
	return ""
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func writeUsage(w io.Writer) {
	fmt.Fprint(w, "flightplan manages a containerised application on AWS from one HCL file.\n\n")
	fmt.Fprint(w, "Usage: flightplan [global flags] COMMAND [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	var g globals
	fmt.Fprintf(w, "\nGlobal flags:\n%s\nRun 'flightplan COMMAND --help' for a command's flags and an example.\n", g.flags().FlagUsages())
}

func writeCommandHelp(w io.Writer, c *command, fs *pflag.FlagSet) {
	fmt.Fprintf(w, "%s\n\nUsage: %s\n\nFlags:\n%s", c.summary, c.usage, fs.FlagUsages())
	if c.example != "" {
		fmt.Fprintf(w, "\nExample:\n%s\n", c.example)
	}
}

func versionCommand() *command {
	return &command{
		name: "version", summary: "Print flightplan's version.", usage: "flightplan version",
		example: "  flightplan version",
		setup: func(fs *pflag.FlagSet) func(*env, []string) int {
			return func(e *env, args []string) int {
				fmt.Fprintf(e.stdout, "flightplan %s\n", version)
				return exitOK
			}
		},
	}
}
