// Command flightplan manages a containerised application on AWS from one HCL
// file. See README.md and docs/.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go interrupts(cancel)
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// interrupts turns the first Ctrl-C (or SIGTERM) into a cancelled context:
// no new work starts, and operations in flight settle so that the next run
// converges. A second one exits at once.
func interrupts(cancel context.CancelFunc) {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	fmt.Fprintln(os.Stderr, "\nInterrupt received: starting nothing new, waiting for operations in flight to settle. Interrupt again to exit at once.")
	cancel()
	<-sig
	fmt.Fprintln(os.Stderr, "Second interrupt: exiting now. Stacks still in progress will finish in AWS; run plan to see where things stand.")
	os.Exit(130)
}
