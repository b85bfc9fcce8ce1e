package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestMain runs the real main when the test re-executes itself as the
// command (see TestInterruptStopsTheCommand).
func TestMain(m *testing.M) {
	if os.Getenv("FLIGHTPLAN_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// An interrupt cancels the running command, which then exits cleanly after
// saying what it does.
func TestInterruptStopsTheCommand(t *testing.T) {
	cmd := exec.Command(os.Args[0], "sim", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "FLIGHTPLAN_RUN_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n') // ready: serving
	if err != nil || !strings.HasPrefix(line, "Serving the AWS simulator") {
		t.Fatalf("first line %q, %v; stderr %q", line, err, stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v; stderr %q", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "Interrupt received") {
		t.Errorf("stderr %q lacks the interrupt notice", stderr.String())
	}
}
