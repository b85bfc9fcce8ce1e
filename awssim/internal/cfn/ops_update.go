package cfn

import (
	"maps"
	"reflect"
	"slices"
	"time"

	"flightplan/awssim/internal/cfntemplate"
)

const replacingReason = "Requested update requires the creation of a new physical resource; hence creating one."

// updateKind says what an update does to a resource: add, modify,
// replace, or "" (unchanged).
func (p *cfnPlan) updateKind(id string) string {
	rec, old := p.New[id], p.Old[id]
	switch {
	case old == nil:
		return "add"
	case rec.PhysicalID != old.PhysicalID || rec.Type != old.Type:
		return "replace"
	case rec.Nested != old.Nested, old.Status == "UPDATE_FAILED", p.Reverted[id]:
		return "modify"
	case reflect.DeepEqual(normalize(rec.Props), normalize(old.Props)):
		return ""
	}
	return "modify"
}

func (b *cfnBuilder) update() *cfnConfig {
	p := b.plan
	b.stack(b.t0, "UPDATE_IN_PROGRESS", "User Initiated")
	ph, ids := b.updates(b.t0.Add(sec))
	if ph.FailAt.IsZero() && p.StackFail == "" {
		b.cleanup(ph.End.Add(sec))
		return &p.Cfg
	}
	if p.OnFailure == "DO_NOTHING" {
		// Rollback disabled: what succeeded stays; a later update retries.
		b.stack(later(ph.FailAt, ph.End).Add(sec), "UPDATE_FAILED", b.rollbackReason(ph))
		return &p.Cfg
	}
	b.rollback(ph, ids)
	return &p.OldCfg
}

// updates schedules the forward phase: adds, modifications, replacements.
func (b *cfnBuilder) updates(t0 time.Time) (cfnPhase, []string) {
	p := b.plan
	var acts []cfnAction
	var ids []string
	for _, id := range p.Order {
		if p.updateKind(id) == "" {
			continue
		}
		r := p.New[id]
		acts = append(acts, cfnAction{ID: id, Deps: r.Deps, Dur: b.dur(r, "update"), Fail: p.Faults[id], FailAfter: p.FailAfter[id]})
		ids = append(ids, id)
	}
	ph := schedule(t0, acts, p.Stop, false)
	for _, a := range acts {
		b.emitUpdate(a.ID, ph.At[a.ID], a.Fail)
	}
	return ph, ids
}

func (b *cfnBuilder) emitUpdate(id string, t cfnTiming, fail string) {
	p := b.plan
	rec, old := p.New[id], p.Old[id]
	switch kind := p.updateKind(id); {
	case kind == "add":
		b.emitCreate(rec, t, fail)
	case t.Outcome == outSkipped:
	case kind == "replace":
		b.res(t.Start, rec, rec.PhysicalID, "UPDATE_IN_PROGRESS", replacingReason, true)
		b.finishUpdate(rec, t, fail)
	default:
		b.res(t.Start, old, old.PhysicalID, "UPDATE_IN_PROGRESS", "", true)
		b.invoke("Update", rec, old, old.PhysicalID)
		b.nestedStep(rec, "UPDATE")
		b.finishUpdate(rec, t, fail)
	}
}

func (b *cfnBuilder) finishUpdate(rec *Resource, t cfnTiming, fail string) {
	switch t.Outcome {
	case outFailed:
		b.res(t.End, rec, rec.PhysicalID, "UPDATE_FAILED", fail, true)
	case outCancelled:
		b.res(t.End, rec, rec.PhysicalID, "UPDATE_FAILED", "Resource update cancelled", true)
	default:
		b.res(t.End, rec, rec.PhysicalID, "UPDATE_COMPLETE", "", true)
	}
}

// cleanup deletes removed resources and replaced physical resources.
func (b *cfnBuilder) cleanup(at time.Time) {
	p := b.plan
	b.stack(at, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "")
	for _, id := range p.Order {
		if p.updateKind(id) == "" && p.policyChanged(id) {
			// the resource is untouched and sends no event; the stack
			// keeps its new DeletionPolicy from now on
			b.steps = append(b.steps, cfnStep{At: at, Set: p.New[id]})
		}
	}
	var dels []cfnDeletion
	for _, id := range oldOrder(p.Old) {
		old := p.Old[id]
		switch rec := p.New[id]; {
		case rec == nil:
			dels = append(dels, cfnDeletion{Rec: old, Phys: old.PhysicalID})
		case rec.PhysicalID != old.PhysicalID:
			dels = append(dels, cfnDeletion{Rec: old, Phys: old.PhysicalID, Untracked: true})
		}
	}
	ph := b.deletes(at.Add(sec), dels, nil)
	b.stack(ph.End.Add(sec), "UPDATE_COMPLETE", "")
}

// rollback reverts what the forward phase changed, then deletes what it
// created.
func (b *cfnBuilder) rollback(ph cfnPhase, ids []string) {
	p := b.plan
	at := later(ph.FailAt, ph.End).Add(sec)
	b.stack(at, "UPDATE_ROLLBACK_IN_PROGRESS", b.rollbackReason(ph))
	var reverts []cfnAction
	for _, id := range ids {
		if t := ph.At[id]; t.Outcome != outSkipped && p.updateKind(id) != "add" {
			old := p.Old[id]
			reverts = append(reverts, cfnAction{ID: id, Deps: old.Deps, Dur: durationOf(old.Type, "update")})
		}
	}
	rph := schedule(at.Add(sec), reverts, time.Time{}, false)
	for _, a := range reverts {
		old, t := p.Old[a.ID], rph.At[a.ID]
		b.res(t.Start, old, old.PhysicalID, "UPDATE_IN_PROGRESS", "", true)
		b.invoke("Update", old, p.New[a.ID], old.PhysicalID)
		b.res(t.End, old, old.PhysicalID, "UPDATE_COMPLETE", "", true)
	}
	at = rph.End.Add(sec)
	b.stack(at, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "")
	dph := b.deletes(at.Add(sec), b.createdInUpdate(ph, ids), nil)
	b.stack(dph.End.Add(sec), "UPDATE_ROLLBACK_COMPLETE", "")
}

func (b *cfnBuilder) rollbackReason(ph cfnPhase) string {
	p := b.plan
	if len(ph.Failed) == 0 {
		if p.StackFail != "" {
			return p.StackFail
		}
		return "Stack update cancelled"
	}
	verb := "update"
	for _, id := range ph.Failed {
		if p.updateKind(id) == "add" {
			verb = "create"
		}
	}
	return "The following resource(s) failed to " + verb + ": " + cfntemplate.Bracketed(ph.Failed) + ". "
}

// createdInUpdate returns what the forward phase created: added resources
// (dropped from the stack) and new physical resources of replacements.
func (b *cfnBuilder) createdInUpdate(ph cfnPhase, ids []string) []cfnDeletion {
	p := b.plan
	var out []cfnDeletion
	for _, id := range ids {
		t := ph.At[id]
		kind := p.updateKind(id)
		if t.Outcome == outSkipped || (kind != "add" && kind != "replace") {
			continue
		}
		rec, phys := p.New[id], p.New[id].PhysicalID
		if t.Outcome == outFailed {
			phys = ""
		}
		out = append(out, cfnDeletion{Rec: rec, Phys: phys, Untracked: kind == "replace"})
	}
	return out
}

// oldOrder returns the logical IDs of resources in dependency order.
func oldOrder(recs map[string]*Resource) []string {
	var out []string
	seen := map[string]bool{}
	var visit func(id string)
	visit = func(id string) {
		if seen[id] || recs[id] == nil {
			return
		}
		seen[id] = true
		for _, d := range recs[id].Deps {
			visit(d)
		}
		out = append(out, id)
	}
	for _, id := range slices.Sorted(maps.Keys(recs)) {
		visit(id)
	}
	return out
}
