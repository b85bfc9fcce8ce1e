package cli

import (
	"bufio"
	"fmt"
	"slices"
	"strings"
	"time"

	"flightplan/addr"
	"flightplan/executor"
	"flightplan/live"
	"flightplan/planner"
	"flightplan/stacks"
	"flightplan/view"
	"flightplan/workspace"
)

// confirm asks the user to type want; it returns false on anything else,
// including the end of standard input.
func (e *env) confirm(question, want string) bool {
	_ = view.WritePrompt(e.stdout, question)
	line, _ := bufio.NewReader(e.stdin).ReadString('\n')
	_ = view.WritePromptEnd(e.stdout)
	return strings.TrimSpace(line) == want
}

// progress returns the hooks that show a walk: a live view sized to the
// terminal, redrawn every 250ms and at once when the terminal is resized,
// where escape codes may be written (see color); plain timestamped lines
// elsewhere. close draws the live view's last frame.
func (e *env) progress() (executor.Hooks, func()) {
	if !e.color(e.stdout) {
		return view.NewPlainProgress(e.stdout, time.Now), func() {}
	}
	ticker := time.NewTicker(250 * time.Millisecond)
	resized, stopResized := e.term.resized()
	live := view.NewLiveProgress(e.stdout, view.LiveOptions{
		Now: time.Now, Tick: ticker.C, Resized: resized, Color: true,
		Size: func() (int, int) { return e.term.size(e.stdout) },
	})
	stopNotices := e.intr.showNotices(live.Notices())
	return live, func() { stopNotices(); ticker.Stop(); stopResized(); _ = live.Close() }
}

// execute walks the plan and shows the summary, which says what failed.
func (e *env) execute(s *session, p *planner.Plan, in planInput, a applyInput, destroy bool) int {
	hooks, stop := e.progress()
	opts := executor.Options{
		Provider: s.provider, AppTarget: s.appT, Hooks: hooks, Parallelism: in.Parallelism,
		PollInterval: e.pollInterval(), CallsPerSecond: e.callsPerSecond(), LockTimeout: a.LockTimeout,
		NoRollback: a.NoRollback, RevertDrift: a.RevertDrift,
		LockHeld: func(id string, held bool) {
			e.intr.lockHeld(view.HeldLock{App: p.App, ID: id, Command: e.unlockCommand(id, s.cfg.Sensitive)}, held)
		},
	}
	e.intr.markWriting()
	if s.provider.Sim() {
		// No docker against the simulator: record the pushes in its ECR.
		opts.Builder = executor.SimBuilder{Provider: s.provider}
	}
	run := executor.Apply
	if destroy {
		run = executor.Destroy
	}
	res, err := run(e.ctx, p, opts)
	stop()
	_ = view.WriteRunSummary(e.stdout, res, destroy, e.color(e.stdout))
	if !destroy {
		e.serviceURLs(s, p, res, in.Parallelism)
	}
	if err != nil {
		return exitError
	}
	return exitOK
}

// serviceURLs prints where the services the walk deployed answer. The
// URLs come from stack outputs, read again now that the stacks exist; a
// failure to read them is not the apply's failure, so it is left unsaid.
func (e *env) serviceURLs(s *session, p *planner.Plan, res *executor.Result, parallelism int) {
	var touched []addr.Address
	for a, o := range res.Outcomes {
		if a.Kind == addr.KindDeploy && o.Status == executor.Succeeded {
			touched = append(touched, a)
		}
	}
	eps := stacks.Endpoints(s.cfg, s.albs)
	if !slices.ContainsFunc(eps, func(ep stacks.Endpoint) bool { return slices.Contains(touched, ep.Deploy) }) {
		return
	}
	state, err := live.ReadState(e.ctx, s.provider, p.App, s.appT, s.targets, live.ReadOptions{Parallelism: parallelism, SkipTemplates: true})
	if err != nil {
		return
	}
	_ = view.WriteServiceURLs(e.stdout, planner.URLs(eps, p.Desired(), state, touched))
}

// savedPlan reads a plan file and returns the plan to apply. It refuses
// the file if AWS or the configuration moved on since it was made (stale),
// or if it is not exactly the plan flightplan makes again now from the
// configuration and the live state (edited); what it returns is that plan
// made again, never the file's own desired state (see planner.Verify).
func (e *env) savedPlan(s *session, path string, in planInput) (*planner.Plan, error) {
	saved, err := planner.ReadPlanFile(path)
	if err != nil {
		return nil, err
	}
	if saved.App != s.cfg.App.Name {
		return nil, fmt.Errorf("%s is a plan for application %q, but the file declares %q", path, saved.App, s.cfg.App.Name)
	}
	keys := planner.NewDigestKeys()
	state, err := live.ReadState(e.ctx, s.provider, saved.App, s.appT, s.targets,
		live.ReadOptions{Parallelism: in.Parallelism, OnStack: keys.Prewarm(saved.Desired())})
	if err != nil {
		return nil, fmt.Errorf("reading the live state: %w", err)
	}
	if err := live.ReadMore(e.ctx, s.provider, saved.Desired(), state, live.ReadOptions{Parallelism: in.Parallelism}); err != nil {
		return nil, err
	}
	if moved := planner.Stale(saved, state, workspace.ConfigHash(s.cfg.Files), version); len(moved) > 0 {
		return nil, &staleError{path: path, reasons: moved}
	}
	planned, err := e.replan(s, saved, state, in.Parallelism, keys)
	if err != nil {
		return nil, fmt.Errorf("making the plan again to check %s: %w", path, err)
	}
	if diffs := planner.Verify(saved, planned); len(diffs) > 0 {
		return nil, &editedError{path: path, differences: diffs}
	}
	return planned, nil
}

// replan makes the saved plan again: the configuration compiled with the
// plan's image tag, diffed against state (read for the saved plan, which
// the stale check found unchanged), cut to the plan's targets.
func (e *env) replan(s *session, saved *planner.Plan, state *planner.State, parallelism int, keys *planner.DigestKeys) (*planner.Plan, error) {
	targets, err := parseTargets(saved.Targets)
	if err != nil {
		return nil, err
	}
	d, err := e.compileWith(s.cfg, saved.ImageTag, s.albs)
	if err != nil {
		return nil, err
	}
	if saved.Destroy {
		d = &stacks.Desired{App: s.cfg.App.Name, DomainZone: d.DomainZone}
	}
	p, err := planner.Diff(d, state, planner.DiffOptions{
		Protected: protectedEnvs(s.cfg), Targets: targets, ImageTag: saved.ImageTag,
		ConfigHash: workspace.ConfigHash(s.cfg.Files), ToolVersion: version, Now: saved.CreatedAt,
		Sensitive: s.cfg.Sensitive, DigestKeys: keys,
	})
	if err != nil {
		return nil, err
	}
	p.Destroy = saved.Destroy
	if err := e.readBuckets(s, p, state, parallelism); err != nil {
		return nil, err
	}
	return p, nil
}

// editedError refuses a saved plan that is not what flightplan plans.
type editedError struct {
	path        string
	differences []string
}

func (e *editedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the saved plan %s is not the plan flightplan makes from the configuration and the live state "+
		"(the file was edited, or made by another flightplan), so nothing was applied:", e.path)
	for _, d := range e.differences {
		fmt.Fprintf(&b, "\n  - %s", d)
	}
	fmt.Fprintf(&b, "\nMake a new plan with: flightplan plan --out %s", e.path)
	return b.String()
}

// staleError refuses a saved plan whose fingerprint no longer matches.
type staleError struct {
	path    string
	reasons []string
}

func (e *staleError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the saved plan %s is stale, because:", e.path)
	for _, r := range e.reasons {
		fmt.Fprintf(&b, "\n  - %s", r)
	}
	fmt.Fprintf(&b, "\nMake a new plan with: flightplan plan --out %s", e.path)
	return b.String()
}
