package executor

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync/atomic"
	"time"

	"flightplan/addr"
	"flightplan/planner"
)

// Apply applies every change of the plan: it guards every account, takes
// the app's lock, walks the graph, and releases the lock. The Result is
// never nil. The error is non-nil when anything failed, was skipped or was
// interrupted, and is then also Result.Err; a *cloud.WrongAccountError or a
// *LockedError means nothing was written.
func Apply(ctx context.Context, p *planner.Plan, opts Options) (*Result, error) {
	return run(ctx, p, opts, "apply")
}

// Destroy applies a plan of deletions (and no-ops), in the reverse order of
// the graph, under the same guard and lock as Apply. It refuses a plan that
// would create or update anything.
func Destroy(ctx context.Context, p *planner.Plan, opts Options) (*Result, error) {
	for _, c := range p.Changes {
		if c.Action != planner.Delete && c.Action != planner.NoOp {
			err := fmt.Errorf("destroy: the plan would %s %s; a destroy plan only deletes", c.Action, c.Address)
			return &Result{Err: err}, err
		}
	}
	return run(ctx, p, opts, "destroy")
}

func run(ctx context.Context, p *planner.Plan, opts Options, operation string) (res *Result, err error) {
	start := time.Now()
	res = newResult(p)
	defer func() {
		res.Duration, res.Err = time.Since(start), err
	}()
	opts = opts.withDefaults()
	g, err := prepare(p, opts)
	if err != nil {
		return res, err
	}
	if !p.HasChanges() { // nothing to write: no guard, no lock
		for _, a := range g.order {
			res.record(a, Outcome{Status: Unchanged, Action: planner.NoOp})
		}
		return res, nil
	}
	if err := guardPlan(ctx, p, opts); err != nil {
		return res, err
	}
	lk, err := acquireLock(ctx, opts, p.App, operation)
	if err != nil {
		return res, err
	}
	opts.lockHeld(lk.info.ID, true)
	defer func() {
		rerr := lk.release(ctx, opts.Hooks)
		if rerr == nil {
			opts.lockHeld(lk.info.ID, false)
		}
		err = errors.Join(err, rerr)
	}()
	w := &walker{g: g, runner: newApplier(p, opts), hooks: opts.Hooks, parallelism: opts.Parallelism}
	res.Interrupted = w.walk(ctx, res)
	return res, walkError(res)
}

func prepare(p *planner.Plan, opts Options) (*graph, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	if p.App == "" {
		return nil, errors.New("executor: the plan names no app")
	}
	return buildGraph(p)
}

// walkError sums up a walk that did not fully succeed.
func walkError(r *Result) error {
	switch {
	case r.Counts.Failed > 0:
		return fmt.Errorf("%d of %d nodes failed, %d skipped", r.Counts.Failed, len(r.Order), r.Counts.Skipped)
	case r.Interrupted:
		return fmt.Errorf("interrupted: %d nodes not applied", r.Counts.Skipped)
	case r.Counts.Skipped > 0:
		return fmt.Errorf("%d nodes skipped", r.Counts.Skipped)
	}
	return nil
}

// nodeRunner applies one node. It is called with the walk's context; it
// must stop before its first write once ctx is done, and otherwise finish
// what it started (see the package comment). Duration is set by the walker.
type nodeRunner interface {
	runNode(ctx context.Context, a addr.Address, c *planner.Change) Outcome
}

// walker runs the nodes of a graph in parallel, each when its
// prerequisites have succeeded, at most parallelism at a time.
type walker struct {
	g           *graph
	runner      nodeRunner
	hooks       Hooks
	parallelism int

	res      *Result
	pending  map[addr.Address]int
	launched map[addr.Address]bool
	finished chan finished
	active   atomic.Int64 // nodes running, not yet finished
	running  int          // goroutines launched, not yet finished
	rank     map[addr.Address]int
}

type finished struct {
	a addr.Address
	o Outcome
}

// walk runs every node and records its outcome in res; it reports whether
// ctx was cancelled before the walk ended.
func (w *walker) walk(ctx context.Context, res *Result) (interrupted bool) {
	w.res, w.pending, w.launched = res, map[addr.Address]int{}, map[addr.Address]bool{}
	w.finished = make(chan finished, len(w.g.order))
	w.rank = w.g.ranks()
	for _, a := range w.g.order {
		w.pending[a] = w.g.waits(a)
	}
	done := ctx.Done()
	for len(res.Outcomes) < len(w.g.order) {
		if !interrupted && ctx.Err() == nil {
			w.launchReady(ctx)
		}
		if len(res.Outcomes) == len(w.g.order) {
			break
		}
		select {
		case f := <-w.finished:
			w.running--
			w.finish(f.a, f.o)
		case <-done:
			done, interrupted = nil, true
			w.interrupt()
		}
	}
	return interrupted
}

// launchReady finishes the ready no-op nodes on the spot (but those whose
// stack was in progress when planned: they run, to wait for it) and starts ready
// nodes while fewer than parallelism run: those with the longest chain of
// work still behind them first, so that a bounded walk spends its slots on
// the critical path rather than on leaves that could run later.
func (w *walker) launchReady(ctx context.Context) {
	var ready []addr.Address
	for _, a := range w.g.order {
		if w.launched[a] || w.pending[a] > 0 {
			continue
		}
		if _, done := w.res.Outcomes[a]; done {
			continue
		}
		if c := w.g.changes[a]; c.Action == planner.NoOp && !foundInProgress(c) {
			w.launched[a] = true
			w.finish(a, Outcome{Status: Unchanged, Action: planner.NoOp})
			continue
		}
		ready = append(ready, a)
	}
	sort.SliceStable(ready, func(i, j int) bool { return w.rank[ready[i]] > w.rank[ready[j]] })
	for _, a := range ready {
		if w.running >= w.parallelism {
			return
		}
		w.launched[a] = true
		w.running++
		go w.runOne(ctx, a, w.g.changes[a])
	}
}

func (w *walker) runOne(ctx context.Context, a addr.Address, c *planner.Change) {
	if ctx.Err() != nil {
		w.finished <- finished{a, Outcome{Status: Skipped, Action: c.Action, Err: ErrInterrupted}}
		return
	}
	w.active.Add(1)
	start := time.Now()
	w.hooks.NodeStarted(a, c.Action)
	o := w.runner.runNode(ctx, a, c)
	o.Duration = time.Since(start)
	w.active.Add(-1)
	w.finished <- finished{a, o}
}

// finish records a node's outcome and unblocks, or skips, its dependents.
func (w *walker) finish(a addr.Address, o Outcome) {
	w.res.record(a, o)
	w.hooks.NodeFinished(a, o)
	for _, d := range w.g.unblocks[a] {
		if o.Status == Failed || o.Status == Skipped {
			w.skip(d, skipErr(a, o))
			continue
		}
		w.pending[d]--
	}
}

// skip marks a node that has not run, and everything after it, as skipped
// with err.
func (w *walker) skip(a addr.Address, err error) {
	if _, done := w.res.Outcomes[a]; done || w.launched[a] {
		return
	}
	w.launched[a] = true
	w.finish(a, Outcome{Status: Skipped, Action: w.g.changes[a].Action, Err: err})
}

// skipErr is why the dependents of a, which ended with o, are skipped: the
// node that failed first on the path, or the interrupt.
func skipErr(a addr.Address, o Outcome) error {
	var sk *SkippedError
	switch {
	case errors.Is(o.Err, ErrInterrupted):
		return ErrInterrupted
	case errors.As(o.Err, &sk):
		return sk
	}
	return &SkippedError{Because: a}
}

// interrupt marks every node not launched yet as interrupted and says how
// many operations are still settling.
func (w *walker) interrupt() {
	for _, a := range w.g.order {
		if _, done := w.res.Outcomes[a]; done || w.launched[a] {
			continue
		}
		w.launched[a] = true
		w.finish(a, Outcome{Status: Skipped, Action: w.g.changes[a].Action, Err: ErrInterrupted})
	}
	w.hooks.Message(fmt.Sprintf("interrupted: waiting for %d operations in flight to settle", w.active.Load()))
}
