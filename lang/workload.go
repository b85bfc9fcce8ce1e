package lang

import (
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"flightplan/schema"
)

// sources keeps the decoded blocks behind the model, so that the checks
// across blocks can point at the attribute that caused a problem.
type sources struct {
	workloads map[string]*node
	pipelines map[string]*node
}

func newSources() sources {
	return sources{workloads: map[string]*node{}, pipelines: map[string]*node{}}
}

var serviceTypes = []string{
	string(schema.TypeLoadBalancedWeb), string(schema.TypeBackend),
	string(schema.TypeWorker), string(schema.TypeRequestDriven), string(schema.TypeStaticSite),
}

// loadWorkloads evaluates every service and job, in file order, once per
// environment it deploys to.
func (l *loader) loadWorkloads() {
	nodes := append(l.unique("service"), l.unique("job")...)
	slices.SortStableFunc(nodes, func(a, b *node) int { return a.DefRange.Start.Byte - b.DefRange.Start.Byte })
	seen := map[string]bool{}
	var todo []*node
	for _, n := range nodes {
		if seen[n.Labels[0]] {
			continue // a service and a job of one name: reported already
		}
		seen[n.Labels[0]] = true
		todo = append(todo, n)
	}
	l.envScopes, l.plainScopes = l.deploymentScopes()
	if slices.Contains(slices.Collect(maps.Values(l.plainScopes)), true) {
		l.plainFuncs = functionsMarks(l.dir, l.budget, true)
	}
	if l.loadWorkloadsAtOnce(todo) {
		return
	}
	l.shared = newSharedValues(len(l.cfg.Environments))
	defer func() { l.shared = nil }()
	for _, n := range todo {
		l.addWorkload(n, l.workload(n))
	}
}

func (l *loader) addWorkload(n *node, w *schema.Workload) {
	if w != nil {
		l.cfg.Workloads = append(l.cfg.Workloads, w)
		l.src.workloads[w.Name] = n
	}
}

// evalWorkers is how many workloads are evaluated at once. Tests change
// it.
var evalWorkers = runtime.GOMAXPROCS

// evalAtOnceMin is the number of workloads from which they are evaluated
// on every core: fewer take less time than starting the workers. Tests
// change it.
var evalAtOnceMin = 16

// loadWorkloadsAtOnce evaluates the workloads on every core and keeps the
// result when it is the one of evaluating them in turn, which it reports;
// when it is not sure of that, it keeps nothing and reports false, and
// the caller evaluates them in turn.
//
// Each workload is evaluated by a copy of the loader of its own: its own
// diagnostics, sensitive values of its secrets, function library and
// budget, which starts where the Load's stands. What it reads is shared
// and no workload changes it: the file's blocks before the workloads',
// the scope, the environments. (A workload's expressions are its own, so
// that the evaluation rewriting them to charge its steps, see instrument,
// touches no other workload's.) The results are gathered in the
// workloads' order. Evaluating in turn differs only when the budget runs
// out on the way (then which expression is reported depends on the
// order), or when a workload meets a sensitive value not known before
// (later workloads' messages may then mask it): in both cases the
// results are dropped.
func (l *loader) loadWorkloadsAtOnce(nodes []*node) bool {
	workers := min(evalWorkers(0), len(nodes))
	if workers <= 1 || len(nodes) < evalAtOnceMin || l.budget.exhausted() {
		return false
	}
	type result struct {
		w         *schema.Workload
		diags     hcl.Diagnostics
		sensitive []string
		steps     int  // charged to the budget
		unsure    bool // the budget ran out, or a sensitive value was met
	}
	results := make([]result, len(nodes))
	start := l.budget.steps
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			b := &budget{}
			funcs, plainFuncs := functions(l.dir, b), l.plainFuncs
			if plainFuncs != nil {
				plainFuncs = functionsMarks(l.dir, b, true)
			}
			shared := newSharedValues(len(l.cfg.Environments))
			for i := int(next.Add(1)) - 1; i < len(nodes); i = int(next.Add(1)) - 1 {
				wl := *l
				cfg := *l.cfg
				cfg.Sensitive = nil
				wl.cfg = &cfg
				wl.diags = nil
				b.steps, b.reported = start, l.budget.reported // its stepFuncs stay those of funcs and plainFuncs
				wl.budget, wl.funcs, wl.plainFuncs, wl.shared = b, funcs, plainFuncs, shared
				wl.secrets = &secrets{values: slices.Clone(l.secrets.values), files: l.files}
				w := wl.workload(nodes[i])
				results[i] = result{w: w, diags: wl.diags, sensitive: cfg.Sensitive, steps: wl.budget.steps - start,
					unsure: wl.budget.exhausted() || wl.budget.reported != l.budget.reported || len(wl.secrets.values) != len(l.secrets.values)}
			}
		})
	}
	wg.Wait()
	steps := start
	for _, r := range results {
		steps += r.steps
		if r.unsure || steps > stepLimit {
			return false
		}
	}
	l.budget.steps = steps
	for i, r := range results {
		l.diags = append(l.diags, r.diags...)
		l.cfg.Sensitive = append(l.cfg.Sensitive, r.sensitive...)
		l.addWorkload(nodes[i], r.w)
	}
	return true
}

func (l *loader) workload(n *node) *schema.Workload {
	w := &schema.Workload{Name: n.Labels[0], Kind: schema.Kind(n.Type), DeclRange: n.DefRange, Deployments: map[string]*schema.Deployment{}}
	nameOK := l.checkName(n, string(w.Kind))
	e := l.evaluator(l.globals("var", "local", "app", "image"), "The type, environments and depends_on of a "+n.Type)
	w.Type = schema.TypeScheduledJob
	if w.Kind == schema.KindService {
		var t string
		if e.oneOf(n, "type", &t, serviceTypes...) == nil {
			return nil
		}
		w.Type = schema.ServiceType(t)
	}
	var unknownEnvs bool
	w.Environments, unknownEnvs = l.workloadEnvironments(e, n)
	e.strs(n, "depends_on", &w.DependsOn)
	l.requireImage(n, w.Type)
	l.checkTypeRules(n, w.Type)
	l.refuseTaskdefOverride(n, w.Type)
	perEnv := map[string]hcl.Diagnostics{}
	seen := map[hcl.Expression]seenAs{}
	memo := map[hcl.Expression][]memoRecord{}
	checked := w.Environments
	if len(checked) == 0 && unknownEnvs {
		// Every environment listed is unknown, an error already: check the
		// body against the file's environments anyway (keeping nothing), so
		// that its own errors come in this run rather than after the fix.
		checked = l.environmentNames()
	}
	for _, env := range checked {
		if !slices.Contains(w.Environments, env) {
			var diags hcl.Diagnostics
			l.deployment(n, w, l.cfg.Environment(env), &diags, seen, memo)
			perEnv[env] = diags
			continue
		}
		if nameOK {
			for _, dn := range schema.WorkloadNames(l.cfg.App.Name, env, w.Name) {
				l.checkDerived(n.labelRange(), dn)
			}
		}
		var diags hcl.Diagnostics
		w.Deployments[env] = l.deployment(n, w, l.cfg.Environment(env), &diags, seen, memo)
		perEnv[env] = diags
	}
	l.diags = append(l.diags, mergeEnvDiags(perEnv, checked)...)
	return w
}

// environmentNames are the names of the file's environments, in file order.
func (l *loader) environmentNames() []string {
	var names []string
	for _, env := range l.cfg.Environments {
		names = append(names, env.Name)
	}
	return names
}

// workloadEnvironments reads environments (default: all), checks each name
// and returns them in the file's environment order; unknown says that a
// name listed is no environment of the file.
func (l *loader) workloadEnvironments(e *evaluator, n *node) (envs []string, unknown bool) {
	all := l.environmentNames()
	var listed []string
	if e.strs(n, "environments", &listed) == nil {
		return all, false
	}
	want := map[string]bool{}
	for i, name := range listed {
		switch {
		case want[name]:
			e.errorf(elemRange(n, "environments", i), "Duplicate environment", "%q is listed twice; list each environment once.", name)
		case !slices.Contains(all, name):
			unknown = true
			hint := suggest(name, all)
			if e.sensitive(name) {
				hint = ""
			}
			e.errorf(elemRange(n, "environments", i), "Unknown environment", "There is no environment %q; the environments are %s.%s", name, known(all), hint)
		}
		want[name] = true
	}
	if len(listed) == 0 {
		l.warnf(n.attr("environments").Expr.Range(), "Deployed nowhere", "environments is empty, so %s %q is deployed to no environment.", n.Type, n.Labels[0])
	}
	return slices.DeleteFunc(all, func(s string) bool { return !want[s] }), unknown
}

// mergeEnvDiags joins the diagnostics of one body evaluated per
// environment: a problem found in every environment is reported once; one
// found in some environments says which.
func mergeEnvDiags(perEnv map[string]hcl.Diagnostics, envs []string) hcl.Diagnostics {
	type key struct {
		summary, detail string
		rng             hcl.Range
	}
	var order []key
	first := map[key]*hcl.Diagnostic{}
	where := map[key][]string{}
	for _, env := range envs {
		for _, d := range perEnv[env] {
			k := key{d.Summary, d.Detail, hcl.Range{}}
			if d.Subject != nil {
				k.rng = *d.Subject
			}
			if first[k] == nil {
				first[k] = d
				order = append(order, k)
			}
			if !slices.Contains(where[k], env) {
				where[k] = append(where[k], env)
			}
		}
	}
	out := make(hcl.Diagnostics, 0, len(order))
	for _, k := range order {
		d := first[k]
		if len(where[k]) < len(envs) {
			c := *d
			c.Detail += "\n\nThis happens in " + plural(len(where[k]), "environment") + " " + known(where[k]) + "."
			d = &c
		}
		out = append(out, d)
	}
	return out
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// deploymentScopes returns, by environment name, the variables of a
// workload's body in that environment: the file's, and env; and whether
// none of them holds a marked value. A name given to two environments is
// the first one's, as Config.Environment finds it.
func (l *loader) deploymentScopes() (scopes map[string]map[string]cty.Value, plain map[string]bool) {
	scopes = make(map[string]map[string]cty.Value, len(l.cfg.Environments))
	plain = make(map[string]bool, len(l.cfg.Environments))
	for _, env := range l.cfg.Environments {
		if scopes[env.Name] != nil {
			continue
		}
		vars := l.globals("var", "local", "app", "image")
		vars["env"] = objectOf(map[string]string{"name": env.Name, "account": env.Account, "region": env.Region})
		scopes[env.Name] = vars
		plain[env.Name] = !slices.ContainsFunc(slices.Collect(maps.Values(vars)), cty.Value.ContainsMarked)
	}
	return scopes, plain
}

// deployment evaluates a workload's body for one environment.
func (l *loader) deployment(n *node, w *schema.Workload, env *schema.Environment, diags *hcl.Diagnostics, seen map[hcl.Expression]seenAs, memo map[hcl.Expression][]memoRecord) *schema.Deployment {
	vars, plain := l.envScopes[env.Name], l.plainScopes[env.Name]
	if vars == nil {
		scopes, plains := l.deploymentScopes()
		vars, plain = scopes[env.Name], plains[env.Name]
	}
	funcs := l.funcs
	if plain && l.plainFuncs != nil && fastPaths {
		funcs = l.plainFuncs
	}
	e := &evaluator{ctx: &hcl.EvalContext{Variables: vars, Functions: funcs}, diags: diags, where: "A " + n.Type + " body", seen: seen, memo: memo, shared: l.shared, env: env.Name, files: l.files, plain: plain, budget: l.budget, secrets: l.secrets}
	d := &schema.Deployment{Workload: w.Name, Env: env.Name, Type: w.Type}
	if w.Type == schema.TypeStaticSite {
		d.Site = l.staticSite(e, n, d)
		return d
	}
	d.Image = l.imageRef(e, n)
	workloadPlatform(e, n, d)
	checkPlatform(e, n, d)
	l.compute(e, n, d)
	e.strs(n, "command", &d.Command)
	e.strs(n, "entrypoint", &d.Entrypoint)
	e.strMap(n, "variables", &d.Variables)
	e.secretRefs(n, &d.Secrets)
	for _, k := range sortedNames(d.Secrets) {
		l.cfg.Sensitive = append(l.cfg.Sensitive, d.Secrets[k])
	}
	d.Network = workloadNetwork(e, n.block("network"))
	d.Logging = l.logging(e, n.block("logging"), d)
	d.EnvFile = l.envFile(e, n)
	d.Addons = l.addons(e, n)
	d.Overrides = overrides(e, n)
	l.storage(e, n, d)
	checkWindows(e, n, d)
	l.containers(e, n, d)
	if w.Kind == schema.KindJob {
		jobSettings(e, n, d)
	} else {
		l.serviceSettings(e, n, d)
	}
	checkContainers(e, n, d)
	return d
}

// imageRef reads the image attribute of a workload or a sidecar:
// image.NAME or a URI. The zero ImageRef means it is missing or invalid
// (reported).
func (l *loader) imageRef(e *evaluator, n *node) schema.ImageRef {
	a := n.attr("image")
	if a == nil {
		return schema.ImageRef{}
	}
	v, ok := e.value(a.Expr, cty.DynamicPseudoType)
	if !ok {
		if e.isNull(a.Expr) {
			e.errorf(a.Expr.Range(), "Missing value for image", "image is required and cannot be null.")
		}
		return schema.ImageRef{}
	}
	switch {
	case v.Type() == cty.String:
		if v.AsString() == "" {
			e.errorf(a.Expr.Range(), "Empty image", "Set image to an image block (image.NAME) or to the URI of an existing image.")
		}
		return schema.ImageRef{URI: v.AsString(), Platform: schema.DefaultPlatform}
	case v.Type().IsObjectType() && v.Type().HasAttribute("name") && v.GetAttr("name").Type() == cty.String:
		img := l.cfg.Image(v.GetAttr("name").AsString())
		if img == nil {
			e.errorf(a.Expr.Range(), "Unknown image", "This object names no image block; write image = image.NAME.")
			return schema.ImageRef{}
		}
		return schema.ImageRef{Name: img.Name, Platform: img.Platform}
	default:
		e.errorf(a.Expr.Range(), "Invalid image", "Set image to an image block (image.NAME) or to the URI of an existing image, as a string.")
	}
	return schema.ImageRef{}
}

// compute reads cpu and memory, with the type's defaults, and checks that
// Fargate (or App Runner, for request-driven services) accepts the pair.
func (l *loader) compute(e *evaluator, n *node, d *schema.Deployment) {
	d.CPU, d.Memory = schema.DefaultCPU, schema.DefaultMemory
	if d.OS != "" {
		d.CPU, d.Memory = schema.MinWindowsCPU, schema.MinWindowsMemory
	}
	check := schema.CheckFargateSize
	if d.Type == schema.TypeRequestDriven {
		d.CPU, d.Memory = schema.DefaultRequestDrivenCPU, schema.DefaultRequestDrivenMemory
		check = schema.CheckAppRunnerSize
	}
	c := e.integer(n, "cpu", &d.CPU)
	m := e.integer(n, "memory", &d.Memory)
	if c == nil && m == nil {
		return
	}
	at := m
	if at == nil {
		at = c
	}
	if e.check(at, "Invalid CPU and memory", check(d.CPU, d.Memory)) && d.OS != "" && (d.CPU < schema.MinWindowsCPU || d.Memory < schema.MinWindowsMemory) {
		e.errorf(at.Expr.Range(), "Task too small for Windows",
			"Fargate runs Windows tasks with at least %d CPU units and %d MiB of memory (Copilot's defaults for Windows); this task has %d and %d.",
			schema.MinWindowsCPU, schema.MinWindowsMemory, d.CPU, d.Memory)
	}
}

func workloadNetwork(e *evaluator, n *node) schema.WorkloadNetwork {
	net := schema.WorkloadNetwork{Placement: schema.DefaultPlacement}
	e.oneOf(n, "placement", &net.Placement, schema.PlacementPublic, schema.PlacementPrivate)
	e.strs(n, "security_groups", &net.SecurityGroups)
	return net
}

// logRetentionDays are the retention periods CloudWatch Logs accepts.
var logRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

func jobSettings(e *evaluator, n *node, d *schema.Deployment) {
	var src string
	if a := e.str(n, "schedule", &src); a != nil {
		s, err := schema.ConvertSchedule(src)
		if e.check(a, "Invalid schedule", err) {
			d.Schedule = s
		}
	}
	e.durationIn(n, "timeout", "timeout", &d.Timeout, 0, 14*24*time.Hour)
	e.intIn(n, "retries", "retries", &d.Retries, 0, 10)
	d.Publish = publish(e, n.block("publish"))
}
