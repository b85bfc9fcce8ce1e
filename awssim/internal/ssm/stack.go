package ssm

import (
	"maps"
	"slices"
	"time"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/cfntemplate"
	"flightplan/awssim/internal/simcore"
)

// The AWS::SSM::Parameter resources of stacks, in simulated SSM.
//
// A stack's parameter is a parameter like any other, in the stack's
// account and region, named by the resource's physical ID: made when its
// creation completes, given a new version when an update completes (as
// CloudFormation's PutParameter with Overwrite does), and deleted when its
// deletion completes. DeletionPolicy: Retain (DELETE_SKIPPED) leaves it
// behind. A stack cannot create a parameter whose name is taken.

const parameterType = "AWS::SSM::Parameter"

// Applied keeps SSM in step with one applied step of a stack's schedule.
func (x *Service) Applied(ev cfn.ResourceEvent) {
	if ev.Type != parameterType || ev.PhysicalID == "" {
		return
	}
	c := x.stackCall(ev.Stack)
	c.now, c.user = ev.At.UTC(), "arn:aws:iam::"+ev.Stack.Account+":user/sim"
	params := c.params
	switch ev.Status {
	case "CREATE_COMPLETE", "UPDATE_COMPLETE":
		in := stackParameterInput(ev.PhysicalID, ev.Props())
		old := c.find(in.Name)
		if ev.Status == "CREATE_COMPLETE" && old != nil {
			return
		}
		if p, err := newVersion(old, &in, c); err == nil {
			params[p.Name] = p
		}
	case "DELETE_COMPLETE":
		if p := c.find(ev.PhysicalID); p != nil {
			delete(params, p.Name)
		}
	}
}

// stackParameterInput is the PutParameter that a resource's properties
// make.
func stackParameterInput(name string, props map[string]any) putParameterInput {
	in := putParameterInput{Name: name, Value: cfntemplate.String(props["Value"]), Type: cfntemplate.String(props["Type"]),
		Description: cfntemplate.String(props["Description"]), AllowedPattern: cfntemplate.String(props["AllowedPattern"]),
		Tier: cfntemplate.String(props["Tier"]), DataType: cfntemplate.String(props["DataType"])}
	tags := cfntemplate.AsMap(props["Tags"])
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		in.Tags = append(in.Tags, tag{Key: k, Value: cfntemplate.String(tags[k])})
	}
	return in
}

// CreateFailure fails a parameter whose name another parameter of the
// account and region already has.
func (x *Service) CreateFailure(st cfn.StackRef, r *cfn.Resource) (string, time.Duration) {
	if r.Type != parameterType {
		return "", 0
	}
	if x.stackCall(st).find(r.PhysicalID) == nil {
		return "", 0
	}
	return r.PhysicalID + " already exists", 0
}

// stackCall is a call on the store of a stack's account and region.
func (x *Service) stackCall(st cfn.StackRef) *call {
	return &call{Request: &simcore.Request{Account: st.Account, Region: st.Region}, params: x.store(st.Account, st.Region)}
}

// DeleteFailure finds no failure: a parameter can always be deleted.
func (x *Service) DeleteFailure(cfn.StackRef, *cfn.Resource) string { return "" }

// Attribute leaves Fn::GetAtt to the template engine (Type and Value are
// the properties of the same name).
func (x *Service) Attribute(cfntemplate.Planned, string) (any, bool) { return nil, false }
