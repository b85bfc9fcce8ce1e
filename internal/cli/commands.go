package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/spf13/pflag"

	"flightplan/view"
)

// command is one subcommand: its help and how to run it.
type command struct {
	name    string
	summary string
	usage   string // "flightplan plan [flags]"
	example string
	// ownFlagsOnly lists only the command's own flags in its help: the
	// global flags (-f, --sim, --var…) mean nothing to it.
	ownFlagsOnly bool
	// setup binds the command's flags in fs to a fresh arguments struct and
	// returns the function that runs the command with it.
	setup func(fs *pflag.FlagSet) runFunc
}

// runFunc runs a command with its positional arguments and returns the exit
// code and the error to show, if any: Main writes the error and exits with
// at least exitError. A command shows its other outcomes itself, through
// view.
type runFunc func(e *env, args []string) (int, error)

// commands is the one list of commands, in the order help lists them.
func commands() []*command {
	cs := []*command{
		adoptCommand(), applyCommand(), destroyCommand(), driftCommand(), execCommand(), fmtCommand(), graphCommand(), logsCommand(), outputCommand(), planCommand(),
		renderCommand(), runCommand(), showCommand(), simCommand(), statusCommand(), unlockCommand(), validateCommand(), versionCommand(),
	}
	slices.SortFunc(cs, func(a, b *command) int { return strings.Compare(a.name, b.name) })
	return cs
}

func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// flagSet returns the command's own flags and the function that runs it.
func (c *command) flagSet() (*pflag.FlagSet, runFunc) {
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs, c.setup(fs)
}

// suggestCommand returns ` (did you mean "x"?)` for the first command that
// name is a prefix of, that is a prefix of name, or that is within two
// edits of it; "" when there is none.
func suggestCommand(name string) string {
	for _, c := range commands() {
		if strings.HasPrefix(c.name, name) || strings.HasPrefix(name, c.name) || levenshtein.Distance(name, c.name, nil) <= 2 {
			return fmt.Sprintf(" (did you mean %q?)", c.name)
		}
	}
	return ""
}

// usageHelp is the top-level help: every command and the global flags.
func usageHelp() view.Usage {
	var u view.Usage
	for _, c := range commands() {
		u.Commands = append(u.Commands, view.CommandSummary{Name: c.name, Summary: c.summary})
	}
	var g globals
	u.GlobalFlags = g.flags().FlagUsages()
	return u
}

// help is the command's help, with the flags of fs.
func (c *command) help(fs *pflag.FlagSet) view.CommandHelp {
	if c.ownFlagsOnly {
		fs, _ = c.flagSet()
		fs.BoolP("help", "h", false, "show help for "+c.name)
	}
	return view.CommandHelp{Summary: c.summary, Usage: c.usage, Flags: fs.FlagUsages(), Example: c.example}
}

func versionCommand() *command {
	return &command{
		name: "version", summary: "Print flightplan's version.", usage: "flightplan version",
		example: "  flightplan version",
		setup: func(fs *pflag.FlagSet) runFunc {
			return func(e *env, args []string) (int, error) {
				_ = view.WriteVersion(e.stdout, version)
				return exitOK, nil
			}
		},
	}
}
