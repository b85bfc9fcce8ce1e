package cfn

import (
	"maps"
	"slices"
	"strings"

	"flightplan/awssim/internal/cfntemplate"
	"flightplan/awssim/internal/simcore"
)

const (
	stacksPage = 100
	eventsPage = 100
)

type describeStacksResult struct {
	Stacks    []stackXML `xml:"Stacks>member"`
	NextToken string     `xml:",omitempty"`
}

func (x *Service) describeStacks(r *simcore.Request) (any, error) {
	if name := r.Form.Get("StackName"); name != "" {
		st := x.findStack(r.Account, r.Region, name)
		if st == nil {
			return nil, stackNotFound(name)
		}
		return describeStacksResult{Stacks: []stackXML{x.stackXML(st)}}, nil
	}
	all := x.liveStacks(r.Account, r.Region)
	off, err := pageOffset(r.Form.Get("NextToken"))
	if err != nil {
		return nil, err
	}
	lo, hi, next := simcore.Page(len(all), off, stacksPage)
	out := describeStacksResult{NextToken: next}
	for _, st := range all[lo:hi] {
		out.Stacks = append(out.Stacks, x.stackXML(st))
	}
	return out, nil
}

type listStacksResult struct {
	StackSummaries []stackSummaryXML `xml:"StackSummaries>member"`
	NextToken      string            `xml:",omitempty"`
}

func (x *Service) listStacks(r *simcore.Request) (any, error) {
	filter := members(r.Form, "StackStatusFilter")
	var all []stackSummaryXML
	for i := len(x.st.Stacks) - 1; i >= 0; i-- {
		st := x.st.Stacks[i]
		if st.Account != r.Account || st.Region != r.Region || (len(filter) > 0 && !slices.Contains(filter, st.Status)) {
			continue
		}
		all = append(all, stackSummaryXML{StackId: st.ID, StackName: st.Name, TemplateDescription: st.Cfg.Description,
			CreationTime: isoTime(st.Created), LastUpdatedTime: isoPtr(st.Updated), DeletionTime: isoPtr(st.Deleted),
			StackStatus: st.Status, StackStatusReason: st.Reason, DriftInformation: stackDriftXML{StackDriftStatus: st.DriftStatus, LastCheckTimestamp: isoPtr(st.DriftChecked)}})
	}
	off, err := pageOffset(r.Form.Get("NextToken"))
	if err != nil {
		return nil, err
	}
	lo, hi, next := simcore.Page(len(all), off, stacksPage)
	return listStacksResult{StackSummaries: all[lo:hi], NextToken: next}, nil
}

type getTemplateResult struct {
	TemplateBody    string
	StagesAvailable []string `xml:"StagesAvailable>member"`
}

func (x *Service) getTemplate(r *simcore.Request) (any, error) {
	if cs := r.Form.Get("ChangeSetName"); cs != "" {
		c, err := x.findChangeSet(r, cs, r.Form.Get("StackName"))
		if err != nil {
			return nil, err
		}
		return getTemplateResult{TemplateBody: c.Cfg.Template, StagesAvailable: []string{"Original", "Processed"}}, nil
	}
	st, err := x.mustStack(r, "StackName")
	if err != nil {
		return nil, err
	}
	body := st.Cfg.Template
	if st.Op != nil && st.Op.Plan != nil && st.Op.Plan.Kind == "UPDATE" {
		body = st.Op.Plan.Cfg.Template
	}
	return getTemplateResult{TemplateBody: body, StagesAvailable: []string{"Original", "Processed"}}, nil
}

type templateParamXML struct {
	ParameterKey string
	DefaultValue string `xml:",omitempty"`
	NoEcho       bool
	Description  string `xml:",omitempty"`
}

type validateTemplateResult struct {
	Parameters         []templateParamXML `xml:"Parameters>member"`
	Description        string             `xml:",omitempty"`
	Capabilities       []string           `xml:"Capabilities>member"`
	CapabilitiesReason string             `xml:",omitempty"`
}

func (x *Service) validateTemplate(r *simcore.Request) (any, error) {
	body, err := x.templateBody(r.Account, r.Form)
	if err != nil {
		return nil, err
	}
	if body == "" {
		return nil, simcore.Errorf("ValidationError", "Either Template URL or Template Body must be specified.")
	}
	t, err := cfntemplate.Parse(body)
	if err != nil {
		return nil, err
	}
	out := validateTemplateResult{Description: t.Description}
	for _, k := range slices.Sorted(maps.Keys(t.Params)) {
		p := t.Params[k]
		tp := templateParamXML{ParameterKey: k, NoEcho: cfntemplate.String(p["NoEcho"]) == "true", Description: cfntemplate.String(p["Description"])}
		if d, ok := p["Default"]; ok {
			tp.DefaultValue = cfntemplate.String(d)
		}
		out.Parameters = append(out.Parameters, tp)
	}
	out.Capabilities, out.CapabilitiesReason = requiredCapabilities(t)
	return out, nil
}

// requiredCapabilities are the capabilities a template requires, and why.
func requiredCapabilities(t *cfntemplate.Template) ([]string, string) {
	err := checkCapabilities(t, nil)
	if err == nil {
		return nil, ""
	}
	need := strings.TrimSuffix(strings.TrimPrefix(err.(*simcore.APIError).Message, "Requires capabilities : ["), "]")
	return []string{need}, "The following resource(s) require capabilities: " + iamResourceTypes(t)
}

func iamResourceTypes(t *cfntemplate.Template) string {
	set := map[string]bool{}
	for _, d := range t.Resources {
		if _, ok := iamTypes[d.Type]; ok {
			set[d.Type] = true
		}
	}
	return "[" + strings.Join(slices.Sorted(maps.Keys(set)), ", ") + "]"
}

type describeStackEventsResult struct {
	StackEvents []stackEventXML `xml:"StackEvents>member"`
	NextToken   string          `xml:",omitempty"`
}

func (x *Service) describeStackEvents(r *simcore.Request) (any, error) {
	st, err := x.mustStack(r, "StackName")
	if err != nil {
		return nil, err
	}
	off, err := pageOffset(r.Form.Get("NextToken"))
	if err != nil {
		return nil, err
	}
	n := len(st.Events)
	lo, hi, next := simcore.Page(n, off, eventsPage)
	out := describeStackEventsResult{NextToken: next}
	for i := lo; i < hi; i++ {
		out.StackEvents = append(out.StackEvents, st.eventXML(st.Events[n-1-i]))
	}
	return out, nil
}

type describeStackResourceResult struct {
	StackResourceDetail stackResourceDetailXML
}

func (x *Service) describeStackResource(r *simcore.Request) (any, error) {
	st, err := x.mustStack(r, "StackName")
	if err != nil {
		return nil, err
	}
	id := r.Form.Get("LogicalResourceId")
	res, ok := st.Resources[id]
	if !ok {
		return nil, simcore.Errorf("ValidationError", "Resource %s does not exist for stack %s", id, st.Name)
	}
	return describeStackResourceResult{StackResourceDetail: stackResourceDetailXML{StackName: st.Name, StackId: st.ID,
		LogicalResourceId: id, PhysicalResourceId: res.PhysicalID, ResourceType: res.Type,
		LastUpdatedTimestamp: isoTime(res.Updated), ResourceStatus: res.Status, ResourceStatusReason: res.Reason,
		DriftInformation: res.driftInfo()}}, nil
}

type describeStackResourcesResult struct {
	StackResources []stackResourceXML `xml:"StackResources>member"`
}

func (x *Service) describeStackResources(r *simcore.Request) (any, error) {
	st, err := x.resourcesStack(r)
	if err != nil {
		return nil, err
	}
	want := r.Form.Get("LogicalResourceId")
	var out describeStackResourcesResult
	for _, id := range slices.Sorted(maps.Keys(st.Resources)) {
		res := st.Resources[id]
		if want != "" && id != want {
			continue
		}
		out.StackResources = append(out.StackResources, stackResourceXML{StackName: st.Name, StackId: st.ID,
			LogicalResourceId: id, PhysicalResourceId: res.PhysicalID, ResourceType: res.Type, Timestamp: isoTime(res.Updated),
			ResourceStatus: res.Status, ResourceStatusReason: res.Reason, DriftInformation: res.driftInfo()})
	}
	return out, nil
}

// resourcesStack finds the stack of DescribeStackResources: by name or by
// the physical ID of one of its resources.
func (x *Service) resourcesStack(r *simcore.Request) (*cfnStack, error) {
	if r.Form.Get("StackName") != "" {
		return x.mustStack(r, "StackName")
	}
	phys := r.Form.Get("PhysicalResourceId")
	for _, st := range x.liveStacks(r.Account, r.Region) {
		for _, res := range st.Resources {
			if phys != "" && res.PhysicalID == phys {
				return st, nil
			}
		}
	}
	if phys == "" {
		return nil, simcore.Errorf("ValidationError", "Either StackName or PhysicalResourceId must be specified.")
	}
	return nil, simcore.Errorf("ValidationError", "Stack for %s does not exist", phys)
}

type listStackResourcesResult struct {
	StackResourceSummaries []stackResourceSummaryXML `xml:"StackResourceSummaries>member"`
	NextToken              string                    `xml:",omitempty"`
}

func (x *Service) listStackResources(r *simcore.Request) (any, error) {
	st, err := x.mustStack(r, "StackName")
	if err != nil {
		return nil, err
	}
	ids := slices.Sorted(maps.Keys(st.Resources))
	off, err := pageOffset(r.Form.Get("NextToken"))
	if err != nil {
		return nil, err
	}
	lo, hi, next := simcore.Page(len(ids), off, eventsPage)
	out := listStackResourcesResult{NextToken: next}
	for _, id := range ids[lo:hi] {
		res := st.Resources[id]
		out.StackResourceSummaries = append(out.StackResourceSummaries, stackResourceSummaryXML{LogicalResourceId: id,
			PhysicalResourceId: res.PhysicalID, ResourceType: res.Type, LastUpdatedTimestamp: isoTime(res.Updated),
			ResourceStatus: res.Status, ResourceStatusReason: res.Reason, DriftInformation: res.driftInfo()})
	}
	return out, nil
}
