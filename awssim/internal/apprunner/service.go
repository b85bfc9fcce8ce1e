// Package apprunner simulates the custom domains of App Runner:
// AssociateCustomDomain, DescribeCustomDomains and DisassociateCustomDomain
// on the AWS::AppRunner::Service resources of the simulated stacks.
//
// What it models: an association gets one certificate validation record
// (a CNAME with a deterministic fake name and value) for its domain, and
// one more for www.{domain} when EnableWWWSubdomain is on (App Runner's
// default). Its status is pending_certificate_dns_validation until every
// validation record exists with its value in a Route 53 zone of the
// simulator, then active (App Runner issues the certificate once it sees
// the records; the simulator does it on the next read). Disassociating
// removes the association at once (App Runner shows deleting for a while).
// An association whose service's stack is deleted goes with it.
package apprunner

import (
	"encoding/json"
	"strings"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/simcore"
)

// Stacks is what App Runner reads of CloudFormation.
type Stacks interface {
	// Settle and LiveResources are called with the lock held.
	Settle()
	LiveResources(account, region, typ string) []cfn.LiveResource
}

// DNS tells whether a record exists in Route 53; called with the lock held.
type DNS interface {
	HasRecord(name, typ, value string) bool
}

// Service is the simulated App Runner.
type Service struct {
	core   *simcore.Core
	stacks Stacks
	dns    DNS
	st     *state
}

type state struct {
	// Domains are the associations by service ARN, in association order.
	Domains map[string][]*domain `json:"domains,omitempty"`
}

type domain struct {
	Name string `json:"name"`
	WWW  bool   `json:"www,omitempty"`
}

// New returns App Runner over the stacks' services.
func New(core *simcore.Core, stacks Stacks, dns DNS) *Service {
	return &Service{core: core, stacks: stacks, dns: dns, st: &state{}}
}

// StateKey names the service's member of the state file.
func (x *Service) StateKey() string { return "AppRunner" }

// Snapshot returns the service's state, or nil while it has none (a state
// file written before the service existed stays byte for byte the same).
func (x *Service) Snapshot() any {
	if len(x.st.Domains) == 0 {
		return nil
	}
	return x.st
}

// Restore reads back what Snapshot returned.
func (x *Service) Restore(data json.RawMessage) error { return simcore.RestoreJSON(data, &x.st) }

// API says how calls reach the service: AWS JSON 1.0 (target prefix
// AppRunner), signing name "apprunner".
func (x *Service) API() simcore.API {
	return simcore.API{Name: "apprunner", Protocol: simcore.ProtocolJSON, Handle: x.handle}
}

var actions = map[string]simcore.Action[*Service]{
	"AssociateCustomDomain":    {Serve: (*Service).associate, Mutates: true},
	"DescribeCustomDomains":    {Serve: (*Service).describe, Mutates: false},
	"DisassociateCustomDomain": {Serve: (*Service).disassociate, Mutates: true},
}

type call = simcore.Call

func (x *Service) handle(r *simcore.Request) (any, error) {
	return simcore.ServeAction(x.core, "App Runner", x, actions, x.settle, r)
}

// settle brings the stacks up to the clock and forgets the associations
// of services that no longer exist.
func (x *Service) settle() {
	x.stacks.Settle()
	for arn := range x.st.Domains {
		account, region := arnAccountRegion(arn)
		if !x.exists(account, region, arn) {
			delete(x.st.Domains, arn)
		}
	}
}

func (x *Service) exists(account, region, arn string) bool {
	for _, r := range x.stacks.LiveResources(account, region, "AWS::AppRunner::Service") {
		if r.PhysicalID == arn {
			return true
		}
	}
	return false
}

// arnAccountRegion reads arn:aws:apprunner:REGION:ACCOUNT:service/….
func arnAccountRegion(arn string) (account, region string) {
	p := strings.SplitN(arn, ":", 6)
	if len(p) < 6 {
		return "", ""
	}
	return p[4], p[3]
}

// ServiceURL is the default domain of a service: the same as the
// ServiceUrl attribute of its stack's resource.
func ServiceURL(arn string) string {
	_, region := arnAccountRegion(arn)
	return simcore.Digest(10, arn) + "." + region + ".awsapprunner.com"
}
