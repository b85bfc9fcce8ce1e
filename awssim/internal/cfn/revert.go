package cfn

import (
	"reflect"
)

// drifted reports whether a resource's actual properties differ from its
// template's (DriftResource changed them behind CloudFormation).
func (r *Resource) drifted() bool {
	return r.Actual != nil && !reflect.DeepEqual(normalize(r.Actual), normalize(r.Props))
}

// revertDrift makes the plan drift-aware: every resource the update would
// otherwise leave alone whose actual properties drifted is updated to its
// template's properties, which puts the drifted ones back.
func (p *cfnPlan) revertDrift() {
	for _, id := range p.Order {
		old := p.Old[id]
		if old == nil || p.updateKind(id) != "" || !old.drifted() {
			continue
		}
		back := old.clone()
		back.Actual = nil
		p.New[id] = back
		if p.Reverted == nil {
			p.Reverted = map[string]bool{}
		}
		p.Reverted[id] = true
	}
}

// revertChange is the change of a resource a drift-aware change set puts
// back: a Modify of each drifted top-level property, never a replacement
// (the template does not change).
func revertChange(prev, rec *Resource) cfnChange {
	c := cfnChange{Action: "Modify", LogicalID: rec.LogicalID, PhysicalID: prev.PhysicalID, Type: rec.Type, Replacement: "False"}
	seen := map[string]bool{}
	for _, path := range diffPaths(prev.Props, prev.Actual, nil) {
		if len(path) == 0 || seen[path[0]] {
			continue
		}
		seen[path[0]] = true
		c.Details = append(c.Details, cfnChangeProp{Name: path[0], RequiresRecreation: "Never"})
	}
	return c
}
