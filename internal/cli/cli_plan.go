package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/schema"
	"flightplan/stacks"
)

// planInput are the flags that shape a plan.
type planInput struct {
	Targets     []string
	Parallelism int
	ImageTag    string
	Destroy     bool
}

// session is one run against AWS: the configuration, its desired state and
// the clients. close releases an in-process simulator.
type session struct {
	cfg      *schema.Config
	desired  *stacks.Desired
	provider *cloud.Provider
	appT     cloud.Target
	targets  []cloud.Target
	close    func()
}

// open checks the flags, loads, compiles and connects; it reports its own
// errors.
func (e *env) open(in planInput) (*session, bool) {
	if in.Parallelism < 1 {
		fmt.Fprintf(e.stderr, "Error: --parallelism must be at least 1, got %d\n", in.Parallelism)
		return nil, false
	}
	cfg := e.load()
	if cfg == nil {
		return nil, false
	}
	d, ok := e.compile(cfg, in.ImageTag, false)
	if !ok {
		return nil, false
	}
	if _, err := planner.BuildGraph(d, nil); err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return nil, false
	}
	p, stop, err := e.provider()
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return nil, false
	}
	appT, targets := planner.Targets(d)
	return &session{cfg: cfg, desired: d, provider: p, appT: appT, targets: targets, close: stop}, true
}

// plan reads the live state and diffs it against the file (or, for
// destroy, against nothing).
func (e *env) plan(s *session, in planInput) (*planner.Plan, bool) {
	targets, err := parseTargets(in.Targets)
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return nil, false
	}
	state, err := planner.ReadState(e.ctx, s.provider, s.cfg.App.Name, s.appT, s.targets, planner.ReadOptions{Parallelism: in.Parallelism})
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: reading the live state: %v\n", err)
		return nil, false
	}
	desired := s.desired
	if in.Destroy {
		desired = &stacks.Desired{App: s.cfg.App.Name}
	} else if err := e.readImages(s, state, targets, in); err != nil {
		fmt.Fprintf(e.stderr, "Error: reading the images: %v\n", err)
		return nil, false
	}
	p, err := planner.Diff(desired, state, planner.DiffOptions{
		Protected: protectedEnvs(s.cfg), Targets: targets,
		ConfigHash: configHash(s.cfg), ToolVersion: version,
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return nil, false
	}
	p.Sensitive = append(p.Sensitive, s.cfg.Sensitive...)
	return p, true
}

// readImages records which images are already in their repositories, for
// the image nodes being planned only (one call per repository each).
func (e *env) readImages(s *session, state *planner.State, targets []addr.Address, in planInput) error {
	d := s.desired
	if len(targets) > 0 {
		g, err := planner.BuildGraph(d, nil)
		if err != nil {
			return err
		}
		sub, err := g.Subgraph(targets)
		if err != nil {
			return err
		}
		d = &stacks.Desired{App: d.App}
		for _, n := range s.desired.Nodes {
			if sub.Has(n.Addr) {
				d.Nodes = append(d.Nodes, n)
			}
		}
	}
	return planner.ReadImages(e.ctx, s.provider, d, state, planner.ReadOptions{Parallelism: in.Parallelism})
}

func parseTargets(ss []string) ([]addr.Address, error) {
	var out []addr.Address
	for _, s := range ss {
		a, err := addr.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("--target: %w", err)
		}
		out = append(out, a)
	}
	return out, nil
}

func protectedEnvs(cfg *schema.Config) []string {
	var out []string
	for _, e := range cfg.Environments {
		if e.DeletionProtection {
			out = append(out, e.Name)
		}
	}
	return out
}

// configHash identifies the configuration a plan was made from: every file
// read, in name order.
func configHash(cfg *schema.Config) string {
	names := make([]string, 0, len(cfg.Files))
	for n := range cfg.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(cfg.Files[n]))
		h.Write(cfg.Files[n])
	}
	return hex.EncodeToString(h.Sum(nil))
}
