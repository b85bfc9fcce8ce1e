// Package addr defines the typed addresses of the nodes of flightplan's graph.
//
// An Address names one managed object: the app, an app region, an environment,
// a workload's SSM document, a workload's deployment in one environment, or a
// pipeline. The same value is the graph's vertex name, the plan's key, the
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
	KindRegion   Kind = "app/region"
	KindEnv      Kind = "env"
	KindWorkload Kind = "workload"
	KindDeploy   Kind = "deploy"
	KindPipeline Kind = "pipeline"
	KindImage    Kind = "image"
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

// Region is the address of the app's per-region stack.
func Region(region string) Address { return Address{Kind: KindRegion, Region: region} }

// Env is the address of an environment.
func Env(name string) Address { return Address{Kind: KindEnv, Env: name} }

// Workload is the address of a workload's SSM document.
func Workload(name string) Address { return Address{Kind: KindWorkload, Name: name} }

// Deploy is the address of a workload's stack in one environment.
func Deploy(env, name string) Address { return Address{Kind: KindDeploy, Env: env, Name: name} }

// Pipeline is the address of a release pipeline.
func Pipeline(name string) Address { return Address{Kind: KindPipeline, Name: name} }

// Image is the address of an image build.
func Image(name string) Address { return Address{Kind: KindImage, Name: name} }

// String renders the address as users type it: app, app/region/us-east-1,
// env/test, workload/api, deploy/test/api, pipeline/release, image/app.
func (a Address) String() string {
	switch a.Kind {
	case KindApp:
		return "app"
	case KindRegion:
		return "app/region/" + a.Region
	case KindEnv:
		return "env/" + a.Env
	case KindDeploy:
		return "deploy/" + a.Env + "/" + a.Name
	default:
		return string(a.Kind) + "/" + a.Name
	}
}

// Less orders addresses by kind (creation order), then by their text.
func (a Address) Less(b Address) bool {
	if ra, rb := kindRank[a.Kind], kindRank[b.Kind]; ra != rb {
		return ra < rb
	}
	return a.String() < b.String()
}

var kindRank = map[Kind]int{KindApp: 0, KindRegion: 1, KindImage: 2, KindEnv: 3, KindWorkload: 4, KindDeploy: 5, KindPipeline: 6}

// Parse reads an address in the form String writes.
func Parse(s string) (Address, error) {
	parts := strings.Split(s, "/")
	bad := fmt.Errorf("invalid address %q: want app, app/region/REGION, env/ENV, workload/NAME, deploy/ENV/NAME, pipeline/NAME or image/NAME", s)
	for _, p := range parts {
		if p == "" {
			return Address{}, bad
		}
	}
	switch {
	case len(parts) == 1 && parts[0] == "app":
		return App(), nil
	case len(parts) == 3 && parts[0] == "app" && parts[1] == "region":
		return Region(parts[2]), nil
	case len(parts) == 2 && parts[0] == "env":
		return Env(parts[1]), nil
	case len(parts) == 2 && parts[0] == "workload":
		return Workload(parts[1]), nil
	case len(parts) == 3 && parts[0] == "deploy":
		return Deploy(parts[1], parts[2]), nil
	case len(parts) == 2 && parts[0] == "pipeline":
		return Pipeline(parts[1]), nil
	case len(parts) == 2 && parts[0] == "image":
		return Image(parts[1]), nil
	}
	return Address{}, bad
}
