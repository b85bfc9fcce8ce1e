package main

import (
	"context"
	"fmt"
	"io"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// run parses the command line, runs one command and returns its exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	_ = ctx
	_ = stdin
	if len(args) > 0 && args[0] == "version" {
		fmt.Fprintf(stdout, "flightplan %s\n", version)
		return 0
	}
	fmt.Fprintln(stderr, "usage: flightplan COMMAND")
	return 1
}
