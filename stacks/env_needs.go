package stacks

import (
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"sort"
	"strings"

	"flightplan/schema"
)

// envNeeds is what an environment's workloads require of it. Copilot adds
// the shared resources that cost money (load balancers, NAT gateways) at
// deploy time through a custom resource, the environment controller, as
// workloads come and go; flightplan needs none, since it compiles every
// workload at once and derives them directly.
type envNeeds struct {
	publicLB   bool // a load-balanced web service deploys here
	internalLB bool // a backend service with http deploys here
	nat        bool // a workload deploys here with private placement
	efs        bool // a workload deploys here with a managed EFS volume
	// priority holds each load-balanced workload's listener rule priority,
	// by workload name (public and internal listeners are separate).
	priority map[string]int
	// testPorts are the ports of the public load balancer's test
	// listeners, for blue-green deployments (service_bluegreen.go).
	testPorts []int
}

// deriveNeeds looks at every deployment to environment env.
func deriveNeeds(cfg *schema.Config, env string, albs map[string]ImportedALB) (*envNeeds, error) {
	n := &envNeeds{priority: map[string]int{}}
	var public, internal []ruleKey
	imported := map[string][]ruleKey{} // by imported load balancer
	for _, w := range cfg.Workloads {
		d := w.Deployments[env]
		if d == nil {
			continue
		}
		if d.Network.Placement == schema.PlacementPrivate {
			n.nat = true
		}
		n.efs = n.efs || managedEFS(d)
		switch {
		case albRef(w, d) != "":
			imported[albRef(w, d)] = append(imported[albRef(w, d)], ruleKeys(w.Name, lbHTTP(d))...)
		case w.Type == schema.TypeLoadBalancedWeb && lbHTTP(d) != nil:
			n.publicLB = true
			public = append(public, ruleKeys(w.Name, lbHTTP(d))...)
			n.addTestPort(d)
		case w.Type == schema.TypeBackend && d.HTTP != nil:
			n.internalLB = true
			internal = append(internal, ruleKeys(w.Name, d.HTTP)...)
		}
	}
	if err := assignPriorities(public, n.priority); err != nil {
		return nil, fmt.Errorf("environment %q, public load balancer: %w", env, err)
	}
	if err := assignPriorities(internal, n.priority); err != nil {
		return nil, fmt.Errorf("environment %q, internal load balancer: %w", env, err)
	}
	for _, ref := range slices.Sorted(maps.Keys(imported)) {
		lb := albs[ref]
		if err := assignPrioritiesAvoiding(imported[ref], n.priority, lb.takenBy); err != nil {
			return nil, fmt.Errorf("environment %q, load balancer %s: %w", env, ref, err)
		}
	}
	return n, nil
}

// addTestPort records the test listener port of a blue-green deployment.
func (n *envNeeds) addTestPort(d *schema.Deployment) {
	p := d.Strategy.BlueGreen.TestListenerPort
	if d.Strategy.Strategy == schema.StrategyBlueGreen && p > 0 && !slices.Contains(n.testPorts, p) {
		n.testPorts = append(n.testPorts, p)
		slices.Sort(n.testPorts)
	}
}

// lbHTTP is a load-balanced service's routing, with Copilot's defaults when
// the file has no http block; nil with http = false.
func lbHTTP(d *schema.Deployment) *schema.ServiceHTTP {
	if d.HTTPDisabled {
		return nil
	}
	if d.HTTP == nil {
		return schema.DefaultHTTP()
	}
	return d.HTTP
}

// Listener rule priorities.
//
// An ALB evaluates rules by ascending priority, and priorities must be
// unique per listener, between 1 and 50000. They must also be stable: a
// priority that moves when another service is added makes CloudFormation
// update every listener rule of the environment. So a rule's priority
// depends only on its own name — the service's for its main rule, NAME#N
// for its rule N (service_rules.go) — never on its position in a list:
//
//	priority = band(path depth)*4000 + (alias ? 0 : 2000) + 1 + fnv32a(name) % 1999
//
// Bands order specificity: a path with more segments gets a smaller number
// (evaluated first), and "/" (which becomes "/*" and matches everything)
// gets the last band; within a band, rules with a host-header condition go
// before those without. Two services that hash to the same slot of the
// same band are resolved by probing to the next free slot in the band, in
// name order — the only case where one rule's priority depends on another
// service, and it only moves a rule that sorts after the newcomer.
const (
	ruleBandWidth = 4000
	ruleMaxDepth  = 9
	ruleSlots     = 1999
)

// ruleKey is one listener rule's input to priority assignment.
type ruleKey struct {
	name string
	band int    // first priority of the service's half-band, minus one
	sig  string // the listener rule's conditions (ruleSignature)
}

func newRuleKey(name string, h *schema.ServiceHTTP) ruleKey {
	depth := min(pathDepth(h.Path), ruleMaxDepth)
	base := (ruleMaxDepth - depth) * ruleBandWidth
	if len(h.Alias) == 0 {
		base += ruleBandWidth / 2
	}
	return ruleKey{name: name, band: base, sig: ruleSignature(h)}
}

// pathDepth counts the segments of a routing path: "/" is 0, "/api" is 1.
func pathDepth(p string) int {
	n := 0
	for _, s := range strings.Split(p, "/") {
		if s != "" && s != "*" {
			n++
		}
	}
	return n
}

// assignPriorities fills out with a unique priority per rule. It fails
// when more rules share a half-band than it has slots (far beyond ALB's
// rules-per-listener quota).
func assignPriorities(keys []ruleKey, out map[string]int) error {
	return assignPrioritiesAvoiding(keys, out, func(int, string) bool { return false })
}

// assignPrioritiesAvoiding is assignPriorities that also skips the
// priorities taken says rules of other owners hold.
func assignPrioritiesAvoiding(keys []ruleKey, out map[string]int, taken func(p int, sig string) bool) error {
	sort.Slice(keys, func(i, j int) bool { return keys[i].name < keys[j].name })
	used := map[int]bool{}
	inBand := map[int]int{}
	for _, k := range keys {
		if inBand[k.band]++; inBand[k.band] > ruleSlots {
			return fmt.Errorf("more than %d services route with the same path depth and alias use", ruleSlots)
		}
		slot := int(hash32(k.name) % ruleSlots)
		for n := 0; used[k.band+1+slot] || taken(k.band+1+slot, k.sig); n++ {
			if n == ruleSlots {
				return fmt.Errorf("no free priority left between %d and %d", k.band+1, k.band+ruleSlots)
			}
			slot = (slot + 1) % ruleSlots
		}
		p := k.band + 1 + slot
		used[p] = true
		out[k.name] = p
	}
	return nil
}

func hash32(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}
