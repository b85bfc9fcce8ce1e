package planner

import (
	"fmt"

	"flightplan/addr"
)

// DriftedProperty is one resource property that differs in AWS from the
// deployed template, as drift detection reports it.
type DriftedProperty struct {
	Addr      addr.Address
	LogicalID string
	Type      string
	// Path is the property ("Properties.RetentionInDays").
	Path             string
	Expected, Actual any
}

// RevertDrift adds to the plan what apply --revert-drift puts back: each
// drifted property becomes a change of its resource from the actual value
// to the template's, marked DriftReverted, and a stack with nothing else
// to change is updated (its drift-aware change set holds only reverts).
// Properties the plan already changes are left as planned. It returns how
// many properties are reverted.
func (p *Plan) RevertDrift(props []DriftedProperty) int {
	byAddr := changesByAddr(p)
	n := 0
	for _, d := range props {
		c := byAddr[d.Addr]
		if c == nil || c.Stack == nil || c.Action == Delete || c.Action == Create || c.Action == Recreate {
			continue
		}
		r := c.Stack.resource(d.LogicalID, d.Type)
		if r.Action != Update || r.hasProperty(d.Path) {
			continue // created, replaced or removed: nothing drifted stays
		}
		r.DriftReverted = true
		r.Properties = append(r.Properties, ValueChange{Path: d.Path, Before: d.Actual, After: d.Expected})
		n++
		if c.Action == NoOp {
			c.Action, c.Stack.Action = Update, Update
			c.Reasons = append(c.Reasons, fmt.Sprintf("its stack drifted: apply --revert-drift puts %s back", d.LogicalID))
		}
	}
	return n
}

func changesByAddr(p *Plan) map[addr.Address]*Change {
	m := map[addr.Address]*Change{}
	for _, c := range p.Changes {
		a := c.Addr
		if a.Kind == "" {
			a, _ = addr.Parse(c.Address)
		}
		m[a] = c
	}
	return m
}

// resource returns the stack's change of a resource, adding an update of
// it when the plan has none.
func (s *StackChange) resource(id, typ string) *ResourceChange {
	for i := range s.Resources {
		if s.Resources[i].LogicalID == id {
			return &s.Resources[i]
		}
	}
	s.Resources = append(s.Resources, ResourceChange{LogicalID: id, Type: typ, Action: Update})
	return &s.Resources[len(s.Resources)-1]
}

func (r *ResourceChange) hasProperty(path string) bool {
	for _, v := range r.Properties {
		if v.Path == path {
			return true
		}
	}
	return false
}
