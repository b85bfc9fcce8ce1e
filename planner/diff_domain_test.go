package planner

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/stacks"
)

// TestPlanDomain plans a request-driven service's custom domain from its
// alias and the live associations: a new alias is associated (the node an
// update though its stack does not change), one already there is no
// change, a dropped or replaced one is disassociated, and a deleted node
// disassociates every live domain.
func TestPlanDomain(t *testing.T) {
	zone := &stacks.DomainZone{Name: "example.com", Account: "111111111111", Region: "us-east-1"}
	d := &stacks.Desired{App: "shop", DomainZone: zone}
	node := func(alias string) *stacks.Node {
		return &stacks.Node{Addr: addr.Deploy("test", "api"), CustomDomain: alias}
	}
	live := func(names ...string) *State {
		s := &State{CustomDomains: map[string][]LiveCustomDomain{}}
		for _, n := range names {
			s.CustomDomains["deploy/test/api"] = append(s.CustomDomains["deploy/test/api"], LiveCustomDomain{Name: n, Status: "active"})
		}
		return s
	}
	for name, tc := range map[string]struct {
		n       *stacks.Node
		action  Action
		s       *State
		want    *DomainChange
		reasons []string
		after   Action
	}{
		"new":      {node("api.example.com"), NoOp, live(), &DomainChange{Associate: "api.example.com", Zone: zone}, []string{"custom domain api.example.com to associate"}, Update},
		"there":    {node("api.example.com"), NoOp, live("api.example.com"), &DomainChange{Unchanged: "api.example.com", Zone: zone}, nil, NoOp},
		"dropped":  {node(""), NoOp, live("api.example.com"), &DomainChange{Disassociate: []string{"api.example.com"}, Zone: zone}, []string{"custom domain api.example.com to disassociate"}, Update},
		"replaced": {node("www.example.com"), Update, live("api.example.com"), &DomainChange{Associate: "www.example.com", Disassociate: []string{"api.example.com"}, Zone: zone}, []string{"custom domain www.example.com to associate", "custom domain api.example.com to disassociate"}, Update},
		"deleted":  {nil, Delete, live("api.example.com"), &DomainChange{Disassociate: []string{"api.example.com"}, Zone: zone}, []string{"custom domain api.example.com to disassociate"}, Delete},
		"none":     {node(""), NoOp, live(), nil, nil, NoOp},
	} {
		t.Run(name, func(t *testing.T) {
			c := &Change{Address: "deploy/test/api", Action: tc.action}
			planDomain(c, tc.n, d, tc.s)
			if diff := cmp.Diff(tc.want, c.CustomDomain); diff != "" {
				t.Errorf("change (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.reasons, c.Reasons); diff != "" || c.Action != tc.after {
				t.Errorf("action %s, want %s; reasons (-want +got):\n%s", c.Action, tc.after, diff)
			}
		})
	}
}
