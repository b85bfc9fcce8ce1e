package cfn

import (
	"time"

	"flightplan/awssim/internal/cfntemplate"
)

const sec = time.Second

// build computes the whole schedule of an operation starting at t0 and the
// configuration the stack holds when it ends.
func (p *cfnPlan) build(t0 time.Time) ([]cfnStep, *cfnConfig) {
	b := &cfnBuilder{plan: p, t0: t0}
	var final *cfnConfig
	switch p.Kind {
	case "CREATE":
		final = b.create()
	case "UPDATE":
		final = b.update()
	case "DELETE":
		b.delete()
	case "IMPORT":
		final = b.importOp()
	}
	return b.steps, final
}

func (b *cfnBuilder) create() *cfnConfig {
	p := b.plan
	b.stack(b.t0, "CREATE_IN_PROGRESS", "User Initiated")
	ph := b.creates(b.t0.Add(sec), p.Order, p.New, p.Faults)
	if ph.FailAt.IsZero() && p.StackFail == "" {
		b.stack(ph.End.Add(sec), "CREATE_COMPLETE", "")
		return &p.Cfg
	}
	reason, at := p.StackFail, later(ph.FailAt, ph.End)
	if len(ph.Failed) > 0 {
		reason = "The following resource(s) failed to create: " + cfntemplate.Bracketed(ph.Failed) + ". "
	}
	cfg := p.Cfg
	cfg.Outputs = nil
	switch p.OnFailure {
	case "DO_NOTHING":
		b.stack(at.Add(sec), "CREATE_FAILED", reason)
	case "DELETE":
		b.stack(at.Add(sec), "DELETE_IN_PROGRESS", reason)
		end := b.deletes(at.Add(2*sec), b.started(ph, p.Order, p.New, true), nil).End
		b.stack(end.Add(sec), "DELETE_COMPLETE", "")
	default:
		b.stack(at.Add(sec), "ROLLBACK_IN_PROGRESS", reason+"Rollback requested by user.")
		end := b.deletes(at.Add(2*sec), b.started(ph, p.Order, p.New, true), nil).End
		b.stack(end.Add(sec), "ROLLBACK_COMPLETE", "")
	}
	return &cfg
}

// started returns deletions for the resources of ids that a phase started,
// in order; failed ones have nothing physical to delete.
func (b *cfnBuilder) started(ph cfnPhase, ids []string, recs map[string]*Resource, keep bool) []cfnDeletion {
	var out []cfnDeletion
	for _, id := range ids {
		t, ok := ph.At[id]
		if !ok || t.Outcome == outSkipped {
			continue
		}
		phys := recs[id].PhysicalID
		if t.Outcome == outFailed {
			phys = ""
		}
		out = append(out, cfnDeletion{Rec: recs[id], Phys: phys, Keep: keep})
	}
	return out
}

func (b *cfnBuilder) delete() {
	p := b.plan
	b.stack(b.t0, "DELETE_IN_PROGRESS", "User Initiated")
	if p.StackFail != "" {
		b.stack(b.t0.Add(sec), "DELETE_FAILED", p.StackFail)
		return
	}
	var dels []cfnDeletion
	for _, id := range p.Order {
		r := p.Old[id]
		if r.Status != "DELETE_COMPLETE" && r.Status != "DELETE_SKIPPED" {
			dels = append(dels, cfnDeletion{Rec: r, Phys: r.PhysicalID, Keep: true})
		}
	}
	ph := b.deletes(b.t0.Add(sec), dels, p.Faults)
	if len(ph.Failed) > 0 {
		b.stack(ph.End.Add(sec), "DELETE_FAILED", "The following resource(s) failed to delete: "+cfntemplate.Bracketed(ph.Failed)+". ")
		return
	}
	b.stack(ph.End.Add(sec), "DELETE_COMPLETE", "")
}
