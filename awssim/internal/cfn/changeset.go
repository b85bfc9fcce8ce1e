package cfn

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"flightplan/awssim/internal/simcore"
)

const emptyChangeSet = "The submitted information didn't contain changes. Submit different information to create a change set."

// Change sets take this long to compute, in simulated time.
const (
	changeSetPending = 2 * time.Second
	changeSetReady   = 8 * time.Second
)

// ChangeSetTime is how long, in simulated time, a change set takes to
// compute before it can be executed: part of the lower bound of any stack
// operation made through a change set.
const ChangeSetTime = changeSetReady

var changeSetNameRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]{0,127}$`) })

type createChangeSetResult struct {
	Id, StackId string
}

func (x *Service) createChangeSet(r *simcore.Request) (any, error) {
	name, stackName := r.Form.Get("ChangeSetName"), r.Form.Get("StackName")
	if !changeSetNameRE().MatchString(name) {
		return nil, simcore.Errorf("ValidationError", "1 validation error detected: Value '%s' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*", name)
	}
	kind := r.Form.Get("ChangeSetType")
	if kind == "" {
		kind = "UPDATE"
	}
	st, err := x.changeSetStack(r, stackName, name, kind)
	if err != nil {
		return nil, err
	}
	if x.changeSetNamed(st.ID, name) != nil {
		return nil, simcore.Errorf("AlreadyExistsException", "ChangeSet %s already exists", name)
	}
	var prev *cfnStack
	if kind == "UPDATE" || (kind == "IMPORT" && st.Status != "") {
		prev = st
	}
	in, err := x.readInput(r.Account, r.Form, prev)
	if err != nil {
		return nil, err
	}
	cs, err := x.newChangeSet(r, st, name, kind, in)
	if err != nil {
		return nil, err
	}
	if (kind == "CREATE" || kind == "IMPORT") && st.Status == "" {
		x.reviewStack(st)
	}
	x.st.ChangeSets = append(x.st.ChangeSets, cs)
	x.changed()
	return createChangeSetResult{Id: cs.ID, StackId: st.ID}, nil
}

// changeSetStack returns the stack a change set is for; for CREATE, a new
// stack not yet added (Status empty) unless one is in REVIEW_IN_PROGRESS.
func (x *Service) changeSetStack(r *simcore.Request, stackName, csName, kind string) (*cfnStack, error) {
	st := x.findStack(r.Account, r.Region, stackName)
	switch kind {
	case "CREATE":
		if st != nil && st.Status != "REVIEW_IN_PROGRESS" {
			return nil, simcore.Errorf("ValidationError", "Stack [%s] already exists and cannot be created again with the changeSet [%s].", stackName, csName)
		}
		if st == nil {
			if err := checkStackName(stackName); err != nil {
				return nil, err
			}
			st = x.newStack(r, stackName)
		}
		return st, nil
	case "IMPORT":
		if st == nil {
			return x.changeSetStack(r, stackName, csName, "CREATE")
		}
		if st.Status == "REVIEW_IN_PROGRESS" {
			return st, nil
		}
		return st, updatable(st)
	case "UPDATE":
		if st == nil {
			return nil, simcore.Errorf("ValidationError", "Stack [%s] does not exist", stackName)
		}
		return st, updatable(st)
	}
	return nil, simcore.Errorf("ValidationError", "ChangeSetType %s is not supported by the simulator", kind)
}

func (x *Service) reviewStack(st *cfnStack) {
	now := x.now()
	st.Status = "REVIEW_IN_PROGRESS"
	st.Reason = "User Initiated"
	st.Events = append(st.Events, cfnEvent{ID: simcore.UUID(st.ID + "review"), At: now, LogicalID: st.Name,
		PhysicalID: st.ID, Type: stackType, Status: "REVIEW_IN_PROGRESS", Reason: "User Initiated"})
	x.st.Stacks = append(x.st.Stacks, st)
}

func (x *Service) newChangeSet(r *simcore.Request, st *cfnStack, name, kind string, in cfnInput) (*cfnChangeSet, error) {
	now := x.now()
	cs := &cfnChangeSet{ID: "arn:aws:cloudformation:" + r.Region + ":" + r.Account + ":changeSet/" + name + "/" + x.nextID("changeSet"),
		Name: name, StackID: st.ID, StackName: st.Name, Account: r.Account, Region: r.Region, Type: kind,
		Description: r.Form.Get("Description"), Created: now, ReadyAt: now.Add(changeSetReady), In: in}
	p, err := x.prepare(st, in, kind)
	var evalErr *cfnEvalError
	switch {
	case errors.As(err, &evalErr):
		cs.FailReason = evalErr.Error()
		var apiErr *simcore.APIError
		if errors.As(err, &apiErr) {
			cs.FailReason = apiErr.Message
		}
		cs.Cfg = cfnConfig{Template: in.Body, Capabilities: in.Caps, Tags: in.Tags, RoleARN: in.RoleARN}
		return cs, nil
	case err != nil:
		return nil, err
	}
	cs.Cfg = p.Cfg
	cs.Changes = changesOf(p.Old, p.New, p.Order)
	if kind == "IMPORT" {
		importChanges(cs.Changes, p.New)
	}
	if kind == "UPDATE" && p.isEmpty() {
		cs.FailReason = emptyChangeSet
	}
	return cs, nil
}

// status is the change set's Status at now.
func (cs *cfnChangeSet) status(now time.Time) string {
	switch {
	case now.Before(cs.Created.Add(changeSetPending)):
		return "CREATE_PENDING"
	case now.Before(cs.ReadyAt):
		return "CREATE_IN_PROGRESS"
	case cs.FailReason != "":
		return "FAILED"
	}
	return "CREATE_COMPLETE"
}

// execStatus is the change set's ExecutionStatus at now.
func (cs *cfnChangeSet) execStatus(now time.Time) string {
	if cs.Exec != "" {
		return cs.Exec
	}
	if cs.status(now) != "CREATE_COMPLETE" {
		return "UNAVAILABLE"
	}
	return "AVAILABLE"
}

// findChangeSet finds a change set by ARN, or by name and stack.
func (x *Service) findChangeSet(r *simcore.Request, name, stackName string) (*cfnChangeSet, error) {
	if strings.HasPrefix(name, "arn:") {
		if cs := x.changeSetByID(name); cs != nil && cs.Account == r.Account && cs.Region == r.Region {
			return cs, nil
		}
		return nil, simcore.Errorf("ChangeSetNotFound", "ChangeSet [%s] does not exist", name)
	}
	if stackName == "" {
		return nil, simcore.Errorf("ValidationError", "StackName must be specified if ChangeSetName is not specified as an ARN.")
	}
	st := x.findStack(r.Account, r.Region, stackName)
	if st == nil {
		return nil, simcore.Errorf("ChangeSetNotFound", "ChangeSet [%s] does not exist", name)
	}
	if cs := x.changeSetNamed(st.ID, name); cs != nil {
		return cs, nil
	}
	return nil, simcore.Errorf("ChangeSetNotFound", "ChangeSet [%s] does not exist", name)
}

func (x *Service) changeSetByID(id string) *cfnChangeSet {
	for _, cs := range x.st.ChangeSets {
		if cs.ID == id && id != "" {
			return cs
		}
	}
	return nil
}

func (x *Service) changeSetNamed(stackID, name string) *cfnChangeSet {
	for _, cs := range x.st.ChangeSets {
		if cs.StackID == stackID && cs.Name == name {
			return cs
		}
	}
	return nil
}

// obsoleteChangeSets marks the stack's other change sets OBSOLETE: the
// stack changed after they were made.
func (x *Service) obsoleteChangeSets(st *cfnStack, except string) {
	for _, cs := range x.st.ChangeSets {
		if cs.StackID == st.ID && cs.ID != except && cs.Exec == "" {
			cs.Exec = "OBSOLETE"
		}
	}
}

// dropChangeSets deletes the stack's change sets, but keep.
func (x *Service) dropChangeSets(st *cfnStack, keep ...string) {
	out := x.st.ChangeSets[:0]
	for _, cs := range x.st.ChangeSets {
		if cs.StackID != st.ID || slices.Contains(keep, cs.ID) {
			out = append(out, cs)
		}
	}
	x.st.ChangeSets = out
}
