package stacks

// Routing rules of a service's application load balancer. The main rule
// (the http block) keeps its logical IDs, TargetGroup and ListenerRule;
// additional rule N (the Nth rule block, Copilot's additional_rules[N-1])
// gets TargetGroupN and ListenerRuleN, the index suffix Copilot gives its
// additional rules' resources. With redirect_to_https = false on an
// environment with HTTPS, each rule also gets HTTPListenerRuleWithDomain
// (N) on the HTTP listener, forwarding instead of redirecting, as
// Copilot's rule of that name does. Each rule has its own priority
// (env_needs.go), the same on both listeners.

import (
	"strconv"
	"time"

	"flightplan/schema"
)

// indexed is a logical ID for rule or listener i: the bare ID for the
// first, the ID followed by i for the others.
func indexed(id string, i int) string {
	if i == 0 {
		return id
	}
	return id + strconv.Itoa(i)
}

// ruleKeyName names rule i of a workload for priority assignment: the
// main rule by the workload's name (so its priority does not move when
// rules are added), additional rules by name#i.
func ruleKeyName(workload string, i int) string {
	if i == 0 {
		return workload
	}
	return workload + "#" + strconv.Itoa(i)
}

// ruleKeys are the priority inputs of every rule of a workload.
func ruleKeys(workload string, h *schema.ServiceHTTP) []ruleKey {
	var keys []ruleKey
	for i, r := range h.AllRules() {
		keys = append(keys, newRuleKey(ruleKeyName(workload, i), r))
	}
	return keys
}

// listenerRules adds rule i's listener rules and returns their IDs.
func (ws *workloadStack) listenerRules(i int, r *schema.ServiceHTTP) []string {
	id := indexed("ListenerRule", i)
	ws.listenerRule(id, ws.listenerExport(), i, r)
	ids := []string{id}
	if ws.forwardHTTP() {
		id := indexed("HTTPListenerRuleWithDomain", i)
		ws.listenerRule(id, "HTTPListenerArn", i, r)
		ids = append(ids, id)
	}
	return append(ids, ws.importedHTTPRule(i, r)...)
}

// importedHTTPRule adds, on an imported load balancer with both an HTTPS
// and an HTTP listener, the rule's HTTP side as Copilot does
// (HTTPListenerRedirectRuleForImportedALB): a redirect to HTTPS, or the
// forward itself with redirect_to_https = false.
func (ws *workloadStack) importedHTTPRule(i int, r *schema.ServiceHTTP) []string {
	ref := albRef(ws.workload, ws.deployment)
	if ref == "" {
		return nil
	}
	lb := ws.compiler.importedALB(ref)
	if lb.HTTPSListenerARN == "" || lb.HTTPListenerARN == "" {
		return nil
	}
	id, action := indexed("HTTPListenerRedirectRuleForImportedALB", i), redirectToHTTPS()
	if h := ws.routing(); h != nil && h.ForwardHTTP {
		id, action = indexed("HTTPListenerRuleForImportedALB", i), ws.forwardAction(i)
	}
	ws.addListenerRule(id, lb.HTTPListenerARN, i, r, action)
	return []string{id}
}

// forwardHTTP reports whether the rules also forward on the HTTP listener:
// redirect_to_https = false where the environment has HTTPS (otherwise the
// rules are on the HTTP listener already).
func (ws *workloadStack) forwardHTTP() bool {
	h := ws.routing()
	return h != nil && h.ForwardHTTP && h.ALB == "" && ws.workload.Type == schema.TypeLoadBalancedWeb && ws.compiler.hasHTTPS(ws.env)
}

// ruleTarget is the container and port a rule sends traffic to: the main
// container on its port unless the rule says otherwise.
func (ws *workloadStack) ruleTarget(h *schema.ServiceHTTP) (string, int) {
	return ws.containerTarget(h.TargetContainer, h.TargetPort)
}

// containerTarget resolves a target_container and target_port.
func (ws *workloadStack) containerTarget(container string, port int) (string, int) {
	name, p := ws.workload.Name, ws.deployment.Port
	if container != "" && container != name {
		name = container
		for _, sc := range ws.deployment.Sidecars {
			if sc.Name == name {
				p = sc.Port
			}
		}
	}
	if port > 0 {
		p = port
	}
	return name, p
}

// matcher is a target group's success codes: gRPC status codes for a gRPC
// target group, HTTP status codes otherwise.
func matcher(h *schema.ServiceHTTP) any {
	if h.Version == schema.VersionGRPC {
		return mk(pair{"GrpcCode", h.Healthcheck.SuccessCodes})
	}
	return mk(pair{"HttpCode", h.Healthcheck.SuccessCodes})
}

// gracePeriod is how long ECS ignores failing load balancer health checks
// of a new task. ECS has one for all of a service's load balancers: the
// longer of the http block's and the nlb block's.
func (ws *workloadStack) gracePeriod() time.Duration {
	var g time.Duration
	if h := ws.routing(); h != nil {
		g = h.Healthcheck.GracePeriod
	}
	if n := ws.nlb(); n != nil {
		ng := n.Listeners[0].Healthcheck.GracePeriod
		if ng == 0 && g == 0 {
			ng = schema.DefaultGracePeriod
		}
		g = max(g, ng)
	}
	return g
}

// lbTarget is a port the load balancers send traffic to on a container.
type lbTarget struct {
	container string
	port      int
	protocol  string // "tcp" or "udp"
}

// lbTargets lists every target of the service's rules and listeners.
func (ws *workloadStack) lbTargets() []lbTarget {
	if ws.workload.Kind != schema.KindService {
		return nil
	}
	var ts []lbTarget
	for _, r := range ws.routing().AllRules() {
		name, port := ws.ruleTarget(r)
		ts = append(ts, lbTarget{name, port, "tcp"})
	}
	if n := ws.deployment.NLB; n != nil && ws.workload.Type == schema.TypeLoadBalancedWeb {
		for _, ls := range n.Listeners {
			name, port := ws.containerTarget(ls.TargetContainer, ls.TargetPort)
			proto := "tcp"
			if ls.Protocol == schema.NLBUDP {
				proto = "udp"
			}
			ts = append(ts, lbTarget{name, port, proto})
		}
	}
	return ts
}
