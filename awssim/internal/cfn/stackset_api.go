package cfn

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"

	"flightplan/awssim/internal/cfntemplate"
	"flightplan/awssim/internal/simcore"
)

func (x *Service) createStackSet(r *simcore.Request) (any, error) {
	name := r.Form.Get("StackSetName")
	if !stackNameRE().MatchString(name) {
		return nil, simcore.Errorf("ValidationError", "1 validation error detected: Value '%s' at 'stackSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*", name)
	}
	if _, err := x.findStackSet(r, name); err == nil {
		return nil, simcore.Errorf("NameAlreadyExistsException", "StackSet %s already exists", name)
	}
	if m := r.Form.Get("PermissionModel"); m != "" && m != "SELF_MANAGED" {
		return nil, simcore.Errorf("ValidationError", "PermissionModel %s is not supported by the simulator: use SELF_MANAGED", m)
	}
	s := &cfnStackSet{Name: name, Account: r.Account, Region: r.Region, Status: "ACTIVE",
		Description: r.Form.Get("Description"), AdminRole: r.Form.Get("AdministrationRoleARN"), ExecRole: r.Form.Get("ExecutionRoleName")}
	if err := x.setTemplate(s, r.Form); err != nil {
		return nil, err
	}
	s.ID = name + ":" + x.nextID("stackSet")
	x.st.StackSets = append(x.st.StackSets, s)
	x.changed()
	return createStackSetResult{s.ID}, nil
}

// setTemplate sets the stack set's template, parameters, capabilities and
// tags from a CreateStackSet or UpdateStackSet call, checking them as
// CreateStack would.
func (x *Service) setTemplate(s *cfnStackSet, f url.Values) error {
	body := f.Get("TemplateBody")
	if f.Get("UsePreviousTemplate") == "true" {
		body = s.Template
	}
	if body == "" {
		return simcore.Errorf("ValidationError", "Either Template URL or Template Body must be specified.")
	}
	t, err := cfntemplate.Parse(body)
	if err != nil {
		return err
	}
	params, err := cfntemplate.ResolveParams(t, formParams(f), s.Params)
	if err != nil {
		return err
	}
	caps := members(f, "Capabilities")
	if err := checkCapabilities(t, caps); err != nil {
		return err
	}
	s.Template, s.Params, s.Caps = body, params, caps
	if _, ok := f["Tags.member.1.Key"]; ok || s.Tags == nil {
		s.Tags = formTags(f)
	}
	if d := f.Get("Description"); d != "" {
		s.Description = d
	}
	return nil
}

type stackSetXML struct {
	StackSetName, StackSetId string
	Description              string `xml:",omitempty"`
	Status                   string
	TemplateBody             string
	Parameters               []paramXML `xml:"Parameters>member"`
	Capabilities             []string   `xml:"Capabilities>member"`
	Tags                     []tagXML   `xml:"Tags>member"`
	StackSetARN              string
	AdministrationRoleARN    string `xml:",omitempty"`
	ExecutionRoleName        string `xml:",omitempty"`
	PermissionModel          string
	Regions                  []string `xml:"Regions>member"`
}

func (x *Service) describeStackSet(r *simcore.Request) (any, error) {
	s, err := x.findStackSet(r, r.Form.Get("StackSetName"))
	if err != nil {
		return nil, err
	}
	out := stackSetXML{StackSetName: s.Name, StackSetId: s.ID, Description: s.Description, Status: s.Status,
		TemplateBody: s.Template, Parameters: paramsXML(s.Params), Capabilities: s.Caps, Tags: tagsXML(s.Tags),
		StackSetARN: s.arn(), AdministrationRoleARN: s.AdminRole, ExecutionRoleName: s.ExecRole, PermissionModel: "SELF_MANAGED"}
	for _, inst := range s.Instances {
		if !slices.Contains(out.Regions, inst.Region) {
			out.Regions = append(out.Regions, inst.Region)
		}
	}
	return describeStackSetResult{out}, nil
}

type stackSetSummaryXML struct {
	StackSetName, StackSetId string
	Description              string `xml:",omitempty"`
	Status                   string
	PermissionModel          string
}

func (x *Service) listStackSets(r *simcore.Request) (any, error) {
	var out listStackSetsResult
	for _, s := range x.st.StackSets {
		if s.Account == r.Account && s.Region == r.Region && (r.Form.Get("Status") == "" || r.Form.Get("Status") == s.Status) {
			out.Summaries = append(out.Summaries, stackSetSummaryXML{s.Name, s.ID, s.Description, s.Status, "SELF_MANAGED"})
		}
	}
	return out, nil
}

type operationIDResult struct{ OperationId string }

func (x *Service) updateStackSet(r *simcore.Request) (any, error) {
	s, err := x.findStackSet(r, r.Form.Get("StackSetName"))
	if err != nil {
		return nil, err
	}
	if err := cmp.Or(x.checkOpID(r.Form.Get("OperationId")), x.busy(s)); err != nil {
		return nil, err
	}
	if err := x.setTemplate(s, r.Form); err != nil {
		return nil, err
	}
	accounts, regions := members(r.Form, "Accounts"), members(r.Form, "Regions")
	op := x.newOp(s, "UPDATE", r.Form.Get("OperationId"))
	for _, inst := range s.Instances {
		if (len(accounts) == 0 || slices.Contains(accounts, inst.Account)) && (len(regions) == 0 || slices.Contains(regions, inst.Region)) {
			x.deploy(s, inst, op)
		}
	}
	x.changed()
	return operationIDResult{op.ID}, nil
}

func (x *Service) createStackInstances(r *simcore.Request) (any, error) {
	s, err := x.findStackSet(r, r.Form.Get("StackSetName"))
	if err != nil {
		return nil, err
	}
	accounts, regions := members(r.Form, "Accounts"), members(r.Form, "Regions")
	if len(accounts) == 0 || len(regions) == 0 {
		return nil, simcore.Errorf("ValidationError", "Accounts and Regions are required")
	}
	if err := cmp.Or(x.checkOpID(r.Form.Get("OperationId")), x.busy(s)); err != nil {
		return nil, err
	}
	overrides := paramsAt(r.Form, "ParameterOverrides")
	op := x.newOp(s, "CREATE", r.Form.Get("OperationId"))
	for _, account := range accounts {
		for _, region := range regions {
			inst := s.instance(account, region)
			if inst == nil {
				inst = &cfnStackInstance{Account: account, Region: region}
				s.Instances = append(s.Instances, inst)
			}
			inst.Overrides = overrides
			x.deploy(s, inst, op)
		}
	}
	x.changed()
	return operationIDResult{op.ID}, nil
}

func (x *Service) deleteStackInstances(r *simcore.Request) (any, error) {
	if _, ok := r.Form["RetainStacks"]; !ok {
		return nil, simcore.Errorf("ValidationError", "1 validation error detected: Value null at 'retainStacks' failed to satisfy constraint: Member must not be null")
	}
	s, err := x.findStackSet(r, r.Form.Get("StackSetName"))
	if err != nil {
		return nil, err
	}
	if err := cmp.Or(x.checkOpID(r.Form.Get("OperationId")), x.busy(s)); err != nil {
		return nil, err
	}
	retain := r.Form.Get("RetainStacks") == "true"
	op := x.newOp(s, "DELETE", r.Form.Get("OperationId"))
	op.Retain = retain
	x.dropInstances(s, members(r.Form, "Accounts"), members(r.Form, "Regions"), retain, op)
	x.changed()
	return operationIDResult{op.ID}, nil
}

func (x *Service) deleteStackSet(r *simcore.Request) (any, error) {
	s, err := x.findStackSet(r, r.Form.Get("StackSetName"))
	if err != nil {
		return nil, err
	}
	if err := x.busy(s); err != nil {
		return nil, err
	}
	if len(s.Instances) > 0 {
		return nil, simcore.Errorf("StackSetNotEmptyException", "StackSet is not empty")
	}
	s.Status = "DELETED"
	x.changed()
	return struct{}{}, nil
}

type stackSetOperationXML struct {
	OperationId, StackSetId, Action, Status string
	RetainStacks                            bool
	CreationTimestamp                       isoTime
	EndTimestamp                            *isoTime `xml:",omitempty"`
	StatusReason                            string   `xml:",omitempty"`
	AdministrationRoleARN                   string   `xml:",omitempty"`
	ExecutionRoleName                       string   `xml:",omitempty"`
}

func (x *Service) opXML(s *cfnStackSet, op *cfnStackSetOp) stackSetOperationXML {
	status, end := x.opStatus(op)
	out := stackSetOperationXML{OperationId: op.ID, StackSetId: op.StackSetID, Action: op.Action, Status: status,
		RetainStacks: op.Retain, CreationTimestamp: isoTime(op.Created), StatusReason: op.Reason,
		AdministrationRoleARN: s.AdminRole, ExecutionRoleName: s.ExecRole}
	if status != "RUNNING" {
		out.EndTimestamp = isoPtr(end)
	}
	return out
}

func (x *Service) describeStackSetOperation(r *simcore.Request) (any, error) {
	s, err := x.findStackSet(r, r.Form.Get("StackSetName"))
	if err != nil {
		return nil, err
	}
	op := x.stackSetOp(r.Form.Get("OperationId"))
	if op == nil || op.StackSetID != s.ID {
		return nil, simcore.Errorf("OperationNotFoundException", "Operation %s not found", r.Form.Get("OperationId"))
	}
	return describeOperationResult{x.opXML(s, op)}, nil
}

func (x *Service) listStackSetOperations(r *simcore.Request) (any, error) {
	s, err := x.findStackSet(r, r.Form.Get("StackSetName"))
	if err != nil {
		return nil, err
	}
	var out listOperationsResult
	for i := len(x.st.StackSetOps) - 1; i >= 0; i-- {
		if op := x.st.StackSetOps[i]; op.StackSetID == s.ID {
			o := x.opXML(s, op)
			o.AdministrationRoleARN, o.ExecutionRoleName = "", ""
			out.Summaries = append(out.Summaries, o)
		}
	}
	return out, nil
}

type instanceStatusXML struct{ DetailedStatus string }

type stackInstanceXML struct {
	StackSetId, Region, Account string
	StackId                     string `xml:",omitempty"`
	Status                      string
	StatusReason                string `xml:",omitempty"`
	StackInstanceStatus         instanceStatusXML
	DriftStatus                 string
	LastOperationId             string     `xml:",omitempty"`
	ParameterOverrides          []paramXML `xml:"ParameterOverrides>member"`
}

func (x *Service) instanceXML(s *cfnStackSet, inst *cfnStackInstance) stackInstanceXML {
	status, detailed := x.instanceStatus(s, inst)
	out := stackInstanceXML{StackSetId: s.ID, Region: inst.Region, Account: inst.Account, StackId: inst.StackID, Status: status,
		StatusReason: inst.Reason, StackInstanceStatus: instanceStatusXML{detailed}, DriftStatus: "NOT_CHECKED", LastOperationId: inst.LastOp}
	for _, o := range inst.Overrides {
		out.ParameterOverrides = append(out.ParameterOverrides, paramXML{o.Key, o.Value})
	}
	return out
}

func (x *Service) listStackInstances(r *simcore.Request) (any, error) {
	s, err := x.findStackSet(r, r.Form.Get("StackSetName"))
	if err != nil {
		return nil, err
	}
	account, region := r.Form.Get("StackInstanceAccount"), r.Form.Get("StackInstanceRegion")
	var out listInstancesResult
	filters := instanceFilters(r.Form)
	for _, inst := range s.Instances {
		i := x.instanceXML(s, inst)
		if match(account, inst.Account) && match(region, inst.Region) && filters.match(i) {
			i.ParameterOverrides = nil
			out.Summaries = append(out.Summaries, i)
		}
	}
	return out, nil
}

func (x *Service) describeStackInstance(r *simcore.Request) (any, error) {
	s, err := x.findStackSet(r, r.Form.Get("StackSetName"))
	if err != nil {
		return nil, err
	}
	account, region := r.Form.Get("StackInstanceAccount"), r.Form.Get("StackInstanceRegion")
	inst := s.instance(account, region)
	if inst == nil {
		return nil, simcore.Errorf("StackInstanceNotFoundException", "Stack instance for account %s and region %s of StackSet %s not found", account, region, s.ID)
	}
	return describeInstanceResult{x.instanceXML(s, inst)}, nil
}

// paramsAt reads PREFIX.member.N.ParameterKey and ParameterValue.
func paramsAt(f url.Values, prefix string) []cfntemplate.GivenParam {
	var out []cfntemplate.GivenParam
	for i := 1; ; i++ {
		p := prefix + ".member." + strconv.Itoa(i) + "."
		key := f.Get(p + "ParameterKey")
		if key == "" {
			return out
		}
		out = append(out, cfntemplate.GivenParam{Key: key, Value: f.Get(p + "ParameterValue"), UsePrevious: f.Get(p+"UsePreviousValue") == "true"})
	}
}

// The results of the stack set actions (xml.Marshal needs named types).
type (
	createStackSetResult    struct{ StackSetId string }
	describeStackSetResult  struct{ StackSet stackSetXML }
	describeOperationResult struct{ StackSetOperation stackSetOperationXML }
	describeInstanceResult  struct{ StackInstance stackInstanceXML }
	listStackSetsResult     struct {
		Summaries []stackSetSummaryXML `xml:"Summaries>member"`
	}
	listOperationsResult struct {
		Summaries []stackSetOperationXML `xml:"Summaries>member"`
	}
	listInstancesResult struct {
		Summaries []stackInstanceXML `xml:"Summaries>member"`
	}
)

// instanceFilter is ListStackInstances' Filters: DETAILED_STATUS,
// LAST_OPERATION_ID, DRIFT_STATUS, each a value.
type instanceFilter map[string]string

func instanceFilters(f url.Values) instanceFilter {
	out := instanceFilter{}
	for i := 1; ; i++ {
		p := "Filters.member." + strconv.Itoa(i) + "."
		name := f.Get(p + "Name")
		if name == "" {
			return out
		}
		out[name] = f.Get(p + "Values")
	}
}

func (fl instanceFilter) match(i stackInstanceXML) bool {
	return match(fl["DETAILED_STATUS"], i.StackInstanceStatus.DetailedStatus) &&
		match(fl["LAST_OPERATION_ID"], i.LastOperationId) && match(fl["DRIFT_STATUS"], i.DriftStatus)
}
