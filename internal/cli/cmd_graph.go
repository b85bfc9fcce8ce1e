package cli

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"flightplan/planner"
	"flightplan/view"
)

func graphCommand() *command {
	return &command{
		name:    "graph",
		summary: "Print the dependency graph of the nodes, as DOT or mermaid.",
		usage:   "flightplan graph [--format dot|mermaid]",
		example: "  flightplan graph | dot -Tsvg > graph.svg\n  flightplan graph --format mermaid    # renders in a pull request",
		setup: func(fs *pflag.FlagSet) runFunc {
			format := fs.String("format", "dot", "dot or mermaid")
			return func(e *env, args []string) (int, error) { return runGraph(e, *format) }
		},
	}
}

func runGraph(e *env, format string) (int, error) {
	write := map[string]func(io.Writer, *planner.Graph) error{
		"dot": view.WriteGraphDOT, "mermaid": view.WriteGraphMermaid,
	}[format]
	if write == nil {
		return exitError, fmt.Errorf("--format %q: want dot or mermaid", format)
	}
	cfg, err := e.load()
	if err != nil {
		return exitError, err
	}
	d, err := e.compile(cfg, "")
	if err != nil {
		return exitError, err
	}
	g, err := planner.BuildGraph(d, nil)
	if err != nil {
		return exitError, err
	}
	return exitOK, write(e.stdout, g)
}
