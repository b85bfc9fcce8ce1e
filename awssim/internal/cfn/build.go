package cfn

import (
	"encoding/json"
	"strconv"
	"time"

	"flightplan/awssim/internal/simcore"
)

// cfnBuilder accumulates the steps of one operation's schedule.
type cfnBuilder struct {
	plan  *cfnPlan
	t0    time.Time
	steps []cfnStep
}

const stackType = "AWS::CloudFormation::Stack"

func (b *cfnBuilder) eventID() string {
	return simcore.UUID(b.plan.Env.StackID + b.t0.String() + strconv.Itoa(len(b.steps)))
}

// stack schedules a stack status change.
func (b *cfnBuilder) stack(at time.Time, status, reason string) {
	e := b.plan.Env
	b.steps = append(b.steps, cfnStep{At: at, Event: cfnEvent{ID: b.eventID(), At: at,
		LogicalID: e.StackName, PhysicalID: e.StackID, Type: stackType, Status: status, Reason: reason}})
}

// res schedules a resource event, setting the resource's record to rec
// with that status unless set is false.
func (b *cfnBuilder) res(at time.Time, rec *Resource, phys, status, reason string, set bool) {
	ev := cfnEvent{ID: b.eventID(), At: at, LogicalID: rec.LogicalID, PhysicalID: phys, Type: rec.Type,
		Status: status, Reason: reason, Props: propsJSON(rec.Props)}
	st := cfnStep{At: at, Event: ev}
	if set {
		r := rec.clone()
		r.Status, r.Reason, r.Updated, r.PhysicalID = status, reason, at, phys
		st.Set = r
	}
	b.steps = append(b.steps, st)
}

func (b *cfnBuilder) drop(at time.Time, rec *Resource, phys, status string) {
	b.steps = append(b.steps, cfnStep{At: at, Drop: rec.LogicalID, Event: cfnEvent{ID: b.eventID(), At: at,
		LogicalID: rec.LogicalID, PhysicalID: phys, Type: rec.Type, Status: status}})
}

func propsJSON(p map[string]any) string {
	if len(p) == 0 {
		return ""
	}
	b, _ := json.Marshal(p)
	return string(b)
}

// creates schedules the creation of ids (from recs) from t0.
func (b *cfnBuilder) creates(t0 time.Time, ids []string, recs map[string]*Resource, faults map[string]string) cfnPhase {
	acts := make([]cfnAction, 0, len(ids))
	for _, id := range ids {
		r := recs[id]
		acts = append(acts, cfnAction{ID: id, Deps: r.Deps, Dur: b.dur(r, "create"), Fail: faults[id], FailAfter: b.plan.FailAfter[id]})
	}
	ph := schedule(t0, acts, b.plan.Stop, false)
	for _, a := range acts {
		b.emitCreate(recs[a.ID], ph.At[a.ID], a.Fail)
	}
	return ph
}

func (b *cfnBuilder) emitCreate(r *Resource, t cfnTiming, fail string) {
	if t.Outcome == outSkipped {
		return
	}
	b.res(t.Start, r, "", "CREATE_IN_PROGRESS", "", true)
	b.invoke("Create", r, nil, "")
	b.nestedStep(r, "CREATE")
	switch t.Outcome {
	case outFailed:
		b.res(t.End, r, "", "CREATE_FAILED", fail, true)
		return
	}
	b.res(t.Start, r, r.PhysicalID, "CREATE_IN_PROGRESS", "Resource creation Initiated", true)
	if t.Outcome == outCancelled {
		b.res(t.End, r, r.PhysicalID, "CREATE_FAILED", "Resource creation cancelled", true)
		return
	}
	b.res(t.End, r, r.PhysicalID, "CREATE_COMPLETE", "", true)
}

// cfnDeletion is one resource to delete: its record and the physical ID to
// delete (an old one, after a replacement).
type cfnDeletion struct {
	Rec  *Resource
	Phys string
	// Keep means the record stays (with status DELETE_COMPLETE) rather
	// than being dropped from the stack's resources; Untracked means only
	// events are emitted (an old physical resource after a replacement).
	Keep, Untracked bool
}

// deletes schedules deletions in reverse dependency order, letting
// in-progress deletions finish after a failure.
func (b *cfnBuilder) deletes(t0 time.Time, dels []cfnDeletion, faults map[string]string) cfnPhase {
	acts := deleteActions(dels, faults, b.dur)
	ph := schedule(t0, acts, time.Time{}, true)
	for i := range acts {
		b.emitDelete(dels[len(dels)-1-i], ph.At[acts[i].ID], acts[i].Fail)
	}
	return ph
}

func deleteActions(dels []cfnDeletion, faults map[string]string, dur func(*Resource, string) time.Duration) []cfnAction {
	dependents := map[string][]string{}
	for _, d := range dels {
		for _, dep := range d.Rec.Deps {
			dependents[dep] = append(dependents[dep], d.Rec.LogicalID)
		}
	}
	acts := make([]cfnAction, 0, len(dels))
	for i := len(dels) - 1; i >= 0; i-- {
		d := dels[i]
		dur := dur(d.Rec, "delete")
		if d.Phys == "" || d.Rec.DeletionPolicy == "Retain" {
			dur = 0
		}
		acts = append(acts, cfnAction{ID: d.Rec.LogicalID, Deps: dependents[d.Rec.LogicalID], Dur: dur, Fail: faults[d.Rec.LogicalID]})
	}
	return acts
}

func (b *cfnBuilder) emitDelete(d cfnDeletion, t cfnTiming, fail string) {
	if t.Outcome == outSkipped {
		return
	}
	set := !d.Untracked
	if d.Rec.DeletionPolicy == "Retain" && fail == "" {
		b.finishDelete(d, t.Start, "DELETE_SKIPPED")
		return
	}
	b.res(t.Start, d.Rec, d.Phys, "DELETE_IN_PROGRESS", "", set)
	b.invoke("Delete", d.Rec, nil, d.Rec.PhysicalID)
	b.nestedStep(d.Rec, "DELETE")
	if t.Outcome == outFailed {
		b.res(t.End, d.Rec, d.Phys, "DELETE_FAILED", fail, set)
		return
	}
	b.finishDelete(d, t.End, "DELETE_COMPLETE")
}

func (b *cfnBuilder) finishDelete(d cfnDeletion, at time.Time, status string) {
	switch {
	case d.Untracked:
		b.res(at, d.Rec, d.Phys, status, "", false)
	case d.Keep:
		b.res(at, d.Rec, d.Phys, status, "", true)
	default:
		b.drop(at, d.Rec, d.Phys, status)
	}
}
