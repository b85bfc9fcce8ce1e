package awssim

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ACM certificates, as CloudFormation creates them (AWS::CertificateManager
// ::Certificate with ValidationMethod DNS and DomainValidationOptions naming
// a hosted zone, which lets CloudFormation write the validation records).
//
// ACM issues the certificate only if its validation records can be
// resolved from the Internet: each of its names must be held by a zone in
// the simulator, delegated link by link — an NS record for the zone in the
// zone holding its parent name (in any account) whose values are the
// zone's name servers — up to a zone whose parent name no zone holds. With
// Options.StrictDNS that top zone must have been created through the
// Route 53 API (the user's registered parent zone, as a test creates it
// first); without it any top zone is taken to be registered, so that an
// application applies with --sim without first creating its parent zone.
// Either way a zone that is not delegated from an existing parent zone
// fails the certificate, which is what proves the graph's order.
//
// Otherwise the resource fails after certificateTimeout of simulated time
// (ACM itself waits up to 72 hours; CloudFormation's wait is shortened, the
// simulator's more so) with certificateTimedOut's reason, whose wording is
// the simulator's own. The check is made when the stack operation starts,
// as the simulator fixes an operation's schedule then.

// certificateTimeout is how long a certificate that cannot validate runs
// before it fails, in simulated time.
const certificateTimeout = 5 * time.Minute

// certificateFailures adds a timeout fault for each certificate the plan
// creates or replaces that cannot validate.
func (x *cfnService) certificateFailures(p *cfnPlan) {
	var v *r53View
	for _, id := range p.Order {
		r := p.New[id]
		if r.Type != "AWS::CertificateManager::Certificate" || p.Faults[id] != "" || !p.creates(id) {
			continue
		}
		if v == nil {
			v = x.sim.r53.view()
		}
		if why := v.certificateProblem(r.Props, x.sim.strictDNS); why != "" {
			if p.Faults == nil {
				p.Faults = map[string]string{}
			}
			if p.FailAfter == nil {
				p.FailAfter = map[string]time.Duration{}
			}
			p.Faults[id], p.FailAfter[id] = why, certificateTimeout
		}
	}
}

// creates reports whether the plan creates resource id (anew, or as a
// replacement).
func (p *cfnPlan) creates(id string) bool {
	if p.Kind != "UPDATE" {
		return true
	}
	k := p.updateKind(id)
	return k == "add" || k == "replace"
}

// certificateProblem is why a certificate cannot validate, or "".
func (v *r53View) certificateProblem(props map[string]any, strict bool) string {
	if !strings.EqualFold(strOf(props["ValidationMethod"]), "DNS") {
		return "" // e-mail validation is a person's business
	}
	for _, name := range certificateNames(props) {
		if why := v.validationProblem(props, name, strict); why != "" {
			return `Resource handler returned message: "Certificate validation timed out: ` + why + `" (HandlerErrorCode: NotStabilized)`
		}
	}
	return ""
}

// certificateNames are a certificate's names, wildcards reduced to the
// name they stand below.
func certificateNames(props map[string]any) []string {
	names := []string{strOf(props["DomainName"])}
	if sans, ok := props["SubjectAlternativeNames"].([]any); ok {
		for _, s := range sans {
			names = append(names, strOf(s))
		}
	}
	var out []string
	for _, n := range names {
		if n = strings.TrimPrefix(n, "*."); n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// validationProblem is why the validation record of one name cannot be
// resolved, or "".
func (v *r53View) validationProblem(props map[string]any, name string, strict bool) string {
	if !namesZone(props, name) {
		return fmt.Sprintf("no validation record was written for %s (DomainValidationOptions names no HostedZoneId for it)", name)
	}
	zones := v.zonesHolding(fqdn(name))
	if len(zones) == 0 {
		return fmt.Sprintf("no hosted zone holds %s", name)
	}
	why := ""
	for _, z := range zones {
		if why = v.delegationProblem(z, strict); why == "" {
			return ""
		}
	}
	return fmt.Sprintf("the validation records in hosted zone %s are not resolvable (%s)", strings.TrimSuffix(zones[0].Name, "."), why)
}

// namesZone reports whether DomainValidationOptions give name (or its
// wildcard) a HostedZoneId.
func namesZone(props map[string]any, name string) bool {
	opts, _ := props["DomainValidationOptions"].([]any)
	for _, o := range opts {
		m, _ := o.(map[string]any)
		d := strings.TrimPrefix(strOf(m["DomainName"]), "*.")
		if strings.EqualFold(d, name) && strOf(m["HostedZoneId"]) != "" {
			return true
		}
	}
	return false
}

// delegationProblem walks up from zone z: "" when it is delegated all the
// way to a registered top zone, else where the chain breaks.
func (v *r53View) delegationProblem(z *r53Zone, strict bool) string {
	parents := v.zonesHolding(parentName(z.Name))
	if len(parents) == 0 {
		if strict && !v.api[z.ID] {
			return fmt.Sprintf("%s is not delegated from a parent zone, and no hosted zone holds %s", trimDot(z.Name), trimDot(parentName(z.Name)))
		}
		return ""
	}
	why := ""
	for _, p := range parents {
		if !v.delegates(p, z) {
			continue
		}
		if why = v.delegationProblem(p, strict); why == "" {
			return ""
		}
	}
	if why == "" {
		why = fmt.Sprintf("no delegation of %s from its parent zone %s", trimDot(z.Name), trimDot(parents[0].Name))
	}
	return why
}

// delegates reports whether zone p holds an NS record for z's name with
// exactly z's name servers.
func (v *r53View) delegates(p, z *r53Zone) bool {
	want := zoneNameServers(z.ID)
	for _, r := range v.records[p.ID] {
		if r.Type == "NS" && r.Name == z.Name && sameNames(r.Values, want) {
			return true
		}
	}
	return false
}

// zonesHolding returns the zones with the longest name that name is in
// (itself or below it), in any account.
func (v *r53View) zonesHolding(name string) []*r53Zone {
	var best []*r53Zone
	for _, z := range v.zones {
		if name != z.Name && !strings.HasSuffix(name, "."+z.Name) {
			continue
		}
		if len(best) > 0 && len(z.Name) < len(best[0].Name) {
			continue
		}
		if len(best) > 0 && len(z.Name) > len(best[0].Name) {
			best = nil
		}
		best = append(best, z)
	}
	return best
}

// parentName drops a name's first label: a.b.c. → b.c.
func parentName(name string) string {
	_, rest, _ := strings.Cut(name, ".")
	return rest
}

func trimDot(s string) string { return strings.TrimSuffix(s, ".") }

func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y string) bool { return fqdn(x) == fqdn(y) }) {
			return false
		}
	}
	return true
}
