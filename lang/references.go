package lang

import (
	"flightplan/schema"
	"slices"
	"strings"
)

// checkReferences checks what blocks say about each other: depends_on
// names, topic subscriptions, the subnets workloads need of an imported
// network, pipeline stages' depends_on, and cycles among workloads.
func (l *loader) checkReferences() {
	names := l.workloadNames()
	for _, w := range l.cfg.Workloads {
		n := l.src.workloads[w.Name]
		l.checkWorkloadList(n, "depends_on", w.DependsOn, names, w.Name)
		l.checkSubscriptions(n, w)
		l.checkQueueKinds(n, w)
		l.checkImportedSubnets(n, w)
	}
	for _, p := range l.cfg.Pipelines {
		pn := l.src.pipelines[p.Name]
		for i, st := range p.Stages {
			l.checkWorkloadList(pn.Blocks["stage"][i], "depends_on", st.DependsOn, names, "")
		}
	}
	l.checkCycles()
}

func (l *loader) workloadNames() []string {
	var out []string
	for _, w := range l.cfg.Workloads {
		out = append(out, w.Name)
	}
	return out
}

// checkWorkloadList checks that a list attribute names known workloads
// (and not self).
func (l *loader) checkWorkloadList(n *node, attr string, list, names []string, self string) {
	for i, name := range list {
		switch {
		case name == self:
			l.errorf(elemRange(n, attr, i), "Workload depends on itself", "%q cannot depend on itself; remove it from %s.", name, attr)
		case !slices.Contains(names, name):
			l.errorf(elemRange(n, attr, i), "Unknown service or job", "There is no service or job %q; the services and jobs are %s.%s", name, known(names), suggest(name, names))
		}
	}
}

// checkSubscriptions checks each topic a worker subscribes to: the service
// exists, publishes the topic, and deploys to every environment the worker
// deploys to.
func (l *loader) checkSubscriptions(n *node, w *schema.Workload) {
	sn := n.block("subscribe")
	if sn == nil {
		return
	}
	topicNodes := sn.Blocks["topic"]
	for _, env := range w.Environments {
		d := w.Deployments[env]
		if d == nil || d.Subscribe == nil {
			continue
		}
		for i, ts := range d.Subscribe.Topics {
			l.checkSubscription(topicNodes[i], w, env, ts)
		}
	}
}

func (l *loader) checkSubscription(tn *node, w *schema.Workload, env string, ts schema.TopicSubscription) {
	rng := tn.DefRange
	if a := tn.attr("service"); a != nil {
		rng = a.Expr.Range()
	}
	pub := l.cfg.Workload(ts.Service)
	if ts.Service == "" {
		return
	}
	if pub == nil {
		names := l.workloadNames()
		l.errorf(rng, "Unknown service", "Topic %q is subscribed from service %q, but there is no service or job %q; the services and jobs are %s.%s", ts.Name, ts.Service, ts.Service, known(names), suggest(ts.Service, names))
		return
	}
	pd := pub.Deployments[env]
	kind := capitalize(string(pub.Kind))
	if pd == nil {
		l.errorf(rng, "Publisher not in environment", kind+" %q does not deploy to environment %q, where %q subscribes to its topic %q. Deploy both to the same environments.", pub.Name, env, w.Name, ts.Name)
		return
	}
	var topics []string
	for _, t := range pd.Publish {
		topics = append(topics, t.Name)
	}
	if !slices.Contains(topics, ts.Name) {
		l.errorf(tn.labelRange(), "Topic not published", kind+" %q publishes no topic %q (it publishes %s).%s Add publish { topic %q {} } to %q, or fix the name.",
			pub.Name, ts.Name, known(topics), suggest(ts.Name, topics), ts.Name, pub.Name)
	}
}

// dependencies returns what a workload must be deployed after: its
// depends_on and the services whose topics it subscribes to.
func dependencies(w *schema.Workload) []string {
	deps := slices.Clone(w.DependsOn)
	for _, env := range w.Environments {
		if d := w.Deployments[env]; d != nil && d.Subscribe != nil {
			for _, t := range d.Subscribe.Topics {
				if !slices.Contains(deps, t.Service) {
					deps = append(deps, t.Service)
				}
			}
		}
	}
	return deps
}

// checkCycles reports each cycle among workloads once, printing its path.
func (l *loader) checkCycles() {
	state := map[string]int{}
	var path []string
	var visit func(name string)
	visit = func(name string) {
		w := l.cfg.Workload(name)
		if w == nil || state[name] == 2 {
			return
		}
		if state[name] == 1 {
			l.reportCycle(append(path[slices.Index(path, name):], name))
			return
		}
		state[name] = 1
		path = append(path, name)
		for _, dep := range dependencies(w) {
			visit(dep)
		}
		path = path[:len(path)-1]
		state[name] = 2
	}
	for _, w := range l.cfg.Workloads {
		visit(w.Name)
	}
}

func (l *loader) reportCycle(cycle []string) {
	n := l.src.workloads[cycle[0]]
	rng := n.labelRange()
	if a := n.attr("depends_on"); a != nil {
		rng = a.Expr.Range()
	}
	l.errorf(rng, "Dependency cycle", "These services and jobs depend on each other in a loop: %s. Nothing in a loop can be deployed first; remove one of the dependencies (depends_on, or a topic subscription).",
		strings.Join(cycle, " → "))
}
