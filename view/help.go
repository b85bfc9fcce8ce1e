package view

import (
	"fmt"
	"io"
)

// Usage is the command line's top-level help.
type Usage struct {
	Commands    []CommandSummary // in the order listed
	GlobalFlags string           // the flags' usage lines, as pflag writes them
}

// CommandSummary is one line of the list of commands.
type CommandSummary struct {
	Name, Summary string
}

// CommandHelp is the help of one command.
type CommandHelp struct {
	Summary string
	Usage   string // "flightplan plan [flags]"
	Flags   string // the flags' usage lines, as pflag writes them
	Example string // indented command lines; "" for none
}

// WriteUsage writes the top-level help: what flightplan is, the commands
// and the global flags.
func WriteUsage(w io.Writer, u Usage) error {
	fmt.Fprint(w, "flightplan manages a containerised application on AWS from one HCL file.\n\n")
	fmt.Fprint(w, "Usage: flightplan [global flags] COMMAND [flags]\n\nCommands:\n")
	for _, c := range u.Commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.Name, c.Summary)
	}
	_, err := fmt.Fprintf(w, "\nGlobal flags:\n%s\nRun 'flightplan COMMAND --help' for a command's flags and an example.\n", u.GlobalFlags)
	return err
}

// WriteCommandHelp writes one command's summary, usage, flags and example.
func WriteCommandHelp(w io.Writer, h CommandHelp) error {
	_, err := fmt.Fprintf(w, "%s\n\nUsage: %s\n\nFlags:\n%s", h.Summary, h.Usage, h.Flags)
	if h.Example != "" && err == nil {
		_, err = fmt.Fprintf(w, "\nExample:\n%s\n", h.Example)
	}
	return err
}
