package schema

import (
	"fmt"
	"strings"
)

// AppZone is the app's hosted zone: {app}.{domain}.
func AppZone(app, domain string) string { return app + "." + domain }

// EnvZone is an environment's hosted zone: {env}.{app}.{domain}.
func EnvZone(app, env, domain string) string { return env + "." + AppZone(app, domain) }

// CheckAlias reports whether a service alias can be served in an
// environment of an app with a domain: it must be the environment's zone
// or a name one label below it. Those are the names of the records that
// the environment can write (its own zone, in its own account) and that
// its certificate covers ({zone} and *.{zone}); a name in the app's zone
// would need a record and a certificate validation in the app's account,
// which CloudFormation cannot write from the environment's.
func CheckAlias(alias, zone string) error {
	a := strings.ToLower(strings.TrimSuffix(alias, "."))
	label, below := strings.CutSuffix(a, "."+zone)
	if a == zone || (below && label != "" && !strings.Contains(label, ".") && dnsLabel(label)) {
		return nil
	}
	return fmt.Errorf("alias %q is outside the environment's zone %s: use %s or a name just below it (such as www.%s), which the environment's certificate covers", alias, zone, zone, zone)
}

// dnsLabel reports whether s is one DNS label: letters, digits and inner
// hyphens, at most 63 characters.
func dnsLabel(s string) bool {
	if len(s) > 63 || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// CheckDNSName reports whether name is a DNS name: dot-separated labels of
// lowercase letters, digits and inner hyphens, at most 253 characters.
func CheckDNSName(name string) error {
	if name == "" || len(name) > 253 {
		return fmt.Errorf("%q is not a DNS name: use 1 to 253 characters", name)
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" || !dnsLabel(label) {
			return fmt.Errorf("%q is not a DNS name: use labels of lowercase letters, digits and inner hyphens separated by dots", name)
		}
	}
	return nil
}

// CheckRequestDrivenAlias reports whether a request-driven service's alias
// is one Copilot accepts: a name one label below the app's domain
// ({label}.{domain}), the label not the app's name. App Runner's
// certificate for it is validated, and its record written, in the domain's
// own zone; Copilot refuses the apex, the app's zone and the
// environment's zone (and names below them), and so does flightplan.
func CheckRequestDrivenAlias(alias, app, env, domain string) error {
	a := strings.ToLower(strings.TrimSuffix(alias, "."))
	appZone, envZone := AppZone(app, domain), EnvZone(app, env, domain)
	switch {
	case a == envZone || strings.HasSuffix(a, "."+envZone):
		return fmt.Errorf("%s is in the environment's zone %s, where Copilot does not put a request-driven service's alias", alias, envZone)
	case a == appZone || strings.HasSuffix(a, "."+appZone):
		return fmt.Errorf("%s is in the app's zone %s, where Copilot does not put a request-driven service's alias", alias, appZone)
	case a == domain:
		return fmt.Errorf("%s is the domain itself, which Copilot does not use as a request-driven service's alias", alias)
	}
	label, below := strings.CutSuffix(a, "."+domain)
	if !below || label == "" || strings.Contains(label, ".") || !dnsLabel(label) {
		return fmt.Errorf("%s is not a name just below the app's domain %s", alias, domain)
	}
	return nil
}
