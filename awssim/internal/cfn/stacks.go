package cfn

import (
	"time"

	"flightplan/awssim/internal/simcore"
)

// cfnStackID is the result of CreateStack and UpdateStack.
type cfnStackID struct {
	StackId string
}

func (x *Service) createStack(r *simcore.Request) (any, error) {
	name := r.Form.Get("StackName")
	if err := checkStackName(name); err != nil {
		return nil, err
	}
	if x.findStack(r.Account, r.Region, name) != nil {
		return nil, simcore.Errorf("AlreadyExistsException", "Stack [%s] already exists", name)
	}
	in, err := x.readInput(r.Account, r.Form, nil)
	if err != nil {
		return nil, err
	}
	st := x.newStack(r, name)
	p, err := x.prepare(st, in, "CREATE")
	if err != nil {
		x.st.Seq--
		return nil, err
	}
	st.Cfg = p.Cfg
	st.Cfg.Outputs = nil
	x.st.Stacks = append(x.st.Stacks, st)
	x.startOp(st, p, "")
	x.changed()
	return cfnStackID{StackId: st.ID}, nil
}

func (x *Service) newStack(r *simcore.Request, name string) *cfnStack {
	return x.newStackIn(r.Account, r.Region, name)
}

func (x *Service) newStackIn(account, region, name string) *cfnStack {
	id := "arn:aws:cloudformation:" + region + ":" + account + ":stack/" + name + "/" + x.nextID("stack")
	return &cfnStack{ID: id, Name: name, Account: account, Region: region, Created: x.now(),
		Resources: map[string]*Resource{}, DriftStatus: "NOT_CHECKED"}
}

// updatable refuses an update of a stack whose status does not allow one,
// with CloudFormation's message.
func updatable(st *cfnStack) error {
	switch st.Status {
	case "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE":
		return nil
	case "CREATE_FAILED", "UPDATE_FAILED":
		// Left so by an operation with rollback disabled: an update
		// retries it from where it stopped.
		return nil
	}
	return simcore.Errorf("ValidationError", "Stack:%s is in %s state and can not be updated.", st.ID, st.Status)
}

func (x *Service) updateStack(r *simcore.Request) (any, error) {
	st, err := x.mustStack(r, "StackName")
	if err != nil {
		return nil, err
	}
	if err := updatable(st); err != nil {
		return nil, err
	}
	in, err := x.readInput(r.Account, r.Form, st)
	if err != nil {
		return nil, err
	}
	p, err := x.prepare(st, in, "UPDATE")
	if err != nil {
		return nil, err
	}
	if p.isEmpty() {
		return nil, simcore.Errorf("ValidationError", "No updates are to be performed.")
	}
	x.startOp(st, p, "")
	x.changed()
	return cfnStackID{StackId: st.ID}, nil
}

func (x *Service) deleteStack(r *simcore.Request) (any, error) {
	st := x.findStack(r.Account, r.Region, r.Form.Get("StackName"))
	if st == nil || st.Status == "DELETE_COMPLETE" || st.Status == "DELETE_IN_PROGRESS" {
		return struct{}{}, nil
	}
	if inProgress(st.Status) {
		return nil, simcore.Errorf("ValidationError", "Stack [%s] cannot be deleted while in status %s", st.Name, st.Status)
	}
	retain := members(r.Form, "RetainResources")
	if err := checkRetain(st, retain); err != nil {
		return nil, err
	}
	x.startDelete(st, retain)
	x.changed()
	return struct{}{}, nil
}

// checkRetain refuses RetainResources but for a stack whose deletion
// failed, and for resources already deleted, as CloudFormation does.
func checkRetain(st *cfnStack, retain []string) error {
	if len(retain) == 0 {
		return nil
	}
	if st.Status != "DELETE_FAILED" {
		return simcore.Errorf("ValidationError", "Invalid operation on stack [%s]. RetainResources can only be specified when the stack is in the DELETE_FAILED state", st.ID)
	}
	for _, id := range retain {
		if r := st.Resources[id]; r == nil || r.Status == "DELETE_COMPLETE" {
			return simcore.Errorf("ValidationError", "The specified resources to retain must be in a valid state. Do not specify resources that are in the DELETE_COMPLETE state.")
		}
	}
	return nil
}

// startDelete starts deleting st, keeping the resources of retain.
func (x *Service) startDelete(st *cfnStack, retain []string) {
	old := st.liveResources()
	for _, id := range retain {
		if rec, ok := old[id]; ok {
			keep := rec.clone()
			keep.DeletionPolicy = "Retain"
			old[id] = keep
		}
	}
	p := &cfnPlan{Kind: "DELETE", Env: st.env(), Old: old, Order: oldOrder(old), Cfg: st.Cfg, OldCfg: st.Cfg,
		Faults: x.deleteFaults(st, old), StackFail: x.exportsInUse(st, nil)}
	for _, id := range retain {
		delete(p.Faults, id) // CloudFormation leaves it alone
	}
	x.nestedDurations(p, nil)
	x.startOp(st, p, "")
	x.dropChangeSets(st)
}

func (x *Service) cancelUpdateStack(r *simcore.Request) (any, error) {
	st, err := x.mustStack(r, "StackName")
	if err != nil {
		return nil, err
	}
	if st.Status != "UPDATE_IN_PROGRESS" || st.Op == nil || st.Op.Plan == nil {
		return nil, simcore.Errorf("ValidationError", "CancelUpdateStack cannot be called from current stack status")
	}
	x.restartOp(st, x.now())
	x.changed()
	return struct{}{}, nil
}

// continueUpdateRollback finishes a rollback that failed: the stack goes
// back to its last good state.
func (x *Service) continueUpdateRollback(r *simcore.Request) (any, error) {
	st, err := x.mustStack(r, "StackName")
	if err != nil {
		return nil, err
	}
	if st.Status != "UPDATE_ROLLBACK_FAILED" {
		return nil, simcore.Errorf("ValidationError", "Stack %s is in %s state and can not continue update rollback.", st.ID, st.Status)
	}
	now := x.now()
	b := &cfnBuilder{plan: &cfnPlan{Env: st.env()}, t0: now}
	b.stack(now, "UPDATE_ROLLBACK_IN_PROGRESS", "")
	b.stack(now.Add(2*time.Second), "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "")
	b.stack(now.Add(3*time.Second), "UPDATE_ROLLBACK_COMPLETE", "")
	x.startSteps(st, "UPDATE", b.steps, nil, "")
	x.changed()
	return struct{}{}, nil
}
