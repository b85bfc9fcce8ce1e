// Package addr defines the typed addresses of the nodes of flightplan's graph.
//
// An Address names one managed object: the app, the app zone's delegation in
// the parent zone, an app region, an environment's hosted zone, its
// delegation from the app zone, the certificate of an environment's CloudFront
// aliases in us-east-1, an environment, a workload's SSM document, a
// workload's deployment in one environment, its alias records in another
// account's zone, or a pipeline. The same value is the graph's vertex name, the plan's key, the
// label in diagnostics and what --target accepts, so that every part of the
// program speaks of an object in one way.
package addr

import (
	"fmt"
	"strings"
)

// Kind is the kind of object an Address names.
type Kind string

// The kinds of node, in the order in which they are usually created.
const (
	KindApp      Kind = "app"
	KindAppDNS   Kind = "app/dns"
	KindRegion   Kind = "app/region"
	KindZone     Kind = "zone"
	KindDNS      Kind = "dns"
	KindCert     Kind = "cert"
	KindEnv      Kind = "env"
	KindWorkload Kind = "workload"
	KindDeploy   Kind = "deploy"
	KindPipeline Kind = "pipeline"
	KindImage    Kind = "image"
	KindAlias    Kind = "alias"
)

// Address is a comparable value usable as a map key. Env and Name are empty
// where the kind does not use them; Region holds the region of KindRegion.
type Address struct {
	Kind   Kind
	Region string
	Env    string
	Name   string
}

// App is the address of the application node.
func App() Address { return Address{Kind: KindApp} }

// AppDNS is the address of the app zone's NS delegation in the parent zone
// when that zone is in another account. It is "app/dns" rather than
// "dns/app" so that an environment named "app" keeps its own dns/app.
func AppDNS() Address { return Address{Kind: KindAppDNS} }

// Zone is the address of an environment's hosted zone.
func Zone(env string) Address { return Address{Kind: KindZone, Env: env} }

// DNS is the address of an environment zone's NS delegation in the app zone.
func DNS(env string) Address { return Address{Kind: KindDNS, Env: env} }

// Cert is the address of the certificate in us-east-1 that CloudFront
// serves an environment's aliases with (its CDN's and its static sites'),
// for an environment in another region.
func Cert(env string) Address { return Address{Kind: KindCert, Env: env} }

// Region is the address of the app's per-region stack.
func Region(region string) Address { return Address{Kind: KindRegion, Region: region} }

// Env is the address of an environment.
func Env(name string) Address { return Address{Kind: KindEnv, Env: name} }

// Workload is the address of a workload's SSM document.
func Workload(name string) Address { return Address{Kind: KindWorkload, Name: name} }

// Deploy is the address of a workload's stack in one environment.
func Deploy(env, name string) Address { return Address{Kind: KindDeploy, Env: env, Name: name} }

// Alias is the alias records of a load-balanced web service's deployment
// in one environment that go in a hosted zone of another account than the
// environment's: alias/{env}/{name}.
func Alias(env, name string) Address { return Address{Kind: KindAlias, Env: env, Name: name} }

// Pipeline is the address of a release pipeline.
func Pipeline(name string) Address { return Address{Kind: KindPipeline, Name: name} }

// Image is the address of an image build.
func Image(name string) Address { return Address{Kind: KindImage, Name: name} }

// String renders the address as users type it: app, app/dns,
// app/region/us-east-1, zone/test, dns/test, cert/test, env/test, workload/api, deploy/test/api, pipeline/release, image/app.
func (a Address) String() string {
	switch a.Kind {
	case KindApp:
		return "app"
	case KindAppDNS:
		return "app/dns"
	case KindRegion:
		return "app/region/" + a.Region
	case KindEnv, KindZone, KindDNS, KindCert:
		return string(a.Kind) + "/" + a.Env
	case KindDeploy, KindAlias:
		return string(a.Kind) + "/" + a.Env + "/" + a.Name
	default:
		return string(a.Kind) + "/" + a.Name
	}
}

// Less orders addresses by kind (creation order), then by their text.
func (a Address) Less(b Address) bool {
	return Compare(a, b) < 0
}

// Compare is -1, 0 or +1 as a is before, the same as or after b in Less's
// order. It compares the texts without writing them: graphs of thousands of
// nodes are sorted, and String made two strings a comparison.
func Compare(a, b Address) int {
	if ra, rb := kindRank[a.Kind], kindRank[b.Kind]; ra != rb {
		if ra < rb {
			return -1
		}
		return 1
	}
	pa, pb := a.textParts(), b.textParts()
	return compareJoined(pa[:], pb[:])
}

// textParts are the pieces String joins, empty ones at the end.
func (a Address) textParts() [5]string {
	switch a.Kind {
	case KindApp:
		return [5]string{"app"}
	case KindAppDNS:
		return [5]string{"app/dns"}
	case KindRegion:
		return [5]string{"app/region/", a.Region}
	case KindEnv, KindZone, KindDNS, KindCert:
		return [5]string{string(a.Kind), "/", a.Env}
	case KindDeploy, KindAlias:
		return [5]string{string(a.Kind), "/", a.Env, "/", a.Name}
	default:
		return [5]string{string(a.Kind), "/", a.Name}
	}
}

// compareJoined compares strings.Join(a, "") with strings.Join(b, "").
func compareJoined(a, b []string) int {
	var i, j int // the piece of a and of b
	var x, y string
	for {
		for x == "" && i < len(a) {
			x, i = a[i], i+1
		}
		for y == "" && j < len(b) {
			y, j = b[j], j+1
		}
		switch {
		case x == "" && y == "":
			return 0
		case x == "":
			return -1
		case y == "":
			return 1
		}
		n := min(len(x), len(y))
		if c := strings.Compare(x[:n], y[:n]); c != 0 {
			return c
		}
		x, y = x[n:], y[n:]
	}
}

var kindRank = map[Kind]int{
	KindApp: 0, KindAppDNS: 1, KindRegion: 2, KindImage: 3, KindZone: 4, KindDNS: 5,
	KindCert: 6, KindEnv: 7, KindWorkload: 8, KindDeploy: 9, KindAlias: 10, KindPipeline: 11,
}

// Parse reads an address in the form String writes.
func Parse(s string) (Address, error) {
	parts := strings.Split(s, "/")
	bad := fmt.Errorf("invalid address %q: want app, app/dns, app/region/REGION, zone/ENV, dns/ENV, cert/ENV, env/ENV, workload/NAME, deploy/ENV/NAME, alias/ENV/NAME, pipeline/NAME or image/NAME", s)
	for _, p := range parts {
		if p == "" {
			return Address{}, bad
		}
	}
	switch {
	case len(parts) == 1 && parts[0] == "app":
		return App(), nil
	case len(parts) == 2 && parts[0] == "app" && parts[1] == "dns":
		return AppDNS(), nil
	case len(parts) == 3 && parts[0] == "app" && parts[1] == "region":
		return Region(parts[2]), nil
	case len(parts) == 2 && parts[0] == "env":
		return Env(parts[1]), nil
	case len(parts) == 2 && parts[0] == "zone":
		return Zone(parts[1]), nil
	case len(parts) == 2 && parts[0] == "dns":
		return DNS(parts[1]), nil
	case len(parts) == 2 && parts[0] == "cert":
		return Cert(parts[1]), nil
	case len(parts) == 2 && parts[0] == "workload":
		return Workload(parts[1]), nil
	case len(parts) == 3 && parts[0] == "deploy":
		return Deploy(parts[1], parts[2]), nil
	case len(parts) == 3 && parts[0] == "alias":
		return Alias(parts[1], parts[2]), nil
	case len(parts) == 2 && parts[0] == "pipeline":
		return Pipeline(parts[1]), nil
	case len(parts) == 2 && parts[0] == "image":
		return Image(parts[1]), nil
	}
	return Address{}, bad
}

// MarshalText encodes the address as String does, so that it is a plain
// string in JSON (the plan file's nodes and their dependencies).
func (a Address) MarshalText() ([]byte, error) {
	if a.Kind == "" {
		return nil, fmt.Errorf("cannot encode the zero address")
	}
	return []byte(a.String()), nil
}

// UnmarshalText parses an address written by MarshalText.
func (a *Address) UnmarshalText(b []byte) error {
	parsed, err := Parse(string(b))
	if err != nil {
		return err
	}
	*a = parsed
	return nil
}
