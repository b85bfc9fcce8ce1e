package acm

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/cfntemplate"
)

// certificateTimeout is how long a certificate that cannot validate runs
// before it fails, in simulated time.
const certificateTimeout = 5 * time.Minute

// Zone is a hosted zone as DNS validation sees it.
type Zone struct {
	ID   string
	Name string // ends with a dot
	// Registered means the Route 53 API made the zone (the user's zone),
	// not a stack.
	Registered bool
	// NameServers are the zone's own name servers.
	NameServers []string
	// NS holds the values of the zone's NS records, by record name.
	NS map[string][][]string
}

// DNS is Route 53 as DNS validation reads it.
type DNS interface {
	// Zones returns every hosted zone in every account, API-made and
	// stacks' alike, by name then ID. Called with the lock held.
	Zones() []Zone
}

// Service is ACM as stacks see it: a cfn.Provider that fails the
// certificates whose DNS validation cannot succeed.
type Service struct {
	cfn.NopProvider
	dns    DNS
	strict bool
}

// New returns ACM validating against dns; strict is Options.StrictDNS of
// package awssim: the top zone of a delegation chain must be registered.
func New(dns DNS, strict bool) *Service { return &Service{dns: dns, strict: strict} }

// CreateFailure is the timeout fault of a certificate that cannot
// validate.
func (x *Service) CreateFailure(_ cfn.StackRef, r *cfn.Resource) (string, time.Duration) {
	if r.Type != "AWS::CertificateManager::Certificate" {
		return "", 0
	}
	v := dnsView(x.dns.Zones())
	if why := v.certificateProblem(r.Props, x.strict); why != "" {
		return why, certificateTimeout
	}
	return "", 0
}

// dnsView is the DNS at one instant.
type dnsView []Zone

// certificateProblem is why a certificate cannot validate, or "".
func (v dnsView) certificateProblem(props map[string]any, strict bool) string {
	if !strings.EqualFold(cfntemplate.String(props["ValidationMethod"]), "DNS") {
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
	names := []string{cfntemplate.String(props["DomainName"])}
	if sans, ok := props["SubjectAlternativeNames"].([]any); ok {
		for _, s := range sans {
			names = append(names, cfntemplate.String(s))
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
func (v dnsView) validationProblem(props map[string]any, name string, strict bool) string {
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
		d := strings.TrimPrefix(cfntemplate.String(m["DomainName"]), "*.")
		if strings.EqualFold(d, name) && cfntemplate.String(m["HostedZoneId"]) != "" {
			return true
		}
	}
	return false
}

// delegationProblem walks up from zone z: "" when it is delegated all the
// way to a registered top zone, else where the chain breaks.
func (v dnsView) delegationProblem(z Zone, strict bool) string {
	parents := v.zonesHolding(parentName(z.Name))
	if len(parents) == 0 {
		if strict && !z.Registered {
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
func (v dnsView) delegates(p, z Zone) bool {
	for _, values := range p.NS[z.Name] {
		if sameNames(values, z.NameServers) {
			return true
		}
	}
	return false
}

// zonesHolding returns the zones with the longest name that name is in
// (itself or below it), in any account.
func (v dnsView) zonesHolding(name string) []Zone {
	var best []Zone
	for _, z := range v {
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

// fqdn lower-cases a DNS name and ends it with a dot, as Route 53 does.
func fqdn(name string) string {
	return strings.ToLower(strings.TrimSuffix(name, ".")) + "."
}

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
