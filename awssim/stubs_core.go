package awssim

// Stubs owned by the simulator-core engineer: replace this file with
// counters.go, faults.go, control.go, store.go, sts.go and ssm.go.

import (
	"net/http"
	"sync"
)

type counters struct {
	mu sync.Mutex
	n  map[string]int
}

func newCounters() *counters { return &counters{n: map[string]int{}} }

func (c *counters) count(account, region, service, action string) {
	c.mu.Lock()
	c.n[service+":"+action]++
	c.mu.Unlock()
}

type faults struct{}

func newFaults() *faults { return &faults{} }

func (f *faults) before(r *Request) *APIError { return nil }

func (s *Sim) serveControl(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }

type store struct{}

func openStore(dir string, s *Sim) (*store, error) { return &store{}, nil }

type stsService struct{ sim *Sim }

func newSTS(s *Sim) *stsService { return &stsService{sim: s} }

func (x *stsService) service() *Service {
	return &Service{Name: "sts", Protocol: ProtocolQuery, XMLNS: "https://sts.amazonaws.com/doc/2011-06-15/", Handle: func(r *Request) (any, error) {
		return nil, Errorf("InvalidAction", "not implemented")
	}}
}

type ssmService struct{ sim *Sim }

func newSSM(s *Sim) *ssmService { return &ssmService{sim: s} }

func (x *ssmService) service() *Service {
	return &Service{Name: "ssm", Protocol: ProtocolJSON, Handle: func(r *Request) (any, error) {
		return nil, Errorf("InvalidAction", "not implemented")
	}}
}
