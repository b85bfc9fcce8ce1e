package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"flightplan/executor"
	"flightplan/planner"
	"flightplan/view"
)

type showArgs struct {
	Format string
	JSON   bool
}

func showCommand() *command {
	return &command{
		name:    "show",
		summary: "Render a saved plan as text, JSON or markdown.",
		usage:   "flightplan show PLAN-FILE [--format text|json|markdown]",
		example: "  flightplan plan --out p.plan\n  flightplan show p.plan --format markdown",
		setup: func(fs *pflag.FlagSet) func(*env, []string) int {
			a := &showArgs{}
			fs.StringVar(&a.Format, "format", "text", "text, json or markdown")
			fs.BoolVar(&a.JSON, "json", false, "same as --format json")
			return func(e *env, args []string) int { return runShow(e, a, args) }
		},
	}
}

func runShow(e *env, a *showArgs, args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(e.stderr, "Error: show needs exactly one argument: the plan file (from plan --out FILE)")
		return exitError
	}
	if a.JSON {
		a.Format = "json"
	}
	write, ok := planWriter(a.Format, e.color(e.stdout))
	if !ok {
		fmt.Fprintf(e.stderr, "Error: --format %q: want text, json or markdown\n", a.Format)
		return exitError
	}
	p, err := planner.ReadPlanFile(args[0])
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	if err := write(e.stdout, p); err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	return exitOK
}

func unlockCommand() *command {
	return &command{
		name:    "unlock",
		summary: "Remove a stale lock left by an apply or destroy that died.",
		usage:   "flightplan unlock LOCK-ID",
		example: "  flightplan unlock 3f9c2a7e   # the ID that the refused apply printed",
		setup: func(fs *pflag.FlagSet) func(*env, []string) int {
			return func(e *env, args []string) int { return runUnlock(e, args) }
		},
	}
}

func runUnlock(e *env, args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(e.stderr, "Error: unlock needs exactly one argument: the lock ID that the refused run printed")
		return exitError
	}
	cfg := e.load()
	if cfg == nil {
		return exitError
	}
	p, stop, err := e.provider()
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	defer stop()
	if err := executor.Unlock(e.ctx, p, appTarget(cfg), cfg.App.Name, args[0]); err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	fmt.Fprintf(e.stdout, "Removed lock %s of application %s.\n", args[0], cfg.App.Name)
	return exitOK
}

func graphCommand() *command {
	return &command{
		name:    "graph",
		summary: "Print the dependency graph of the nodes, as DOT or mermaid.",
		usage:   "flightplan graph [--format dot|mermaid]",
		example: "  flightplan graph | dot -Tsvg > graph.svg\n  flightplan graph --format mermaid    # renders in a pull request",
		setup: func(fs *pflag.FlagSet) func(*env, []string) int {
			format := fs.String("format", "dot", "dot or mermaid")
			return func(e *env, args []string) int { return runGraph(e, *format) }
		},
	}
}

func runGraph(e *env, format string) int {
	write := map[string]func(*env, *planner.Graph) error{
		"dot":     func(e *env, g *planner.Graph) error { return view.WriteGraphDOT(e.stdout, g) },
		"mermaid": func(e *env, g *planner.Graph) error { return view.WriteGraphMermaid(e.stdout, g) },
	}[format]
	if write == nil {
		fmt.Fprintf(e.stderr, "Error: --format %q: want dot or mermaid\n", format)
		return exitError
	}
	cfg := e.load()
	if cfg == nil {
		return exitError
	}
	d, ok := e.compile(cfg, "", true)
	if !ok {
		return exitError
	}
	g, err := planner.BuildGraph(d, nil)
	if err == nil {
		err = write(e, g)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	return exitOK
}
