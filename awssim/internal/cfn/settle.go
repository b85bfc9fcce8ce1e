package cfn

import (
	"sort"
	"strings"
	"time"
)

// Settle applies, to every stack, the scheduled steps the clock has passed:
// a stack's visible state is what its schedule says has happened by now.
func (x *Service) Settle() {
	now := x.now()
	for _, st := range x.st.Stacks {
		x.settleStack(st, now)
	}
}

func (x *Service) settleStack(st *cfnStack, now time.Time) {
	op := st.Op
	if op == nil || op.Next >= len(op.Steps) {
		return
	}
	x.touch(st)
	for op.Next < len(op.Steps) && !op.Steps[op.Next].At.After(now) {
		st.apply(op.Steps[op.Next])
		x.recordInvocation(&op.Steps[op.Next])
		x.retain(st, &op.Steps[op.Next])
		x.runNested(&op.Steps[op.Next])
		x.applied(st, &op.Steps[op.Next])
		op.Next++
	}
	if op.Next == len(op.Steps) {
		x.finishOp(st, op)
	}
}

func (st *cfnStack) apply(s cfnStep) {
	ev := s.Event
	if ev.Status != "" { // a step with no event only sets a record
		st.Events = append(st.Events, ev)
	}
	if ev.Type == stackType && ev.LogicalID == st.Name && ev.PhysicalID == st.ID {
		st.Status, st.Reason = ev.Status, ev.Reason
		if ev.Status == "DELETE_COMPLETE" {
			st.Deleted = ev.At
		}
	}
	if s.Set != nil {
		st.Resources[s.Set.LogicalID] = s.Set
	}
	if s.Drop != "" {
		delete(st.Resources, s.Drop)
	}
}

func (x *Service) finishOp(st *cfnStack, op *cfnOperation) {
	if op.Final != nil {
		st.Cfg = *op.Final
	}

	if op.Timeline < len(x.st.Timeline) {
		tl := &x.st.Timeline[op.Timeline]
		tl.End, tl.Status = op.Steps[len(op.Steps)-1].At, st.Status
	}
	if cs := x.changeSetByID(op.ChangeSetID); cs != nil {
		cs.Exec = "EXECUTE_COMPLETE"
		if strings.Contains(st.Status, "ROLLBACK") || strings.HasSuffix(st.Status, "_FAILED") {
			cs.Exec = "EXECUTE_FAILED"
		}
	}
	op.Plan = nil
}

// startOp starts plan on st now: computes its schedule, records it in the
// timeline and applies what happens at once.
func (x *Service) startOp(st *cfnStack, p *cfnPlan, changeSetID string) {
	steps, final := p.build(x.opTime())
	x.startSteps(st, p.Kind, steps, final, changeSetID)
	st.Op.Plan = p
}

// startSteps starts an operation made of steps on st.
func (x *Service) startSteps(st *cfnStack, kind string, steps []cfnStep, final *cfnConfig, changeSetID string) {
	now := x.opTime()
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].At.Before(steps[j].At) })
	st.Op = &cfnOperation{Kind: kind, Start: now, Steps: steps, Final: final, ChangeSetID: changeSetID,
		Timeline: len(x.st.Timeline)}
	x.st.Timeline = append(x.st.Timeline, StackOperation{Account: st.Account, Region: st.Region,
		Stack: st.Name, StackID: st.ID, Operation: kind, Start: now})
	if kind == "UPDATE" {
		st.Updated = now
	}
	x.obsoleteChangeSets(st, changeSetID)
	x.settleStack(st, x.now())
	if tl := &x.st.Timeline[st.Op.Timeline]; tl.Status == "" {
		tl.Status = st.Status
	}
}

// restartOp rebuilds the running operation of st as if stopped just after
// now: the steps already applied stay, the rest is replaced.
func (x *Service) restartOp(st *cfnStack, now time.Time) {
	op := st.Op
	op.Plan.Stop = now.Add(time.Millisecond)
	steps, final := op.Plan.build(op.Start)
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].At.Before(steps[j].At) })
	kept := op.Steps[:op.Next:op.Next]
	for _, s := range steps {
		if s.At.After(now) {
			kept = append(kept, s)
		}
	}
	op.Steps, op.Final = kept, final
}

// Timeline returns the stack operations the simulator has run, in the
// order they started, up to the clock: a running operation has a zero End
// and its current status.
func (x *Service) Timeline() []StackOperation {
	x.core.Lock()
	defer x.core.Unlock()
	x.Settle()
	out := make([]StackOperation, len(x.st.Timeline))
	copy(out, x.st.Timeline)
	for i, op := range out {
		if op.End.IsZero() {
			if st := x.findStack(op.Account, op.Region, op.StackID); st != nil {
				out[i].Status = st.Status
			}
		}
	}
	return out
}
