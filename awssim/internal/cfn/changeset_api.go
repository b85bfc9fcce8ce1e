package cfn

import (
	"cmp"

	"flightplan/awssim/internal/simcore"
)

type changeDetailXML struct {
	Target struct {
		Attribute          string
		Name               string
		RequiresRecreation string
	}
	Evaluation   string
	ChangeSource string
}

type resourceChangeXML struct {
	Action             string
	LogicalResourceId  string
	PhysicalResourceId string `xml:",omitempty"`
	ResourceType       string
	Replacement        string            `xml:",omitempty"`
	Scope              []string          `xml:"Scope>member"`
	Details            []changeDetailXML `xml:"Details>member"`
}

type changeXML struct {
	Type           string
	ResourceChange resourceChangeXML
}

type describeChangeSetResult struct {
	ChangeSetName, ChangeSetId, StackId, StackName string
	Description                                    string     `xml:",omitempty"`
	Parameters                                     []paramXML `xml:"Parameters>member"`
	CreationTime                                   isoTime
	ExecutionStatus                                string
	Status                                         string
	StatusReason                                   string      `xml:",omitempty"`
	Capabilities                                   []string    `xml:"Capabilities>member"`
	Tags                                           []tagXML    `xml:"Tags>member"`
	Changes                                        []changeXML `xml:"Changes>member"`
	IncludeNestedStacks                            bool
	DeploymentConfig                               *deploymentConfigXML `xml:",omitempty"`
	DeploymentMode                                 string               `xml:",omitempty"`
}

type deploymentConfigXML struct {
	Mode            string
	DisableRollback bool
}

// deploymentConfig is what DescribeChangeSet says of how the change set
// was asked to deploy.
func (cs *cfnChangeSet) deploymentConfig() (*deploymentConfigXML, string) {
	var mode string
	if cs.In.RevertDrift {
		mode = "REVERT_DRIFT"
	}
	if cs.In.Mode == "" && cs.In.OnFailure != "DO_NOTHING" {
		return nil, mode
	}
	return &deploymentConfigXML{Mode: cmp.Or(cs.In.Mode, "STANDARD"), DisableRollback: cs.In.OnFailure == "DO_NOTHING"}, mode
}

func (c cfnChange) xml() changeXML {
	rc := resourceChangeXML{Action: c.Action, LogicalResourceId: c.LogicalID, PhysicalResourceId: c.PhysicalID,
		ResourceType: c.Type, Replacement: c.Replacement}
	if c.Action == "Modify" {
		rc.Scope = []string{"Properties"}
	}
	for _, d := range c.Details {
		var dx changeDetailXML
		dx.Target.Attribute, dx.Target.Name, dx.Target.RequiresRecreation = "Properties", d.Name, d.RequiresRecreation
		dx.Evaluation, dx.ChangeSource = "Static", "DirectModification"
		rc.Details = append(rc.Details, dx)
	}
	return changeXML{Type: "Resource", ResourceChange: rc}
}

func (x *Service) describeChangeSet(r *simcore.Request) (any, error) {
	cs, err := x.findChangeSet(r, r.Form.Get("ChangeSetName"), r.Form.Get("StackName"))
	if err != nil {
		return nil, err
	}
	now := x.now()
	out := describeChangeSetResult{ChangeSetName: cs.Name, ChangeSetId: cs.ID, StackId: cs.StackID, StackName: cs.StackName,
		Description: cs.Description, Parameters: paramsXML(cs.Cfg.Params), CreationTime: isoTime(cs.Created),
		ExecutionStatus: cs.execStatus(now), Status: cs.status(now), Capabilities: cs.Cfg.Capabilities, Tags: tagsXML(cs.Cfg.Tags)}
	out.DeploymentConfig, out.DeploymentMode = cs.deploymentConfig()
	if out.Status == "FAILED" {
		out.StatusReason = cs.FailReason
	}
	if out.Status == "CREATE_COMPLETE" {
		for _, c := range cs.Changes {
			out.Changes = append(out.Changes, c.xml())
		}
	}
	return out, nil
}

func (x *Service) executeChangeSet(r *simcore.Request) (any, error) {
	cs, err := x.findChangeSet(r, r.Form.Get("ChangeSetName"), r.Form.Get("StackName"))
	if err != nil {
		return nil, err
	}
	now := x.now()
	if status := cs.status(now); status != "CREATE_COMPLETE" {
		return nil, simcore.Errorf("InvalidChangeSetStatus", "ChangeSet [%s] cannot be executed in its current status of [%s]", cs.ID, status)
	}
	if exec := cs.execStatus(now); exec != "AVAILABLE" {
		return nil, simcore.Errorf("InvalidChangeSetStatus", "ChangeSet [%s] cannot be executed in its current execution status of [%s]", cs.ID, exec)
	}
	st := x.findStack(r.Account, r.Region, cs.StackID)
	if st == nil {
		return nil, stackNotFound(cs.StackID)
	}
	if inProgress(st.Status) {
		return nil, simcore.Errorf("ValidationError", "Stack:%s is in %s state and can not be updated.", cs.StackID, st.Status)
	}
	p, err := x.prepare(st, cs.In, cs.Type)
	if err != nil {
		return nil, err
	}
	if r.Form.Get("DisableRollback") == "true" {
		p.OnFailure = "DO_NOTHING"
	}
	cs.Exec, st.ChangeSetID = "EXECUTE_IN_PROGRESS", cs.ID
	if cs.Type == "CREATE" || st.Status == "REVIEW_IN_PROGRESS" {
		st.Cfg.Template, st.Cfg.Params, st.Cfg.Capabilities, st.Cfg.Tags = p.Cfg.Template, p.Cfg.Params, p.Cfg.Capabilities, p.Cfg.Tags
		st.Cfg.RoleARN = p.Cfg.RoleARN
	}
	x.startOp(st, p, cs.ID)
	x.dropChangeSets(st, cs.ID)
	x.changed()
	return struct{}{}, nil
}

func (x *Service) deleteChangeSet(r *simcore.Request) (any, error) {
	cs, err := x.findChangeSet(r, r.Form.Get("ChangeSetName"), r.Form.Get("StackName"))
	if err != nil {
		return nil, err
	}
	if cs.Exec == "EXECUTE_IN_PROGRESS" {
		return nil, simcore.Errorf("InvalidChangeSetStatus", "Cannot delete ChangeSet [%s] because it is in EXECUTE_IN_PROGRESS execution status", cs.ID)
	}
	out := x.st.ChangeSets[:0]
	for _, c := range x.st.ChangeSets {
		if c != cs {
			out = append(out, c)
		}
	}
	x.st.ChangeSets = out
	x.changed()
	return struct{}{}, nil
}

type changeSetSummaryXML struct {
	StackId, StackName, ChangeSetId, ChangeSetName string
	ExecutionStatus, Status                        string
	StatusReason                                   string `xml:",omitempty"`
	CreationTime                                   isoTime
	Description                                    string `xml:",omitempty"`
	IncludeNestedStacks                            bool
}

type listChangeSetsResult struct {
	Summaries []changeSetSummaryXML `xml:"Summaries>member"`
	NextToken string                `xml:",omitempty"`
}

func (x *Service) listChangeSets(r *simcore.Request) (any, error) {
	st, err := x.mustStack(r, "StackName")
	if err != nil {
		return nil, err
	}
	now := x.now()
	var out listChangeSetsResult
	for _, cs := range x.st.ChangeSets {
		if cs.StackID != st.ID {
			continue
		}
		s := changeSetSummaryXML{StackId: cs.StackID, StackName: cs.StackName, ChangeSetId: cs.ID, ChangeSetName: cs.Name,
			ExecutionStatus: cs.execStatus(now), Status: cs.status(now), CreationTime: isoTime(cs.Created), Description: cs.Description}
		if s.Status == "FAILED" {
			s.StatusReason = cs.FailReason
		}
		out.Summaries = append(out.Summaries, s)
	}
	return out, nil
}
