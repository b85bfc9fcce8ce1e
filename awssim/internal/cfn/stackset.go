package cfn

import (
	"slices"
	"strings"
	"time"

	"flightplan/awssim/internal/cfntemplate"
	"flightplan/awssim/internal/simcore"
)

// Stack sets (SELF_MANAGED): a template deployed as one stack per account
// and region, its instances, named StackSet-{name}-{uuid} as AWS names
// them. Operations run the instances' stack operations and are done when
// those are, on the simulator clock.

// cfnStackSet is one stack set, in its administrator account and region.
type cfnStackSet struct {
	ID          string              `json:"id"`
	Name        string              `json:"name"`
	Account     string              `json:"account"`
	Region      string              `json:"region"`
	Description string              `json:"description,omitempty"`
	Status      string              `json:"status"`
	Template    string              `json:"template"`
	Params      []cfntemplate.Param `json:"params,omitempty"`
	Caps        []string            `json:"caps,omitempty"`
	Tags        []cfnTag            `json:"tags,omitempty"`
	AdminRole   string              `json:"adminRole,omitempty"`
	ExecRole    string              `json:"execRole,omitempty"`
	Instances   []*cfnStackInstance `json:"instances,omitempty"`
}

// cfnStackInstance is one account and region of a stack set, and its stack.
type cfnStackInstance struct {
	Account   string                   `json:"account"`
	Region    string                   `json:"region"`
	StackID   string                   `json:"stackId,omitempty"`
	Overrides []cfntemplate.GivenParam `json:"overrides,omitempty"`
	LastOp    string                   `json:"lastOp,omitempty"`
	Reason    string                   `json:"reason,omitempty"`
}

// cfnStackSetOp is one stack set operation: the instance stacks it runs.
type cfnStackSetOp struct {
	ID         string    `json:"id"`
	StackSetID string    `json:"stackSetId"`
	Action     string    `json:"action"`
	Created    time.Time `json:"created"`
	Retain     bool      `json:"retain,omitempty"`
	Stacks     []string  `json:"stacks,omitempty"`
	Reason     string    `json:"reason,omitempty"`
}

func (s *cfnStackSet) arn() string {
	return "arn:aws:cloudformation:" + s.Region + ":" + s.Account + ":stackset/" + s.ID
}

// findStackSet finds a live stack set by name or ID.
func (x *Service) findStackSet(r *simcore.Request, name string) (*cfnStackSet, error) {
	for _, s := range x.st.StackSets {
		if s.Account == r.Account && s.Region == r.Region && s.Status != "DELETED" && (s.Name == name || s.ID == name) {
			return s, nil
		}
	}
	return nil, simcore.Errorf("StackSetNotFoundException", "StackSet %s not found", name)
}

func (x *Service) stackSetOp(id string) *cfnStackSetOp {
	for _, op := range x.st.StackSetOps {
		if op.ID == id {
			return op
		}
	}
	return nil
}

// opStatus is an operation's status and end time by the clock: RUNNING
// while any of its stacks is in progress, FAILED if any ended failed or
// rolled back, else SUCCEEDED.
func (x *Service) opStatus(op *cfnStackSetOp) (string, time.Time) {
	if op.Reason != "" {
		return "FAILED", op.Created
	}
	status, end := "SUCCEEDED", op.Created
	for _, id := range op.Stacks {
		st := x.stackByID(id)
		if st == nil {
			continue
		}
		switch {
		case inProgress(st.Status):
			return "RUNNING", time.Time{}
		case failedStatus(st.Status):
			status = "FAILED"
		}
		if n := len(st.Events); n > 0 {
			end = later(end, st.Events[n-1].At)
		}
	}
	return status, end
}

func failedStatus(s string) bool {
	return strings.HasSuffix(s, "_FAILED") || strings.Contains(s, "ROLLBACK")
}

func (x *Service) stackByID(id string) *cfnStack {
	for _, st := range x.st.Stacks {
		if st.ID == id {
			return x.touch(st)
		}
	}
	return nil
}

// busy refuses an operation while the stack set's last one runs.
func (x *Service) busy(s *cfnStackSet) error {
	for _, op := range x.st.StackSetOps {
		if op.StackSetID != s.ID {
			continue
		}
		if status, _ := x.opStatus(op); status == "RUNNING" {
			return simcore.Errorf("OperationInProgressException", "Another Operation on StackSet %s is in progress", s.arn())
		}
	}
	return nil
}

// checkOpID refuses an OperationId already used.
func (x *Service) checkOpID(id string) error {
	if id != "" && x.stackSetOp(id) != nil {
		return simcore.Errorf("OperationIdAlreadyExistsException", "The operation ID %s already exists", id)
	}
	return nil
}

// newOp records an operation; id is the caller's OperationId, if given.
func (x *Service) newOp(s *cfnStackSet, action, id string) *cfnStackSetOp {
	if id == "" {
		id = x.nextID("stackSetOperation")
	}
	op := &cfnStackSetOp{ID: id, StackSetID: s.ID, Action: action, Created: x.now()}
	x.st.StackSetOps = append(x.st.StackSetOps, op)
	return op
}

// deploy creates or updates an instance's stack with the stack set's
// template, adding the stack to op. An instance whose template cannot be
// deployed fails the operation.
func (x *Service) deploy(s *cfnStackSet, inst *cfnStackInstance, op *cfnStackSetOp) {
	inst.LastOp, inst.Reason = op.ID, ""
	st := x.stackByID(inst.StackID)
	kind := "UPDATE"
	if st == nil || st.Status == "DELETE_COMPLETE" {
		st, kind = x.newStackIn(inst.Account, inst.Region, "StackSet-"+s.Name+"-"+x.nextID("instance")), "CREATE"
	} else if err := updatable(st); err != nil {
		inst.Reason, op.Reason = err.Error(), err.Error()
		return
	}
	in := cfnInput{Body: s.Template, Params: instanceParams(s, inst), Caps: s.Caps, Tags: s.Tags}
	p, err := x.prepare(st, in, kind)
	if err != nil {
		inst.Reason, op.Reason = err.Error(), err.Error()
		return
	}
	if kind == "UPDATE" && p.isEmpty() {
		return
	}
	if kind == "CREATE" {
		st.Cfg = p.Cfg
		st.Cfg.Outputs = nil
		x.st.Stacks = append(x.st.Stacks, st)
		inst.StackID = st.ID
	}
	x.startOp(st, p, "")
	op.Stacks = append(op.Stacks, st.ID)
}

// instanceParams are the stack set's parameter values with the
// instance's overrides.
func instanceParams(s *cfnStackSet, inst *cfnStackInstance) []cfntemplate.GivenParam {
	var out []cfntemplate.GivenParam
	for _, p := range s.Params {
		v := p.Value
		for _, o := range inst.Overrides {
			if o.Key == p.Key {
				v = o.Value
			}
		}
		out = append(out, cfntemplate.GivenParam{Key: p.Key, Value: v})
	}
	return out
}

// instance returns the stack set's instance in account and region.
func (s *cfnStackSet) instance(account, region string) *cfnStackInstance {
	for _, inst := range s.Instances {
		if inst.Account == account && inst.Region == region {
			return inst
		}
	}
	return nil
}

// instanceStatus is an instance's Status and DetailedStatus.
func (x *Service) instanceStatus(s *cfnStackSet, inst *cfnStackInstance) (string, string) {
	st := x.stackByID(inst.StackID)
	switch {
	case st == nil && inst.Reason != "":
		return "OUTDATED", "FAILED"
	case st == nil || st.Status == "DELETE_COMPLETE":
		return "INOPERABLE", "INOPERABLE"
	case inProgress(st.Status):
		return "OUTDATED", "RUNNING"
	case failedStatus(st.Status) || inst.Reason != "":
		return "OUTDATED", "FAILED"
	case st.Cfg.Template != s.Template:
		return "OUTDATED", "SUCCEEDED"
	}
	return "CURRENT", "SUCCEEDED"
}

// dropInstances removes the instances of accounts × regions from the stack
// set, deleting their stacks unless retain.
func (x *Service) dropInstances(s *cfnStackSet, accounts, regions []string, retain bool, op *cfnStackSetOp) {
	keep := s.Instances[:0]
	for _, inst := range s.Instances {
		if !slices.Contains(accounts, inst.Account) || !slices.Contains(regions, inst.Region) {
			keep = append(keep, inst)
			continue
		}
		st := x.stackByID(inst.StackID)
		if retain || st == nil || st.Status == "DELETE_COMPLETE" {
			continue
		}
		if inProgress(st.Status) {
			op.Reason = "Stack " + st.Name + " is in " + st.Status + " state and can not be deleted."
			keep = append(keep, inst)
			continue
		}
		x.startDelete(st, nil)
		op.Stacks = append(op.Stacks, st.ID)
	}
	s.Instances = keep
}
