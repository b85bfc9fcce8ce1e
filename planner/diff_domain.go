package planner

import (
	"fmt"
	"slices"

	"flightplan/stacks"
)

// LiveCustomDomain is one custom domain associated with a request-driven
// service's App Runner service, as DescribeCustomDomains shows it.
type LiveCustomDomain struct {
	Name   string `json:"name"`
	Status string `json:"status"`
}

// DomainChange is what apply does to a request-driven service's custom
// domains after its stack (before it, for a delete): the domain it
// associates, with its validation and alias records written in Zone, and
// those it disassociates, their records deleted.
type DomainChange struct {
	Associate    string   `json:"associate,omitempty"`
	Disassociate []string `json:"disassociate,omitempty"`
	// Unchanged is the desired domain, already associated.
	Unchanged string             `json:"unchanged,omitempty"`
	Zone      *stacks.DomainZone `json:"zone,omitempty"`
}

func (d *DomainChange) changed() bool {
	return d != nil && (d.Associate != "" || len(d.Disassociate) > 0)
}

// planDomain sets a request-driven service's custom domain change on c
// from its desired alias (none when the node goes) and the associations
// read live (State.CustomDomains), and makes a node whose stack does not
// change an update when its domain does.
func planDomain(c *Change, n *stacks.Node, d *stacks.Desired, s *State) {
	want := ""
	if n != nil && c.Action != Delete {
		want = n.CustomDomain
	}
	live := s.CustomDomains[c.Address]
	if want == "" && len(live) == 0 {
		return
	}
	dc := &DomainChange{Zone: d.DomainZone}
	for _, l := range live {
		if l.Name == want {
			dc.Unchanged = want
		} else {
			dc.Disassociate = append(dc.Disassociate, l.Name)
		}
	}
	slices.Sort(dc.Disassociate)
	if want != "" && dc.Unchanged == "" {
		dc.Associate = want
	}
	c.CustomDomain = dc
	if !dc.changed() {
		return
	}
	if dc.Associate != "" {
		c.Reasons = append(c.Reasons, fmt.Sprintf("custom domain %s to associate", dc.Associate))
	}
	for _, name := range dc.Disassociate {
		c.Reasons = append(c.Reasons, fmt.Sprintf("custom domain %s to disassociate", name))
	}
	if c.Action == NoOp {
		c.Action = Update
	}
}
