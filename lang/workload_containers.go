package lang

import (
	"slices"
	"strings"

	"flightplan/schema"
)

// container is one container of a task, as the checks across containers
// see it: the main container or a sidecar, with the block it comes from.
type container struct {
	name      string
	essential bool
	healthy   bool // has a health check
	port      int
	deps      map[string]string
	node      *node  // the block holding deps
	depsAttr  string // the name of the attribute holding deps
}

// checkContainers checks the task's containers together: names, ports,
// the load balancer's target, memory reservations and the dependencies
// between containers.
func checkContainers(e *evaluator, n *node, d *schema.Deployment) {
	cs := taskContainers(n, d)
	checkPorts(e, n, cs)
	checkTargets(e, n, d, cs)
	checkReservations(e, n, d)
	for _, c := range cs {
		checkDependencies(e, c, cs)
	}
	checkCycles(e, cs)
}

// taskContainers lists the main container, then the sidecars in file
// order.
func taskContainers(n *node, d *schema.Deployment) []*container {
	cs := []*container{{name: d.Workload, essential: true, healthy: d.Healthcheck != nil, port: d.Port,
		deps: d.ContainerDependsOn, node: n, depsAttr: "container_depends_on"}}
	for _, sc := range d.Sidecars {
		cs = append(cs, &container{name: sc.Name, essential: sc.Essential, healthy: sc.Healthcheck != nil, port: sc.Port,
			deps: sc.DependsOn, node: sidecarNode(n, sc.Name), depsAttr: "depends_on"})
	}
	return cs
}

func containerNames(cs []*container) []string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.name
	}
	return names
}

func findContainer(cs []*container, name string) *container {
	for _, c := range cs {
		if c.name == name {
			return c
		}
	}
	return nil
}

// checkPorts refuses a port exposed by two containers: the containers of
// a task share one network interface.
func checkPorts(e *evaluator, n *node, cs []*container) {
	owner := map[int]string{}
	for _, c := range cs {
		if c.port == 0 {
			continue
		}
		if other, taken := owner[c.port]; taken {
			rng := rangeOr(c.node.attr("port"), c.node)
			e.errorf(rng, "Port used by two containers",
				"Port %d is already the port of container %q. The containers of a task share one network interface, so each port belongs to one container.", c.port, other)
			continue
		}
		owner[c.port] = c.name
	}
}

// checkTarget checks a target_container and target_port (of an http
// block, a rule or an nlb listener, block n): the target is a container
// with a port, and a target port other than the container's own is not
// another container's.
func checkTarget(e *evaluator, n *node, name string, p int, d *schema.Deployment, cs []*container) {
	if name == "" {
		name = d.Workload
	}
	target := findContainer(cs, name)
	at := rangeOr(n.attr("target_container"), n)
	switch {
	case target == nil:
		e.errorf(at, "Unknown target container", "There is no container %q in this task; the containers are %s.%s",
			name, known(containerNames(cs)), suggest(name, containerNames(cs)))
		return
	case target.port == 0:
		e.errorf(at, "Target container without a port",
			"Container %q has no port for the load balancer to send traffic to; set its port.", name)
		return
	}
	if p == 0 || p == target.port {
		return
	}
	for _, c := range cs {
		if c.port == p && c != target {
			e.errorf(n.attr("target_port").Expr.Range(), "Port used by two containers",
				"Port %d is the port of container %q, not of the target container %q. The containers of a task share one network interface, so each port belongs to one container.", p, c.name, name)
		}
	}
}

// checkReservations refuses sidecars whose memory reservations add up to
// more than the task's memory.
func checkReservations(e *evaluator, n *node, d *schema.Deployment) {
	total := 0
	for _, sc := range d.Sidecars {
		total += sc.MemoryReservation
		if sc.MemoryReservation > 0 && total > d.Memory {
			sn := sidecarNode(n, sc.Name)
			e.errorf(rangeOr(sn.attr("memory_reservation"), sn), "Memory reservations above the task's memory",
				"The sidecars reserve %d MiB up to this one, more than the task's memory (%d MiB). Lower memory_reservation or raise memory.", total, d.Memory)
			return
		}
	}
}

func sidecarNode(n *node, name string) *node {
	for _, sn := range n.Blocks["sidecar"] {
		if sn.Labels[0] == name {
			return sn
		}
	}
	return n
}

// checkDependencies checks each container c waits for: it exists, has a
// health check when c waits for it to be healthy, and is not essential
// when c waits for it to exit.
func checkDependencies(e *evaluator, c *container, cs []*container) {
	for _, name := range sortedNames(c.deps) {
		cond := c.deps[name]
		dep := findContainer(cs, name)
		switch {
		case dep == nil:
			e.errorf(keyRange(c.node, c.depsAttr, name), "Unknown container",
				"There is no container %q in this task; the containers are %s.%s", name, known(containerNames(cs)), suggest(name, containerNames(cs)))
		case cond == schema.ConditionHealthy && !dep.healthy:
			e.errorf(valueRange(c.node, c.depsAttr, name), "Container without a health check",
				"Container %q has no healthcheck block, so it never becomes healthy and %q would never start. Add a healthcheck to %q, or wait for \"start\".", name, c.name, name)
		case slices.Contains(schema.ExitConditions, cond) && dep.essential:
			e.errorf(valueRange(c.node, c.depsAttr, name), "Waiting for an essential container to exit",
				"Container %q is essential: when it exits, ECS stops the whole task, so %q cannot wait for it to exit (%q). Set essential = false on %q, or wait for \"start\" or \"healthy\".",
				name, c.name, cond, name)
		}
	}
}

// checkCycles reports each loop of containers waiting for each other
// once, at the dependency that closes it.
func checkCycles(e *evaluator, cs []*container) {
	state := map[string]int{} // 0 unseen, 1 on the current path, 2 done
	var path []*container
	var visit func(c *container)
	visit = func(c *container) {
		state[c.name] = 1
		path = append(path, c)
		for _, name := range sortedNames(c.deps) {
			dep := findContainer(cs, name)
			switch {
			case dep == nil:
			case state[name] == 1:
				reportCycle(e, c, name, path)
			case state[name] == 0:
				visit(dep)
			}
		}
		path = path[:len(path)-1]
		state[c.name] = 2
	}
	for _, c := range cs {
		if state[c.name] == 0 {
			visit(c)
		}
	}
}

func reportCycle(e *evaluator, c *container, name string, path []*container) {
	rng := keyRange(c.node, c.depsAttr, name)
	if c.name == name {
		e.errorf(rng, "Container waits for itself", "Container %q cannot depend on itself; remove %q from its %s.", name, name, c.depsAttr)
		return
	}
	var chain []string
	for i := slices.IndexFunc(path, func(p *container) bool { return p.name == name }); i < len(path); i++ {
		chain = append(chain, path[i].name)
	}
	chain = append(chain, name)
	e.errorf(rng, "Containers wait for each other",
		"These containers wait for each other in a loop: %s. ECS could start none of them; remove one of these dependencies.", strings.Join(chain, " → "))
}
