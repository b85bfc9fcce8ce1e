package cli

import (
	"bufio"
	"fmt"
	"strings"
	"time"

	"flightplan/executor"
	"flightplan/planner"
	"flightplan/view"
)

// applyInput are the flags that shape an apply or a destroy.
type applyInput struct {
	AutoApprove bool
	LockTimeout time.Duration
}

// confirm asks the user to type want; it returns false on anything else,
// including the end of standard input.
func (e *env) confirm(question, want string) bool {
	fmt.Fprintf(e.stdout, "\n%s\n  Enter a value: ", question)
	line, _ := bufio.NewReader(e.stdin).ReadString('\n')
	fmt.Fprintln(e.stdout)
	return strings.TrimSpace(line) == want
}

// progress returns the hooks that show a walk: a live view on a terminal,
// plain timestamped lines elsewhere. close stops the live view's redraws.
func (e *env) progress() (executor.Hooks, func()) {
	if isTerminal(e.stdout) && e.getenv("TERM") != "dumb" {
		ticker := time.NewTicker(250 * time.Millisecond)
		live := view.NewLiveProgress(e.stdout, time.Now, ticker.C)
		return live, func() { ticker.Stop(); _ = live.Close() }
	}
	return view.NewPlainProgress(e.stdout, time.Now), func() {}
}

// execute walks the plan and prints the summary; it returns the exit code.
func (e *env) execute(s *session, p *planner.Plan, in planInput, a applyInput, destroy bool) int {
	hooks, stop := e.progress()
	opts := executor.Options{
		Provider: s.provider, AppTarget: s.appT, Hooks: hooks, Parallelism: in.Parallelism,
		PollInterval: e.pollInterval(), CallsPerSecond: e.callsPerSecond(), LockTimeout: a.LockTimeout,
	}
	if s.provider.Sim() {
		// No docker against the simulator: record the pushes in its ECR.
		opts.Builder = executor.SimBuilder{Provider: s.provider}
	}
	run, summary := executor.Apply, view.WriteApplySummary
	if destroy {
		run, summary = executor.Destroy, view.WriteDestroySummary
	}
	res, err := run(e.ctx, p, opts)
	stop()
	fmt.Fprintln(e.stdout)
	_ = summary(e.stdout, res, e.color(e.stdout))
	if err != nil {
		return exitError
	}
	return exitOK
}
