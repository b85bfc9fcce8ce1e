package stacks

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"

	"flightplan/addr"
	"flightplan/schema"
)

// Options tune a compilation.
type Options struct {
	// ImportedALBs are the load balancers services import (http.alb), by
	// the reference the file gives, as plan read them (imported_alb.go);
	// nil compiles placeholders.
	ImportedALBs map[string]ImportedALB
	// ImageTag is the tag of built images; the CLI computes it (git short
	// SHA or a content hash). Empty means "latest".
	ImageTag string
	// ToolURL is where a pipeline's build containers download the
	// flightplan binary (Linux); "{arch}" in it becomes amd64 or arm64.
	// Empty means the build image must already have flightplan on its PATH
	// (see pipeline.build.image); the deploy action says so and fails.
	ToolURL string
	// ConfigPath is the configuration file's path in the pipelines' source
	// repository, slash-separated; empty means "flightplan.hcl" at its
	// root. Image build contexts are taken relative to its folder.
	ConfigPath string
	// ViaEnvManagerRole reaches every environment whose block has no
	// role_arn through its {app}-{env}-EnvManagerRole, assumed with the
	// default credentials, instead of the block's profile or the default
	// credentials themselves. A pipeline's deploy action runs so (it sets
	// EnvManagerRoleVariable): its own role is in the app's account, which
	// the EnvManagerRole trusts.
	ViaEnvManagerRole bool
	// SiteFiles lists the files a static site's files blocks select, from
	// dir (the configuration's folder); nil leaves Site.Files empty.
	SiteFiles func(dir string, uploads []schema.FileUpload) ([]SiteFile, error)
	// SizesOnly compiles to check (validate): the templates of
	// environments and deployments without overrides are sized and their
	// named resources noted, but not written, and their Stack.Template is
	// a placeholder. The diagnostics are those of a full compilation.
	SizesOnly bool
}

// EnvManagerRoleVariable is the environment variable that a pipeline's
// deploy action sets to "true" so that flightplan runs with
// Options.ViaEnvManagerRole.
const EnvManagerRoleVariable = "FLIGHTPLAN_VIA_ENV_MANAGER_ROLE"

// Compile turns an evaluated configuration into the desired state of every
// node. It reads cfg and never changes it; the result shares nothing with
// cfg. The same cfg and opts always give byte-identical templates.
//
// Compile fails, naming every offending block, on what the language accepts
// but the compiler does not build yet (aliases of request-driven
// services, blue-green with an nlb) rather than ignoring it, and on what cannot be
// built as written (a subscription to a topic that is not published where
// the worker runs, an addon template that does not merge, a size App Runner
// does not offer, …).
func Compile(cfg *schema.Config, opts Options) (*Desired, error) {
	if diags := checkSupported(cfg); diags.HasErrors() {
		return nil, &CompileError{Diagnostics: diags}
	}
	c, err := newCompiler(cfg, opts)
	if err != nil {
		return nil, &CompileError{Diagnostics: errorDiagnostics(err)}
	}
	d := &Desired{App: cfg.App.Name, DomainZone: domainZone(cfg.App)}
	d.Nodes = append(d.Nodes, c.appNode())
	for _, region := range c.regions() {
		d.Nodes = append(d.Nodes, c.regionNode(region))
	}
	d.Nodes = append(d.Nodes, c.dnsNodes()...)
	d.Nodes = append(d.Nodes, c.imageNodes()...)
	for _, env := range cfg.Environments {
		d.Nodes = append(d.Nodes, c.envNode(env))
		if n := c.certNode(env); n != nil {
			d.Nodes = append(d.Nodes, n)
		}
	}
	d.Nodes = append(d.Nodes, c.workloadsNodes(cfg.Workloads)...)
	if len(c.errs) > 0 {
		return nil, &CompileError{Diagnostics: errorDiagnostics(errors.Join(c.errs...))}
	}
	for _, p := range cfg.Pipelines {
		d.Nodes = append(d.Nodes, c.pipelineNode(p))
	}
	if diags := c.checkStackNames(d.Nodes); diags.HasErrors() {
		return nil, &CompileError{Diagnostics: diags}
	}
	for _, n := range d.Nodes {
		n.DependsOn = sortAddrs(n.DependsOn)
	}
	slices.SortFunc(d.Nodes, func(a, b *Node) int { return addr.Compare(a.Addr, b.Addr) })
	c.setDeployModes(d)
	if diags := c.checkLimits(d); diags.HasErrors() {
		return nil, &CompileError{Diagnostics: diags}
	}
	sort.Strings(c.unsupported)
	d.Warnings = c.warnings()
	return d, nil
}

// compiler holds what every node's compilation needs to know about the
// whole file: what each environment must provide for its workloads, and
// the listener rule priorities.
type compiler struct {
	cfg         *schema.Config
	opts        Options
	needs       map[string]*envNeeds // by environment name
	unsupported []string
	errs        []error // found while building templates (addons)
	// named are the named resources of the templates written (named.go).
	named map[namedKey][]namedEntry
	// sizes are the compact sizes of the templates written, and of those
	// sized but not written (Options.SizesOnly) by their placeholder.
	sizes map[namedKey]int
}

// compileWorkers is how many workloads compile at once: one per core.
// Tests set it to 1 to compare with the sequential compilation.
var compileWorkers = runtime.GOMAXPROCS

// workloadsNodes compiles the workloads' nodes on every core: each
// workload by a compiler of its own, which shares the file and the
// environments' needs (read only) and notes its errors, warnings and
// templates apart. They are gathered in the workloads' order, so that the
// nodes, errors and warnings are those of c going through the workloads in
// turn, which it does on one core. (What a workload's compilation notes
// depends on no other workload's notes: its overrides' errors are merged
// across its own environments only, the override blocks being its own.)
func (c *compiler) workloadsNodes(workloads []*schema.Workload) []*Node {
	workers := min(compileWorkers(0), len(workloads))
	if workers <= 1 {
		var nodes []*Node
		for _, w := range workloads {
			nodes = append(nodes, c.workloadNodes(w)...)
		}
		return nodes
	}
	type result struct {
		nodes []*Node
		c     *compiler
	}
	results := make([]result, len(workloads))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(workloads); i = int(next.Add(1)) - 1 {
				wc := &compiler{cfg: c.cfg, opts: c.opts, needs: c.needs}
				results[i] = result{wc.workloadNodes(workloads[i]), wc}
			}
		}()
	}
	wg.Wait()
	var nodes []*Node
	for _, r := range results {
		nodes = append(nodes, r.nodes...)
		c.errs = append(c.errs, r.c.errs...)
		c.unsupported = append(c.unsupported, r.c.unsupported...)
		for k, v := range r.c.named {
			if c.named == nil {
				c.named = map[namedKey][]namedEntry{}
			}
			c.named[k] = v
		}
		for k, v := range r.c.sizes {
			if c.sizes == nil {
				c.sizes = map[namedKey]int{}
			}
			c.sizes[k] = v
		}
	}
	return nodes
}

// workloadNodes are a workload's document, and its stack and alias
// records in each of its environments.
func (c *compiler) workloadNodes(w *schema.Workload) []*Node {
	nodes := []*Node{c.workloadNode(w)}
	for _, env := range w.Environments {
		nodes = append(nodes, c.deployNode(w, env))
		if n := c.aliasNode(w, env); n != nil {
			nodes = append(nodes, n)
		}
	}
	return nodes
}

func newCompiler(cfg *schema.Config, opts Options) (*compiler, error) {
	c := &compiler{cfg: cfg, opts: opts, needs: map[string]*envNeeds{}}
	for _, env := range cfg.Environments {
		n, err := deriveNeeds(cfg, env.Name, opts.ImportedALBs)
		if err != nil {
			return nil, err
		}
		c.needs[env.Name] = n
	}
	return c, nil
}

// setDeployModes marks the stacks of every environment in express mode
// (the environment's own, its zone's and DNS's, its services') so that the
// executor deploys them so.
func (c *compiler) setDeployModes(d *Desired) {
	express := map[string]bool{}
	for _, env := range c.cfg.Environments {
		express[env.Name] = env.DeployMode == schema.DeployExpress
	}
	for _, n := range d.Nodes {
		if n.Stack != nil && n.Addr.Env != "" && express[n.Addr.Env] {
			n.Stack.DeployMode = DeployExpress
		}
	}
}

// regions lists the regions that have an environment, and the app's
// region when there are pipelines (their artifact bucket lives there),
// sorted.
func (c *compiler) regions() []string {
	var rs []string
	if len(c.cfg.Pipelines) > 0 {
		rs = append(rs, c.cfg.App.Region)
	}
	for _, env := range c.cfg.Environments {
		if !slices.Contains(rs, env.Region) {
			rs = append(rs, env.Region)
		}
	}
	sort.Strings(rs)
	return rs
}

// envAccounts lists the accounts of the environments in a region ("" for
// all regions), sorted and unique.
func (c *compiler) envAccounts(region string) []string {
	var as []string
	for _, env := range c.cfg.Environments {
		if (region == "" || env.Region == region) && !slices.Contains(as, env.Account) {
			as = append(as, env.Account)
		}
	}
	sort.Strings(as)
	return as
}

// appTags are the tags of every stack: the app's tags under Copilot's.
func (c *compiler) appTags() map[string]string {
	tags := map[string]string{}
	for k, v := range c.cfg.App.Tags {
		tags[k] = v
	}
	tags[tagApp] = c.cfg.App.Name
	return tags
}

// TagDomainAccount, on the app's roles stack, names the account of the
// parent zone when it is not the app's: where the app/dns stack lives.
const TagDomainAccount = "flightplan:domain-account"

// TagDeletionProtection, set to "true" on the stacks of an environment
// with deletion_protection (its own and its workloads'), keeps the
// protection in AWS: once the environment's block is gone from the file,
// only the tag says it was protected. It is absent otherwise, so that
// setting deletion_protection = false and applying lifts it.
//
// CloudFormation's own termination protection is not set: it cannot be
// changed by a change set, so the plan could not show it and a failed
// apply could leave it out of step with the file; and Copilot, which never
// sets it, would fail to delete such an environment with no word of why.
const TagDeletionProtection = "flightplan:deletion-protection"

// envTags are the tags of an environment's stacks.
func (c *compiler) envTags(env *schema.Environment) map[string]string {
	tags := map[string]string{}
	for k, v := range c.cfg.App.Tags {
		tags[k] = v
	}
	for k, v := range env.Tags {
		tags[k] = v
	}
	tags[tagApp] = c.cfg.App.Name
	tags[tagEnv] = env.Name
	delete(tags, TagDeletionProtection) // the attribute decides, not a user tag
	if env.DeletionProtection {
		tags[TagDeletionProtection] = "true"
	}
	return tags
}

// checkSupported reports, all at once, what the compiler cannot build
// (request-driven aliases, blue-green with an nlb: not yet) or what
// cannot be built as written.
func checkSupported(cfg *schema.Config) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, w := range cfg.Workloads {
		for _, err := range checkWorkload(cfg, w) {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: err.Error(), Subject: declRange(w.DeclRange)})
		}
	}
	return diags
}

// declRange is r, or nil when r is not in a file (a configuration built in
// code).
func declRange(r hcl.Range) *hcl.Range {
	if r.Filename == "" {
		return nil
	}
	return &r
}

func checkWorkload(cfg *schema.Config, w *schema.Workload) []error {
	label := string(w.Kind) + " " + fmt.Sprintf("%q", w.Name)
	switch w.Type {
	case schema.TypeLoadBalancedWeb, schema.TypeBackend, schema.TypeScheduledJob, schema.TypeWorker, schema.TypeRequestDriven, schema.TypeStaticSite:
	default:
		return []error{fmt.Errorf("%s: type %s is not supported by the compiler yet", label, w.Type)}
	}
	var errs []error
	for _, env := range w.Environments {
		d := w.Deployments[env]
		if d == nil || cfg.Environment(env) == nil {
			errs = append(errs, fmt.Errorf("%s: no deployment for environment %q", label, env))
			continue
		}
		in := fmt.Sprintf("%s in environment %q", label, d.Env)
		errs = append(errs, checkDeployment(in, d)...)
		errs = append(errs, checkSubscriptions(cfg, in, d)...)
		if d.Type == schema.TypeRequestDriven {
			errs = append(errs, checkRequestDriven(cfg, in, d)...)
		}
		errs = append(errs, checkCloudFrontCert(cfg, in, d, cfg.Environment(env))...)
	}
	return errs
}

func checkDeployment(in string, d *schema.Deployment) []error {
	var errs []error
	if d.Strategy.Strategy == schema.StrategyBlueGreen && (d.Type != schema.TypeLoadBalancedWeb || d.HTTPDisabled || d.NLB != nil) {
		errs = append(errs, fmt.Errorf("%s: deployment strategy blue-green needs the application load balancer's routing and no nlb", in))
	}
	routed := d.Type == schema.TypeLoadBalancedWeb || (d.Type == schema.TypeBackend && d.HTTP != nil)
	if routed && d.Port == 0 {
		errs = append(errs, fmt.Errorf("%s: a port is required to route HTTP traffic to the service", in))
	}
	if a := d.Autoscaling; a != nil && !routed && d.Type != schema.TypeRequestDriven && (a.Requests > 0 || a.ResponseTime > 0) {
		errs = append(errs, fmt.Errorf("%s: autoscaling on requests or response_time needs a load balancer (an http block)", in))
	}
	return errs
}

// checkSubscriptions checks that a worker's topics exist where it deploys
// and that its filter policies are JSON.
func checkSubscriptions(cfg *schema.Config, in string, d *schema.Deployment) []error {
	if d.Subscribe == nil {
		return nil
	}
	if d.Type != schema.TypeWorker {
		return []error{fmt.Errorf("%s: only worker services subscribe to topics", in)}
	}
	var errs []error
	for _, s := range d.Subscribe.Topics {
		if _, err := subscribedTopic(cfg, d.Env, s); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", in, err))
		}
		if s.FilterPolicy != "" && !json.Valid([]byte(s.FilterPolicy)) {
			errs = append(errs, fmt.Errorf("%s: the filter policy of topic %q of service %q is not valid JSON", in, s.Name, s.Service))
		}
	}
	return errs
}

// sortAddrs sorts addresses and removes duplicates.
func sortAddrs(as []addr.Address) []addr.Address {
	slices.SortFunc(as, addr.Compare)
	return slices.Compact(as)
}
