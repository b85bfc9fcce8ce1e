package cli

import (
	"errors"
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/live"
	"flightplan/planner"
	"flightplan/schema"
	"flightplan/stacks"
	"flightplan/view"
	"flightplan/workspace"
)

// session is one run against AWS: the configuration, its desired state and
// their graph, and the clients. close releases an in-process simulator.
type session struct {
	cfg      *schema.Config
	desired  *stacks.Desired
	graph    *planner.Graph // of the desired nodes
	imageTag string         // what the desired state's images are tagged with
	provider *cloud.Provider
	appT     cloud.Target
	targets  []cloud.Target
	albs     map[string]stacks.ImportedALB // imported load balancers, as read
	close    func()
}

// open checks the flags, loads, compiles, builds the graph and connects.
func (e *env) open(in planInput) (*session, error) {
	if in.Parallelism < 1 {
		return nil, fmt.Errorf("--parallelism must be at least 1, got %d", in.Parallelism)
	}
	cfg, err := e.load()
	if err != nil {
		return nil, err
	}
	tag := e.imageTag(cfg, in.ImageTag)
	d, err := e.compile(cfg, tag)
	if err != nil {
		return nil, err
	}
	g, err := planner.BuildGraph(d, nil)
	if err != nil {
		return nil, err
	}
	p, stop, err := e.provider()
	if err != nil {
		return nil, err
	}
	var albs map[string]stacks.ImportedALB
	if !in.Destroy { // destroy deletes the rules and needs nothing of the load balancers
		albs, d, err = e.importALBs(cfg, d, tag, p)
	}
	if err == nil && albs != nil {
		g, err = planner.BuildGraph(d, nil)
	}
	if err != nil {
		stop()
		return nil, err
	}
	appT, targets := live.Targets(d)
	return &session{cfg: cfg, desired: d, graph: g, imageTag: tag, provider: p, appT: appT, targets: targets, albs: albs, close: stop}, nil
}

// importALBs reads the load balancers the file's services import
// (http.alb) and compiles again with them; d as it is when there are none.
func (e *env) importALBs(cfg *schema.Config, d *stacks.Desired, tag string, p *cloud.Provider) (map[string]stacks.ImportedALB, *stacks.Desired, error) {
	refs := live.ALBRefs(cfg, d)
	if len(refs) == 0 {
		return nil, d, nil
	}
	albs, err := live.ReadALBs(e.ctx, p, refs)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the imported load balancers (http.alb): %w", err)
	}
	d, err = e.compileWith(cfg, tag, albs)
	return albs, d, err
}

// plan reads the live state and diffs it against the file (or, for
// destroy, against nothing).
func (e *env) plan(s *session, in planInput) (*planner.Plan, error) {
	targets, err := parseTargets(in.Targets)
	if err != nil {
		return nil, err
	}
	// The sensitive digests' keys are derived while the templates are read.
	keys := planner.NewDigestKeys()
	state, err := live.ReadState(e.ctx, s.provider, s.cfg.App.Name, s.appT, s.targets,
		live.ReadOptions{Parallelism: in.Parallelism, OnStack: keys.Prewarm(s.desired)})
	if err != nil {
		return nil, fmt.Errorf("reading the live state: %w", err)
	}
	desired := s.desired
	if in.Destroy {
		// Nothing is desired but where the domain's zone is: the custom
		// domains of the services destroyed take their records with them.
		desired = &stacks.Desired{App: s.cfg.App.Name, DomainZone: zoneOf(s.desired)}
		if err := live.ReadCustomDomains(e.ctx, s.provider, desired, state, live.ReadOptions{Parallelism: in.Parallelism}); err != nil {
			return nil, fmt.Errorf("reading the request-driven services' custom domains: %w", err)
		}
	} else if err := e.readMore(s, state, targets, in); err != nil {
		return nil, err
	}
	p, err := planner.Diff(desired, state, planner.DiffOptions{
		Protected: protectedEnvs(s.cfg), Targets: targets, ImageTag: s.imageTag,
		ConfigHash: workspace.ConfigHash(s.cfg.Files), ToolVersion: version, Sensitive: s.cfg.Sensitive,
		DigestKeys: keys,
	})
	if err != nil {
		return nil, locateProtected(s.cfg, err)
	}
	p.Destroy = in.Destroy
	if err := e.readBuckets(s, p, state, in.Parallelism); err != nil {
		return nil, err
	}
	return p, nil
}

// readBuckets records in p how many objects the buckets of the stacks it
// deletes hold (what destroy will empty).
func (e *env) readBuckets(s *session, p *planner.Plan, state *planner.State, parallelism int) error {
	dels := p.DeletedStacks(state)
	if len(dels) == 0 {
		return nil
	}
	buckets, err := live.ReadBuckets(e.ctx, s.provider, append([]cloud.Target{s.appT}, s.targets...), dels, live.ReadOptions{Parallelism: parallelism})
	if err != nil {
		return fmt.Errorf("reading the buckets of the stacks to delete: %w", err)
	}
	p.RecordBuckets(buckets)
	return nil
}

// readMore reads what the plan needs beside the stacks and documents (the
// images' tags, the sites' files, custom domains, lookups), for the nodes
// being planned only (one call per image repository each).
func (e *env) readMore(s *session, state *planner.State, targets []addr.Address, in planInput) error {
	d, err := planner.Targeted(s.desired, s.graph, targets)
	if err != nil {
		return err
	}
	return live.ReadMore(e.ctx, s.provider, d, state, live.ReadOptions{Parallelism: in.Parallelism})
}

// locateProtected points a refused delete of a protected environment at
// the environment's block when the file still has it (destroy); an
// environment gone from the file has nothing to point at.
func locateProtected(cfg *schema.Config, err error) error {
	var pe *planner.ProtectedError
	if !errors.As(err, &pe) {
		return err
	}
	env := cfg.Environment(pe.Env)
	if env == nil {
		return err
	}
	return &view.DiagnosticsError{Files: cfg.Files, Diagnostics: hcl.Diagnostics{{
		Severity: hcl.DiagError, Summary: "Environment " + pe.Env + " has deletion protection",
		Detail: err.Error(), Subject: env.DeclRange.Ptr(),
	}}}
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

// zoneOf is the domain's zone of a desired state, nil when there is none.
func zoneOf(d *stacks.Desired) *stacks.DomainZone {
	if d == nil {
		return nil
	}
	return d.DomainZone
}
