package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the testscript scripts run the real command in-process as
// "flightplan".
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"flightplan": flightplan})
}

// flightplan is the command as the root main wires it: interrupts cancel
// the run, a second one exits at once.
func flightplan() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go Interrupts(sig, cancel, os.Stderr, os.Exit)
	os.Exit(Main(ctx, os.Args[1:], Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
}

// TestScripts runs every user story under testdata/script: one txtar file
// per story, each running the real command against a simulator.
//
// $EXAMPLES is the repository's testdata/examples; $SIMADDR is a free loopback address for
// a story that runs `flightplan sim` in the background, `waitsim` waits
// until that simulator accepts connections, and `simctl PATH [JSON]` posts
// to its control endpoint (faults, drift).
// FLIGHTPLAN_SIM_SPEED is high so that in-process simulators settle fast.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup:               scriptSetup,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"simctl": simctl, "waitsim": waitsim},
	})
}

func scriptSetup(env *testscript.Env) error {
	examples, err := filepath.Abs("../../testdata/examples")
	if err != nil {
		return err
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	env.Setenv("EXAMPLES", examples)
	env.Setenv("SIMADDR", "127.0.0.1:"+strconv.Itoa(port))
	env.Setenv("NO_COLOR", "1")
	env.Setenv("FLIGHTPLAN_SIM_SPEED", "20000")
	env.Setenv("FLIGHTPLAN_IMAGE_TAG", "v1")
	return nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// simctl PATH [JSON] posts JSON (default {}) to http://$SIMADDR/_sim/PATH.
func simctl(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: simctl PATH [JSON]")
	}
	body := "{}"
	if len(args) == 2 {
		body = args[1]
	}
	url := fmt.Sprintf("http://%s/_sim/%s", ts.Getenv("SIMADDR"), args[0])
	resp, err := http.Post(url, "application/json", bytes.NewBufferString(body))
	if err != nil {
		ts.Fatalf("simctl: %v", err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if failed := resp.StatusCode >= 300; failed != neg {
		ts.Fatalf("simctl %s: %s %s", args[0], resp.Status, out)
	}
}

// waitsim waits until something accepts connections on $SIMADDR: the
// simulator that the story started in the background is serving. It gives
// up after 30 seconds.
func waitsim(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: waitsim")
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", ts.Getenv("SIMADDR"), time.Second)
		if err == nil {
			conn.Close()
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("waitsim: the simulator is not serving: %v", err)
		}
		time.Sleep(10 * time.Millisecond) // between connection attempts, not instead of them
	}
}
