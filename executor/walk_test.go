package executor

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
)

// fakeRunner records when each node starts and ends, in one sequence.
type fakeRunner struct {
	mu      sync.Mutex
	seq     int
	started map[addr.Address]int
	ended   map[addr.Address]int
	active  int
	maxAct  int
	fail    map[addr.Address]bool
	block   chan struct{} // when set, every node waits for it to close
	onStart func()
}

func newFakeRunner() *fakeRunner {
	return &fakeRunner{started: map[addr.Address]int{}, ended: map[addr.Address]int{}, fail: map[addr.Address]bool{}}
}

func (f *fakeRunner) runNode(ctx context.Context, a addr.Address, c *planner.Change) Outcome {
	f.mu.Lock()
	f.seq++
	f.started[a] = f.seq
	f.active++
	f.maxAct = max(f.maxAct, f.active)
	onStart := f.onStart
	f.mu.Unlock()
	if onStart != nil {
		onStart()
	}
	if f.block != nil {
		<-f.block
	}
	time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	f.ended[a] = f.seq
	f.active--
	if f.fail[a] {
		return Outcome{Status: Failed, Action: c.Action, Err: errors.New("boom"), RootCause: "boom"}
	}
	return Outcome{Status: Succeeded, Action: c.Action}
}

// change builds a change; deps are addresses in text form.
func change(a string, action planner.Action, deps ...string) *planner.Change {
	return &planner.Change{Address: a, Action: action, DependsOn: deps}
}

func plan(cs ...*planner.Change) *planner.Plan {
	return &planner.Plan{App: "demo", Changes: cs}
}

func diamond(action planner.Action) *planner.Plan {
	return plan(
		change("app", action),
		change("app/region/eu-west-1", action, "app"),
		change("env/test", action, "app", "app/region/eu-west-1"),
		change("env/prod", action, "app", "app/region/eu-west-1"),
		change("workload/api", action, "app"),
		change("deploy/test/api", action, "env/test", "workload/api"),
		change("deploy/prod/api", action, "env/prod", "workload/api"),
		change("pipeline/release", action, "env/test", "env/prod"),
	)
}

func walkPlan(t *testing.T, ctx context.Context, p *planner.Plan, r nodeRunner, parallelism int, hooks Hooks) *Result {
	t.Helper()
	g, err := buildGraph(p)
	if err != nil {
		t.Fatal(err)
	}
	if hooks == nil {
		hooks = NopHooks{}
	}
	res := newResult(p)
	w := &walker{g: g, runner: r, hooks: hooks, parallelism: parallelism}
	res.Interrupted = w.walk(ctx, res)
	return res
}

func TestWalkOrdersDependenciesFirst(t *testing.T) {
	for i := range 50 {
		p := diamond(planner.Create)
		f := newFakeRunner()
		res := walkPlan(t, context.Background(), p, f, 1+i%4, nil)
		for _, c := range p.Changes {
			a := changeAddr(c)
			for _, d := range c.DependsOn {
				dep, _ := addr.Parse(d)
				if f.started[a] < f.ended[dep] {
					t.Fatalf("run %d: %s started (%d) before %s ended (%d)", i, a, f.started[a], dep, f.ended[dep])
				}
			}
		}
		if f.maxAct > 1+i%4 {
			t.Fatalf("run %d: %d nodes in flight, parallelism %d", i, f.maxAct, 1+i%4)
		}
		if res.Counts.Created != len(p.Changes) {
			t.Fatalf("run %d: counts %+v", i, res.Counts)
		}
	}
}

func TestWalkDeleteRunsInReverse(t *testing.T) {
	for i := range 30 {
		p := diamond(planner.Delete)
		f := newFakeRunner()
		res := walkPlan(t, context.Background(), p, f, 3, nil)
		for _, c := range p.Changes {
			a := changeAddr(c)
			for _, d := range c.DependsOn {
				dep, _ := addr.Parse(d)
				if f.started[dep] < f.ended[a] {
					t.Fatalf("run %d: %s deleted (%d) before its dependent %s was gone (%d)", i, dep, f.started[dep], a, f.ended[a])
				}
			}
		}
		if res.Counts.Deleted != len(p.Changes) {
			t.Fatalf("counts %+v", res.Counts)
		}
	}
}

func TestWalkDeletesDependentBeforeChangingDependency(t *testing.T) {
	p := plan(
		change("env/test", planner.Update),
		change("deploy/test/old", planner.Delete, "env/test"),
	)
	f := newFakeRunner()
	walkPlan(t, context.Background(), p, f, 10, nil)
	if f.started[addr.Env("test")] < f.ended[addr.Deploy("test", "old")] {
		t.Fatal("env/test was updated before deploy/test/old was deleted")
	}
}

func TestWalkFailureSkipsDependentsOnly(t *testing.T) {
	p := diamond(planner.Create)
	f := newFakeRunner()
	f.fail[addr.Env("test")] = true
	res := walkPlan(t, context.Background(), p, f, 10, nil)
	got := map[string]string{}
	for a, o := range res.Outcomes {
		got[a.String()] = string(o.Status)
		if o.Err != nil {
			got[a.String()] += ": " + o.Err.Error()
		}
	}
	want := map[string]string{
		"app":                  "succeeded",
		"app/region/eu-west-1": "succeeded",
		"env/test":             "failed: boom",
		"env/prod":             "succeeded",
		"workload/api":         "succeeded",
		"deploy/test/api":      "skipped: skipped: env/test failed",
		"deploy/prod/api":      "succeeded",
		"pipeline/release":     "skipped: skipped: env/test failed",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("outcomes (-want +got):\n%s", d)
	}
	if _, ran := f.started[addr.Pipeline("release")]; ran {
		t.Fatal("a skipped node ran")
	}
}

func TestWalkSkipNamesTheRootThroughChains(t *testing.T) {
	p := plan(change("app", planner.Create), change("env/a", planner.Create, "app"), change("deploy/a/x", planner.Create, "env/a"))
	f := newFakeRunner()
	f.fail[addr.App()] = true
	res := walkPlan(t, context.Background(), p, f, 10, nil)
	var sk *SkippedError
	if !errors.As(res.Outcomes[addr.Deploy("a", "x")].Err, &sk) || sk.Because != addr.App() {
		t.Fatalf("deploy/a/x: %v, want skipped because app failed", res.Outcomes[addr.Deploy("a", "x")].Err)
	}
}

func TestWalkNoOpsFinishAtOnce(t *testing.T) {
	p := plan(change("app", planner.NoOp), change("env/a", planner.Update, "app"), change("workload/x", planner.NoOp, "env/a"))
	f := newFakeRunner()
	res := walkPlan(t, context.Background(), p, f, 10, nil)
	if len(f.started) != 1 || res.Counts.Unchanged != 2 || res.Counts.Updated != 1 {
		t.Fatalf("ran %v, counts %+v", f.started, res.Counts)
	}
}

// recordHooks keeps the messages and finished nodes.
type recordHooks struct {
	NopHooks
	mu       sync.Mutex
	messages []string
	finished []string
	// onMessage, when set, runs after each message is recorded.
	onMessage func()
}

func (h *recordHooks) Message(s string) {
	h.mu.Lock()
	h.messages = append(h.messages, s)
	h.mu.Unlock()
	if h.onMessage != nil {
		h.onMessage()
	}
}

func (h *recordHooks) NodeFinished(a addr.Address, o Outcome) {
	h.mu.Lock()
	h.finished = append(h.finished, a.String()+" "+string(o.Status))
	h.mu.Unlock()
}

func TestWalkInterruptLetsInFlightSettle(t *testing.T) {
	for i := range 20 {
		p := diamond(planner.Create)
		f := newFakeRunner()
		ctx, cancel := context.WithCancel(context.Background())
		f.block = make(chan struct{})
		var once sync.Once
		f.onStart = func() { once.Do(cancel) } // the first node starts: interrupt
		// The node in flight finishes only once the walker has said it is
		// waiting for it: readiness, not a delay, orders the two.
		var release sync.Once
		h := &recordHooks{onMessage: func() { release.Do(func() { close(f.block) }) }}
		res := walkPlan(t, ctx, p, f, 10, h)
		if !res.Interrupted {
			t.Fatalf("run %d: not marked interrupted", i)
		}
		if o := res.Outcomes[addr.App()]; o.Status != Succeeded {
			t.Fatalf("run %d: the node in flight ended %v, want succeeded", i, o.Status)
		}
		if len(f.started) != 1 || res.Counts.Skipped != len(p.Changes)-1 {
			t.Fatalf("run %d: started %v, counts %+v", i, f.started, res.Counts)
		}
		if d := cmp.Diff([]string{"interrupted: waiting for 1 operations in flight to settle"}, h.messages); d != "" {
			t.Fatalf("run %d: messages (-want +got):\n%s", i, d)
		}
		for a, o := range res.Outcomes {
			if a != addr.App() && !errors.Is(o.Err, ErrInterrupted) {
				t.Fatalf("run %d: %s: %v, want ErrInterrupted", i, a, o.Err)
			}
		}
	}
}

func TestBuildGraphErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		plan *planner.Plan
		want string
	}{
		"cycle": {plan(change("env/a", planner.Create, "env/b"), change("env/b", planner.Create, "env/a")),
			"cycle: [env/a env/b]"},
		"duplicate":  {plan(change("env/a", planner.Create), change("env/a", planner.Update)), "env/a appears twice"},
		"bad dep":    {plan(change("env/a", planner.Create, "nope/x")), `invalid address "nope/x"`},
		"bad addr":   {plan(change("envs", planner.Create)), `invalid address "envs"`},
		"needs dead": {plan(change("env/a", planner.Delete), change("deploy/a/x", planner.Create, "env/a")), "needs env/a, which it deletes"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := buildGraph(tc.plan)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// With one slot, the node with the longest chain of work behind it starts
// before the ready leaves, whatever their order in the plan.
func TestWalkStartsTheCriticalPathFirst(t *testing.T) {
	big := change("env/test", planner.Create)
	big.Stack = &planner.StackChange{Resources: make([]planner.ResourceChange, 20)}
	p := plan(
		big,
		change("app", planner.Create),
		change("workload/a", planner.Create),
		change("workload/b", planner.Create),
		change("deploy/test/api", planner.Create, "env/test"),
	)
	r := newFakeRunner()
	walkPlan(t, context.Background(), p, r, 1, nil)
	for _, leaf := range []string{"app", "workload/a", "workload/b"} {
		a, _ := addr.Parse(leaf)
		if r.started[a] < r.started[addr.Env("test")] {
			t.Errorf("%s started (%d) before env/test (%d), which heads the longest chain", leaf, r.started[a], r.started[addr.Env("test")])
		}
	}
}

// Change.Before turns a dependency around: the dependent's update runs
// first because it stops importing what the dependency's update removes.
func TestWalkBeforeInvertsTheEdge(t *testing.T) {
	svc := change("deploy/test/api", planner.Update, "env/test")
	svc.Before = []string{"env/test"}
	p := plan(change("env/test", planner.Update), svc)
	for range 20 {
		r := newFakeRunner()
		walkPlan(t, context.Background(), p, r, 10, nil)
		if r.started[addr.Env("test")] < r.ended[addr.Deploy("test", "api")] {
			t.Fatalf("env/test started (%d) before deploy/test/api ended (%d)", r.started[addr.Env("test")], r.ended[addr.Deploy("test", "api")])
		}
	}
}
