package schema

import "time"

// Protocol versions of an application load balancer's target group
// (http.version), as CloudFormation spells them.
const (
	VersionHTTP1 = "HTTP1"
	VersionHTTP2 = "HTTP2"
	VersionGRPC  = "GRPC"
)

// gRPC health check defaults: the load balancer's own, since a gRPC server
// answers "/" with no HTTP status (see docs/language.md).
const (
	DefaultGRPCHealthcheckPath = "/AWS.ALB/healthcheck"
	DefaultGRPCSuccessCodes    = "12"
)

// AllRules is the main rule followed by the additional ones; nil for a
// nil h.
func (h *ServiceHTTP) AllRules() []*ServiceHTTP {
	if h == nil {
		return nil
	}
	return append([]*ServiceHTTP{h}, h.Rules...)
}

// NLB protocols of a listener (nlb.port "PORT/PROTOCOL").
const (
	NLBTCP = "TCP"
	NLBUDP = "UDP"
	NLBTLS = "TLS"
)

// DefaultNLBSSLPolicy is a TLS listener's policy when ssl_policy is unset,
// as Copilot's.
const DefaultNLBSSLPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

// NLB is a load-balanced web service's own network load balancer: one
// listener per entry, the first from the nlb block itself, the others from
// its additional_listener blocks (Copilot's nlb.additional_listeners).
type NLB struct {
	Listeners []*NLBListener
	Alias     []string // host names; with a domain, records in the environment's zone
}

// NLBListener is one listener and its target group.
type NLBListener struct {
	Port     int
	Protocol string // NLBTCP, NLBUDP or NLBTLS
	// TargetContainer empty is the main container; TargetPort 0 is the
	// target container's port.
	TargetContainer     string
	TargetPort          int
	SSLPolicy           string // TLS only; empty for DefaultNLBSSLPolicy
	Stickiness          bool
	DeregistrationDelay time.Duration // default 60s
	Healthcheck         NLBHealthcheck
}

// NLBHealthcheck is a network target group's health check. Zero values
// leave Elastic Load Balancing's defaults, as Copilot does.
type NLBHealthcheck struct {
	Port               int
	HealthyThreshold   int
	UnhealthyThreshold int
	Interval           time.Duration
	Timeout            time.Duration
	GracePeriod        time.Duration // 0: the default grace period, 60s
}

// HasTLS reports whether a listener terminates TLS (the service then needs
// a certificate, and the app a domain).
func (n *NLB) HasTLS() bool {
	for _, l := range n.Listeners {
		if l.Protocol == NLBTLS {
			return true
		}
	}
	return false
}

// ListenerCount is the number of listeners (and target groups); 0 for a
// nil n.
func (n *NLB) ListenerCount() int {
	if n == nil {
		return 0
	}
	return len(n.Listeners)
}
