package cloudfront

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/simcore"
)

// invalidationTime is how long an invalidation stays InProgress, in
// simulated time.
const invalidationTime = time.Minute

const distributionType = "AWS::CloudFront::Distribution"

// Stacks is what CloudFront reads of CloudFormation: the stacks'
// distributions.
type Stacks interface {
	// Settle brings every stack up to the clock.
	Settle()
	// EachResource calls f for each resource of each stack not deleted.
	EachResource(f func(st cfn.StackRef, r *cfn.Resource))
}

// Service is the simulated CloudFront API.
type Service struct {
	core   *simcore.Core
	stacks Stacks
	st     *cfState
}

// cfState holds the invalidations, by distribution ID, oldest first.
type cfState struct {
	Invalidations map[string][]*invalidation `json:"invalidations,omitempty"`
	Seq           int                        `json:"seq,omitempty"`
}

type invalidation struct {
	ID        string    `json:"id"`
	Account   string    `json:"account"`
	CallerRef string    `json:"callerRef"`
	Paths     []string  `json:"paths"`
	Created   time.Time `json:"created"`
}

// New returns CloudFront on core over the distributions of stacks.
func New(core *simcore.Core, stacks Stacks) *Service {
	return &Service{core: core, stacks: stacks, st: &cfState{}}
}

// StateKey names the service's member of the state file.
func (x *Service) StateKey() string { return "CloudFront" }

// Snapshot returns the state to persist, nil while there is none (the
// state file then has no CloudFront member). Called with the lock held.
func (x *Service) Snapshot() any {
	if len(x.st.Invalidations) == 0 {
		return nil
	}
	return x.st
}

// Restore reads back what Snapshot returned.
func (x *Service) Restore(data json.RawMessage) error {
	st := &cfState{}
	if err := json.Unmarshal(data, st); err != nil {
		return err
	}
	x.st = st
	return nil
}

// distributionExists reports whether a stack of account has a created
// distribution of that ID.
func (x *Service) distributionExists(account, id string) bool {
	x.stacks.Settle()
	found := false
	x.stacks.EachResource(func(st cfn.StackRef, r *cfn.Resource) {
		if r.Type == distributionType && r.PhysicalID == id && st.Account == account && !strings.HasPrefix(r.Status, "DELETE") {
			found = true
		}
	})
	return found
}

func (x *Service) newID(account, dist string) string {
	x.st.Seq++
	return "I" + strings.ToUpper(simcore.Digest(26, account, dist, strconv.Itoa(x.st.Seq)))
}

func (x *Service) status(inv *invalidation) string {
	if x.core.Now().Sub(inv.Created) >= invalidationTime {
		return "Completed"
	}
	return "InProgress"
}
