package planner

import (
	"sort"
	"strings"
	"time"

	"flightplan/addr"
	"flightplan/stacks"
)

// State is the live state of one application as read from AWS (package live
// reads it; tests build it by hand): its SSM
// documents (in the app's account and region) and the CloudFormation stacks
// tagged copilot-application={app} in every account and region read. There is
// no state file: this is the truth a plan is computed against.
type State struct {
	App string
	// Stacks are sorted by Key.
	Stacks []*LiveStack
	// Parameters are sorted by name.
	Parameters []*LiveParameter
	// Images says, by ImageKey, whether an image node's tag is in a
	// repository; nil (or a missing key) when not read (see live.ReadImages).
	Images map[string]bool
	// SiteObjects holds, by a static site's deploy address
	// ("deploy/dev/www"), its bucket's objects by key; a missing address
	// means the bucket does not exist yet or was not read (live.ReadSites).
	SiteObjects map[string]map[string]SiteObject
	// CustomDomains holds, by a request-driven service's deploy address,
	// the custom domains associated with its App Runner service; a
	// missing address has none or was not read (live.ReadCustomDomains).
	CustomDomains map[string][]LiveCustomDomain
	// Lookups holds the facts of AWS that stack Inputs look up
	// (stacks.Input.Lookup), by LookupKey; a missing key is not read.
	Lookups map[string]string
}

// LookupKey is the key of a looked-up fact in State.Lookups:
// "lookup/account/region".
func LookupKey(lookup, account, region string) string { return lookup + "/" + account + "/" + region }

// LiveStack is one deployed stack.
type LiveStack struct {
	Account string
	Region  string
	Name    string
	ID      string
	Status  string
	// StatusReason is CloudFormation's reason for the status, if any.
	StatusReason string
	// LastUpdated is the last update time, or the creation time of a stack
	// never updated.
	LastUpdated time.Time
	Parameters  map[string]string
	Tags        map[string]string
	Outputs     map[string]string
	// Template is the deployed template (TemplateStage Original), JSON or
	// YAML as it was sent.
	Template []byte
}

// Key is the stack's fingerprint key: "account/region/name".
func (s *LiveStack) Key() string { return stackKey(s.Account, s.Region, s.Name) }

func stackKey(account, region, name string) string {
	return account + "/" + region + "/" + name
}

// LiveParameter is one SSM parameter. Its tags are not read (that would take
// one ListTagsForResource per parameter); the path alone says what it is.
type LiveParameter struct {
	Name         string
	Value        string
	Version      int64
	LastModified time.Time
}

// Stack returns the live stack of that name in that account and region, or nil.
func (s *State) Stack(account, region, name string) *LiveStack {
	for _, st := range s.Stacks {
		if st.Account == account && st.Region == region && st.Name == name {
			return st
		}
	}
	return nil
}

// Parameter returns the live parameter of that name, or nil.
func (s *State) Parameter(name string) *LiveParameter {
	for _, p := range s.Parameters {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Sort puts the stacks and parameters in their documented order; whoever
// fills a State (package live) calls it once they are all read.
func (s *State) Sort() {
	sort.Slice(s.Stacks, func(i, j int) bool { return s.Stacks[i].Key() < s.Stacks[j].Key() })
	sort.Slice(s.Parameters, func(i, j int) bool { return s.Parameters[i].Name < s.Parameters[j].Name })
}

// The tags Copilot and flightplan put on stacks.
const (
	TagApplication        = "copilot-application"
	TagEnvironment        = "copilot-environment"
	TagService            = "copilot-service"
	TagPipeline           = "copilot-pipeline"
	TagDeletionProtection = stacks.TagDeletionProtection
	// TagNode names the node of a stack Copilot has no tag for: the hosted
	// zones, NS delegations and alias records in another account's zone
	// (app/dns, zone/{env}, dns/{env}, alias/{env}/{svc}) and the CloudFront
	// certificates in us-east-1 (cert/{env}).
	TagNode = "flightplan:node"
)

// StackAddress says which node a live stack of app belongs to, from its tags
// and name: flightplan:node → that address (zones, delegations and
// CloudFront certificates);
// copilot-environment + copilot-service → deploy/{env}/{svc};
// copilot-environment alone → env/{env}; copilot-pipeline → pipeline/{name};
// {app}-infrastructure-roles → app; {app}-infrastructure-{region} →
// app/region/{region}. ok is false for a stack tagged for the app that
// flightplan does not manage (left alone, with a note).
func StackAddress(app string, s *LiveStack) (a addr.Address, ok bool) {
	env, svc, pipe := s.Tags[TagEnvironment], s.Tags[TagService], s.Tags[TagPipeline]
	if a, err := addr.Parse(s.Tags[TagNode]); err == nil {
		switch a.Kind {
		case addr.KindAppDNS, addr.KindZone, addr.KindDNS, addr.KindAlias, addr.KindCert:
			return a, true
		}
	}
	switch {
	case env != "" && svc != "":
		return addr.Deploy(env, svc), true
	case env != "":
		return addr.Env(env), true
	case pipe != "":
		return addr.Pipeline(pipe), true
	case s.Name == app+"-infrastructure-roles":
		return addr.App(), true
	case strings.HasPrefix(s.Name, app+"-infrastructure-"):
		return addr.Region(strings.TrimPrefix(s.Name, app+"-infrastructure-")), true
	}
	return addr.Address{}, false
}

// ParameterAddress says which node an SSM document under
// /copilot/applications/{app} belongs to: the app document → app,
// …/environments/{env} → env/{env}, …/components/{name} → workload/{name}.
// ok is false for any other path (left alone, with a note).
func ParameterAddress(app, name string) (a addr.Address, ok bool) {
	root := AppPath(app)
	if name == root {
		return addr.App(), true
	}
	rest, found := strings.CutPrefix(name, root+"/")
	if !found {
		return addr.Address{}, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 2 || parts[1] == "" {
		return addr.Address{}, false
	}
	switch parts[0] {
	case "environments":
		return addr.Env(parts[1]), true
	case "components":
		return addr.Workload(parts[1]), true
	}
	return addr.Address{}, false
}

// AppPath is the SSM path of the app's document, under which every other
// document of the app lives.
func AppPath(app string) string { return "/copilot/applications/" + app }
