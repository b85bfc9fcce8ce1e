package stacks

import (
	"strconv"

	"flightplan/addr"
	"flightplan/schema"
)

// Endpoint says where a deployed service answers, as Copilot's deploy says
// it: the URL is made from a stack output, known once the stacks exist.
// Host is the output (of the stack of node From) holding the host name,
// or empty when Hosts are fixed names (aliases); URL is then
// Scheme + "://" + host + Path for each host.
type Endpoint struct {
	Deploy addr.Address // the deployment whose address it is
	From   addr.Address // the node whose stack has the Output
	Output string       // "" when Hosts are the names
	Hosts  []string     // fixed host names (http.alias)
	Scheme string       // "http" or "https"; "" when Output is already a URL or a bare host
	Path   string       // what follows the host: the path, or ":PORT" of a network load balancer
}

// Endpoints lists the endpoints of the file's internet-facing services:
// load-balanced web services on their environment's public load balancer
// (through their aliases when they have some, since their listener rule
// then matches only those names, else, with a domain, through their
// default name {svc}.{env}.{app}.{domain}, which the certificate covers;
// https when the environment has a certificate) and on their network load balancer (host:port per
// listener), and request-driven services at App Runner's URL (and at their
// custom domain).
// albs are the imported load balancers as plan read them (Options.ImportedALBs).
func Endpoints(cfg *schema.Config, albs map[string]ImportedALB) []Endpoint {
	var out []Endpoint
	for _, w := range cfg.Workloads {
		for _, envName := range w.Environments {
			d := w.Deployments[envName]
			env := cfg.Environment(envName)
			if d == nil || env == nil {
				continue
			}
			if e, ok := endpoint(cfg, w, d, env, albs); ok {
				out = append(out, e)
			}
			if w.Type == schema.TypeRequestDriven && d.HTTP != nil && len(d.HTTP.Alias) == 1 && cfg.App.Domain != nil {
				// The custom domain apply associates, beside App Runner's URL.
				out = append(out, Endpoint{Deploy: addr.Deploy(envName, w.Name), Hosts: d.HTTP.Alias, Scheme: "https"})
			}
			out = append(out, nlbEndpoints(w, d, env)...)
		}
	}
	return out
}

func endpoint(cfg *schema.Config, w *schema.Workload, d *schema.Deployment, env *schema.Environment, albs map[string]ImportedALB) (Endpoint, bool) {
	deploy := addr.Deploy(env.Name, w.Name)
	switch {
	case w.Type == schema.TypeRequestDriven:
		return Endpoint{Deploy: deploy, From: deploy, Output: "ServiceURL"}, true
	case w.Type != schema.TypeLoadBalancedWeb || d.HTTP == nil:
		return Endpoint{}, false
	}
	e := Endpoint{Deploy: deploy, From: addr.Env(env.Name), Scheme: "http", Path: d.HTTP.Path}
	if cfg.App.Domain != nil || len(env.HTTP.Certificates) > 0 {
		e.Scheme = "https"
	}
	if ref := d.HTTP.ALB; ref != "" {
		lb := albs[ref]
		e.From, e.Scheme, e.Hosts = addr.Address{}, "http", d.HTTP.Alias
		if lb.HTTPSListenerARN != "" {
			e.Scheme = "https"
		}
		if len(e.Hosts) == 0 && lb.DNSName != "" {
			e.Hosts = []string{lb.DNSName}
		}
		return e, len(e.Hosts) > 0
	}
	switch {
	case len(d.HTTP.Alias) > 0:
		e.Hosts = d.HTTP.Alias
	case cfg.App.Domain != nil:
		e.Hosts = []string{defaultAliasName(cfg, env, w.Name)}
	default:
		e.Output = "PublicLoadBalancerDNSName"
	}
	return e, true
}

// nlbEndpoints are a service's network load balancer listeners: its DNS
// name (or each alias) and the listener's port.
func nlbEndpoints(w *schema.Workload, d *schema.Deployment, env *schema.Environment) []Endpoint {
	if d.NLB == nil {
		return nil
	}
	deploy := addr.Deploy(env.Name, w.Name)
	var out []Endpoint
	for _, l := range d.NLB.Listeners {
		e := Endpoint{Deploy: deploy, From: deploy, Path: ":" + strconv.Itoa(l.Port)}
		if len(d.NLB.Alias) > 0 {
			e.From, e.Hosts = addr.Address{}, d.NLB.Alias
		} else {
			e.Output = "PublicNetworkLoadBalancerDNSName"
		}
		out = append(out, e)
	}
	return out
}
