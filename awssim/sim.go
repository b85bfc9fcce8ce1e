package awssim

import (
	"net/http"
	"sync"
)

// Sim is the simulator: the services, their state, the clock, the fault
// plan and the call counters. It is an http.Handler and safe for concurrent
// use.
type Sim struct {
	// mu guards the state of every service; handlers hold it while they read
	// or change state, so each call is atomic. It is never held while
	// waiting on time.
	mu       sync.Mutex
	clock    Clock
	services map[string]*Service
	counters *counters
	faults   *faults
	store    *store

	sts *stsService
	ssm *ssmService
	cfn *cfnService
	r53 *route53Service
	s3  *s3Service
	ecr *ecrService

	strictDNS bool // Options.StrictDNS
}

// Options configure a simulator.
type Options struct {
	// StateDir keeps the state in a folder, written atomically after every
	// change and read back by New. Empty keeps it in memory only.
	StateDir string
	// Clock drives simulated time; nil means a real clock at scale 1.
	Clock Clock
	// StrictDNS makes ACM issue a DNS-validated certificate only when its
	// zone is delegated from a zone created through the Route 53 API (the
	// user's parent zone); without it, a chain of delegations may end at
	// any zone (see acm.go).
	StrictDNS bool
}

// New builds a simulator, reading its state from opts.StateDir if present.
func New(opts Options) (*Sim, error) {
	s := &Sim{clock: opts.Clock, services: map[string]*Service{}, counters: newCounters(), faults: newFaults(), strictDNS: opts.StrictDNS}
	if s.clock == nil {
		s.clock = NewRealClock(1)
	}
	s.sts = newSTS(s)
	s.ssm = newSSM(s)
	s.cfn = newCFN(s)
	s.r53 = newRoute53(s)
	s.s3 = newS3(s)
	s.ecr = newECR(s)
	for _, svc := range []*Service{s.sts.service(), s.ssm.service(), s.cfn.service(), s.r53.service(), s.s3.service(), s.ecr.service()} {
		s.services[svc.Name] = svc
	}
	st, err := openStore(opts.StateDir, s)
	if err != nil {
		return nil, err
	}
	s.store = st
	return s, nil
}

// Clock returns the simulator's clock.
func (s *Sim) Clock() Clock { return s.clock }

var _ http.Handler = (*Sim)(nil)

// AccessKey returns the access key the simulator attributes to account:
// "SIM" followed by the account's 12 digits.
func AccessKey(account string) string { return "SIM" + account }
