package awssim

import (
	"net/http"
	"strings"
	"time"

	"flightplan/awssim/internal/acm"
	"flightplan/awssim/internal/apprunner"
	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/cloudfront"
	"flightplan/awssim/internal/cloudwatch"
	"flightplan/awssim/internal/ec2"
	"flightplan/awssim/internal/ecr"
	"flightplan/awssim/internal/ecs"
	"flightplan/awssim/internal/elbv2"
	"flightplan/awssim/internal/logs"
	"flightplan/awssim/internal/route53"
	"flightplan/awssim/internal/s3"
	"flightplan/awssim/internal/sfn"
	"flightplan/awssim/internal/simcore"
	"flightplan/awssim/internal/ssm"
	"flightplan/awssim/internal/sts"
	"flightplan/awssim/internal/tagging"
)

// Sim is the simulator: the services, their state, the clock, the fault
// plan and the call counters. It is an http.Handler and safe for concurrent
// use.
type Sim struct {
	core *simcore.Core

	cfn *cfn.Service
	ecs *ecs.Service
	sfn *sfn.Service
	cw  *cloudwatch.Service
}

// Options configure a simulator.
type Options struct {
	// StateDir keeps the state in a folder: a snapshot and a journal of
	// changes, each call's changes written before it is answered, read
	// back by New (Close compacts it). Empty keeps it in memory only.
	StateDir string
	// Clock drives simulated time; nil means a real clock at scale 1.
	Clock Clock
	// StrictDNS makes ACM issue a DNS-validated certificate only when its
	// zone is delegated from a zone created through the Route 53 API (the
	// user's parent zone); without it, a chain of delegations may end at
	// any zone.
	StrictDNS bool
}

// testStateDir, set by this package's tests, gives a simulator without a
// state folder one, so that every test also runs the persisting.
var testStateDir func() string

// New builds a simulator, reading its state from opts.StateDir if present.
func New(opts Options) (*Sim, error) {
	clock := opts.Clock
	if clock == nil {
		clock = NewRealClock(1)
	}
	core := simcore.New(clock)
	s := &Sim{core: core, cfn: cfn.New(core)}
	logStore := logs.New(core, s.cfn)
	s.ecs = ecs.New(core, s.cfn, logStore)
	s.sfn = sfn.New(core, s.cfn)
	s.cw = cloudwatch.New(core, s.cfn)
	identity := sts.New(core)
	zones := route53.New(core, s.cfn)
	buckets := s3.New(core, s.cfn)
	repos := ecr.New(core, s.cfn)
	params := ssm.New(core, identity)
	s.cfn.SetObjectReader(buckets)
	for _, p := range []cfn.Provider{buckets, repos, zones, params, acm.New(acmDNS{zones}, opts.StrictDNS)} {
		s.cfn.AddProvider(p)
	}
	// The state file lists the services in this order.
	for _, svc := range []simcore.Service{params, identity, s.cfn, zones, buckets, repos, tagging.New(core, s.cfn), s.ecs, logStore, s.sfn, elbv2.New(core, s.cfn, ecsTargets{s.ecs}), cloudfront.New(core, s.cfn), ec2.New(), s.cw, apprunner.New(core, s.cfn, zones)} {
		core.Register(svc)
	}
	dir := opts.StateDir
	if dir == "" && testStateDir != nil {
		dir = testStateDir()
	}
	if err := s.core.Open(dir); err != nil {
		return nil, err
	}
	return s, nil
}

// ServeHTTP serves the control endpoints under /_sim/ and API calls
// everywhere else.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_sim/") {
		s.serveControl(w, r)
		return
	}
	s.core.ServeHTTP(w, r)
}

// Clock returns the simulator's clock.
func (s *Sim) Clock() Clock { return s.core.Clock() }

// StateError returns the error of the last failed write of the state file,
// or nil if the last write succeeded or there is no state file.
func (s *Sim) StateError() error { return s.core.StateError() }

// AccessKey returns the access key the simulator attributes to account:
// "SIM" followed by the account's 12 digits.
func AccessKey(account string) string { return "SIM" + account }

// DefaultAccount owns every access key that does not name an account.
const DefaultAccount = simcore.DefaultAccount

// CallCount is how many calls one action received from one account in one
// region, throttled calls included.
type CallCount = simcore.CallCount

// Calls returns every non-zero counter, sorted by account, region, service
// and action. The slice is the caller's.
func (s *Sim) Calls() []CallCount { return s.core.Counters().Calls() }

// CallCount returns how many calls service's action received, summed over
// every account and region. service is the SigV4 signing name ("ssm", "sts",
// "cloudformation").
func (s *Sim) CallCount(service, action string) int {
	return s.core.Counters().CallCount(service, action)
}

// TotalCalls returns how many API calls the simulator received since it
// started or since the last ResetCounters.
func (s *Sim) TotalCalls() int { return s.core.Counters().TotalCalls() }

// ThrottledCalls returns how many calls to service's action Throttle made
// fail, over every account and region. They are also counted by CallCount.
func (s *Sim) ThrottledCalls(service, action string) int {
	return s.core.Counters().ThrottledCalls(service, action)
}

// ResetCounters sets every counter, throttled calls included, back to zero.
// Counters are not persisted.
func (s *Sim) ResetCounters() { s.core.Counters().Reset() }

// Throttle makes fraction (0 to 1) of the calls to service's action fail
// with the throttling error the service really returns, which the SDK's
// standard retryer recognises and retries: "ThrottlingException" for JSON
// services, "Throttling" for Query services, both "Rate exceeded" with HTTP
// 400; "SlowDown" with HTTP 503 for S3. action "*" throttles every action
// of the service. The choice is deterministic: throttled calls are spread
// evenly over the calls counted from this moment (at 0.25, every fourth
// call fails), so a test sees the same sequence every run. A fraction of 0
// removes the rule.
func (s *Sim) Throttle(service, action string, fraction float64) {
	s.core.Faults().Throttle(service, action, fraction)
}

// SetLatency makes every API call sleep d of real time before it is served,
// for benchmarks that want a network-like round trip. Zero removes it.
func (s *Sim) SetLatency(d time.Duration) { s.core.Faults().SetLatency(d) }

// ClearFaults removes every throttling rule and the latency. CloudFormation
// faults (failing resources, drift) are cleared through their own API.
func (s *Sim) ClearFaults() { s.core.Faults().Clear() }

var _ http.Handler = (*Sim)(nil)

// acmDNS shows ACM the hosted zones of Route 53.
type acmDNS struct{ zones *route53.Service }

// Zones converts Route 53's zones, field for field.
func (d acmDNS) Zones() []acm.Zone {
	var out []acm.Zone
	for _, z := range d.zones.Zones() {
		out = append(out, acm.Zone(z))
	}
	return out
}

// ecsTargets shows Elastic Load Balancing the targets ECS services
// register.
type ecsTargets struct{ ecs *ecs.Service }

// Targets converts ECS's targets, field for field.
func (t ecsTargets) Targets(account, region, targetGroup string) []elbv2.Target {
	var out []elbv2.Target
	for _, e := range t.ecs.Targets(account, region, targetGroup) {
		out = append(out, elbv2.Target(e))
	}
	return out
}

// Close writes the state folder's last changes and releases it. The
// simulator must not serve calls after Close. Without a state folder it
// does nothing.
func (s *Sim) Close() error { return s.core.Close() }
