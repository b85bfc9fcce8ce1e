package planner

import (
	"fmt"
	"slices"
	"time"

	"flightplan/addr"
	"flightplan/awsspec"
	"flightplan/stacks"
)

// DiffOptions tune Diff. The zero value is valid.
type DiffOptions struct {
	// Protected names the environments the caller knows to have
	// deletion_protection. A live-only environment is also protected when
	// its stack carries the tag flightplan:deletion-protection=true; a plan
	// that would delete a protected environment is an error (see
	// ProtectedError), because once an environment is gone from the file
	// the file can no longer say it was protected.
	Protected []string
	// Targets restricts the plan to these nodes and everything they depend
	// on (--target); empty plans every node.
	Targets []addr.Address
	// ImageTag is the tag the desired state's images were compiled with;
	// it is only recorded (Plan.ImageTag).
	ImageTag string
	// ConfigHash and ToolVersion go into the fingerprint.
	ConfigHash  string
	ToolVersion string
	// Now stamps Plan.CreatedAt; zero means time.Now().
	Now time.Time
	// Replaces says whether changing a property (path after "Properties")
	// of a resource type replaces the resource; nil means awsspec's answer.
	Replaces func(typ string, path []string) bool
	// Sensitive are values known to be secret beyond the desired state's
	// sensitive parameters (the file's sensitive variables and secrets, and
	// strings built from them). Every change that holds one, on either
	// side, is masked whole (see mask.go).
	Sensitive []string
	// DigestKeys remembers the derived keys of sensitive-parameter
	// digests (see diff_sensitive.go), prewarmed by the caller while it
	// read the state (DigestKeys.Prewarm); nil means a new one for this
	// Diff, prewarmed on every core when it starts.
	DigestKeys *DigestKeys
}

// ProtectedError refuses a plan that would delete a protected environment,
// or a workload stack of one (they go with it).
type ProtectedError struct {
	Env string
	// Node is the node whose delete was refused: env/{Env} or one of its
	// deployments.
	Node addr.Address
	Why  string // "deletion_protection in the file" or the tag
}

func (e *ProtectedError) Error() string {
	what := "env/" + e.Env + " would be deleted"
	if e.Node.Kind != "" && e.Node.Kind != addr.KindEnv {
		what = e.Node.String() + " would be deleted with env/" + e.Env
	}
	return fmt.Sprintf("%s, but environment %q has deletion protection (%s). To delete it: set deletion_protection = false "+
		"in its environment block (put the block back if you removed it), apply, then remove the block or destroy", what, e.Env, e.Why)
}

// Diff compares the desired state with the live state and returns the plan:
// one Change per node of the graph (no-ops included) in topological order,
// objects that are live but not desired planned as deletes. Live objects
// tagged for the app that flightplan does not manage are left alone and
// named in Plan.Notes. It fails on a dependency cycle, a delete of a
// protected environment, or a deployed template it cannot parse.
func Diff(d *stacks.Desired, s *State, opts DiffOptions) (*Plan, error) {
	if opts.Replaces == nil {
		opts.Replaces = awsspec.Load().Replaces
	}
	if s == nil {
		s = &State{App: d.App}
	}
	if opts.DigestKeys == nil {
		opts.DigestKeys = NewDigestKeys()
		prewarm := opts.DigestKeys.Prewarm(d)
		for _, st := range s.Stacks {
			prewarm(st)
		}
	}
	idx := indexLive(d, s)
	order, g, err := planOrder(d, idx, opts.Targets)
	if err != nil {
		return nil, err
	}
	p := newPlan(d, opts)
	p.Notes = append(p.Notes, idx.notes...)
	ins := newInputs(d, idx, s.Lookups)
	for _, a := range order {
		c, notes, err := diffNode(d, a, idx, ins, opts)
		if err != nil {
			return nil, err
		}
		if n := d.Node(a); n != nil && n.Image != nil {
			c.Image, c.Reasons, c.Action = diffImage(n.Image, s)
		}
		if c.Action != Delete {
			planFiles(c, d.Node(a), s)
		}
		planDomain(c, d.Node(a), d, s)
		ins.planned(c)
		c.DependsOn = addrStrings(g.DependsOn(a))
		p.Changes = append(p.Changes, c)
		p.Notes = append(p.Notes, notes...)
	}
	exportInversions(d, idx, p.Changes)
	exportWarnings(d, idx, p.Changes, opts.Replaces)
	copilotWarnings(idx, p.Changes)
	retainFirst(idx, p.Changes)
	notes, err := takeovers(d, s, p.Changes)
	if err != nil {
		return nil, err
	}
	p.Notes = append(p.Notes, notes...)
	setCredentials(d, s, p.Changes)
	p.Fingerprint = NewFingerprint(d, s, opts.ConfigHash, opts.ToolVersion)
	p.Sensitive = stacks.SensitiveValues(d.Nodes, opts.Sensitive...)
	maskChanges(p.Changes, p.Sensitive)
	return p, nil
}

func newPlan(d *stacks.Desired, opts DiffOptions) *Plan {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	return &Plan{FormatVersion: FormatVersion, ToolVersion: opts.ToolVersion, App: d.App, CreatedAt: now.UTC(),
		ImageTag: opts.ImageTag, Targets: addrStrings(opts.Targets)}
}

// planOrder builds the graph of desired and live-only nodes, cut to the
// targets, and returns its topological order.
func planOrder(d *stacks.Desired, idx *liveIndex, targets []addr.Address) ([]addr.Address, *Graph, error) {
	var liveOnly []addr.Address
	for a := range idx.live {
		if d.Node(a) == nil {
			liveOnly = append(liveOnly, a)
		}
	}
	g, err := BuildGraph(d, liveOnly)
	if err != nil {
		return nil, nil, err
	}
	if len(targets) > 0 {
		if g, err = g.Subgraph(targets); err != nil {
			return nil, nil, err
		}
	}
	order, err := g.TopoOrder()
	return order, g, err
}

// diffNode plans one node: a desired node against its live objects, or a
// live-only node as a delete.
func diffNode(d *stacks.Desired, a addr.Address, idx *liveIndex, ins *inputs, opts DiffOptions) (*Change, []string, error) {
	live := idx.live[a]
	if live == nil {
		live = &liveObjects{}
	}
	n := d.Node(a)
	if n == nil {
		if err := checkProtection(d, a, idx, opts.Protected); err != nil {
			return nil, nil, err
		}
		c := deleteChange(d.App, a, live)
		return c, nil, nil
	}
	var notes []string
	if n.Stack != nil {
		kept, keptNotes, err := keepRecordTypes(n, live.stack(n))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", a, err)
		}
		n, notes = kept, keptNotes
	}
	c := &Change{Addr: a, Address: a.String(), Account: n.Account, Region: n.Region, Desired: n}
	if n.Stack != nil {
		resolved, unknown := ins.resolve(n)
		sc, reasons, stackNotes, err := diffStack(resolved, live.stack(n), opts.Replaces, opts.DigestKeys)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", a, err)
		}
		markUnknown(sc, unknown, n.Stack.Inputs)
		c.Stack, c.Reasons = sc, reasons
		notes = append(notes, stackNotes...)
	}
	notes = append(notes, live.strays(a, n)...)
	pcs, reasons := diffParameters(n.Parameters, live.params)
	c.Parameters = pcs
	c.Reasons = append(c.Reasons, reasons...)
	c.Action = nodeAction(c)
	return c, notes, nil
}

// nodeAction combines the actions of a node's stack and documents: a stack
// being created or recreated decides; otherwise all-new is a create, any
// difference an update.
func nodeAction(c *Change) Action {
	var subs []Action
	if c.Stack != nil {
		if c.Stack.Action == Create || c.Stack.Action == Recreate {
			return c.Stack.Action
		}
		subs = append(subs, c.Stack.Action)
	}
	for _, p := range c.Parameters {
		subs = append(subs, p.Action)
	}
	switch {
	case len(subs) > 0 && allAre(subs, Create):
		return Create
	case allAre(subs, NoOp):
		return NoOp
	}
	return Update
}

func allAre(actions []Action, want Action) bool {
	for _, a := range actions {
		if a != want {
			return false
		}
	}
	return true
}

// deleteChange plans a live-only node: every stack and document of it goes.
func deleteChange(app string, a addr.Address, live *liveObjects) *Change {
	c := &Change{Addr: a, Address: a.String(), Action: Delete}
	for _, st := range live.stacks {
		c.Account, c.Region = st.Account, st.Region
		c.Stack = deletedStack(st)
		c.Reasons = append(c.Reasons, fmt.Sprintf("stack %s (%s/%s) is tagged %s=%s but the file does not declare %s",
			st.Name, st.Account, st.Region, TagApplication, app, a))
	}
	for _, p := range live.params {
		c.Parameters = append(c.Parameters, &ParameterChange{Name: p.Name, Action: Delete})
		if len(live.stacks) == 0 {
			c.Reasons = append(c.Reasons, fmt.Sprintf("document %s exists but the file does not declare %s", p.Name, a))
		}
	}
	return c
}

// checkProtection refuses the delete of a live-only environment that is
// protected, by the file (protected) or by the tag on its stack, and of a
// deployment whose environment goes too and is protected (by the file, the
// environment stack's tag or its own). A deployment removed from a
// protected environment that stays is an ordinary delete.
func checkProtection(d *stacks.Desired, a addr.Address, idx *liveIndex, protected []string) error {
	if a.Kind != addr.KindEnv && a.Kind != addr.KindDeploy {
		return nil
	}
	envAddr := addr.Env(a.Env)
	if d.Node(envAddr) != nil {
		return nil
	}
	if slices.Contains(protected, a.Env) {
		return &ProtectedError{Env: a.Env, Node: a, Why: "deletion_protection in the file"}
	}
	for _, owner := range []addr.Address{envAddr, a} {
		if lo := idx.live[owner]; lo != nil {
			for _, st := range lo.stacks {
				if st.Tags[TagDeletionProtection] == "true" {
					return &ProtectedError{Env: a.Env, Node: a, Why: fmt.Sprintf("tag %s=true on stack %s", TagDeletionProtection, st.Name)}
				}
			}
		}
	}
	return nil
}

// deletedStack lists a live stack's resources as deleted; a template that
// does not parse only loses that detail.
func deletedStack(st *LiveStack) *StackChange {
	sc := &StackChange{Name: st.Name, Action: Delete, StackID: st.ID, Status: st.Status}
	if tmpl, err := parseTemplate(st.Template); err == nil {
		sc.Resources, _, _ = diffTemplates(tmpl, nil, nil)
	}
	return sc
}

func addrStrings(as []addr.Address) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.String()
	}
	return out
}
