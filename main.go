// Command flightplan manages a containerised application on AWS from one HCL
// file. See README.md and docs/; the command line lives in internal/cli.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"flightplan/internal/cli"
)

func main() {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	os.Exit(cli.Main(context.Background(), os.Args[1:], cli.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr},
		cli.Signals{C: sig, Exit: os.Exit}))
}
