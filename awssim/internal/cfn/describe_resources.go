package cfn

import (
	"maps"
	"slices"

	"flightplan/awssim/internal/simcore"
)

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
