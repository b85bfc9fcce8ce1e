package awssim

// Stub owned by the CloudFormation engineer: replace this file with cfn*.go.

import (
	"encoding/json"
	"net/http"
)

type cfnService struct{ sim *Sim }

func newCFN(s *Sim) *cfnService { return &cfnService{sim: s} }

func (x *cfnService) service() *Service {
	return &Service{Name: "cloudformation", Protocol: ProtocolQuery, XMLNS: "http://cloudformation.amazonaws.com/doc/2010-05-15/", Handle: func(r *Request) (any, error) {
		return nil, Errorf("InvalidAction", "not implemented")
	}}
}

// snapshot returns the CloudFormation state to persist (JSON-marshalable).
// Called with Sim.mu held.
func (x *cfnService) snapshot() any { return struct{}{} }

// restore loads state written by snapshot. Called before serving.
func (x *cfnService) restore(data json.RawMessage) error { return nil }

// serveControl serves /_sim/cfn/... (faults and drift for CloudFormation).
func (x *cfnService) serveControl(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }
