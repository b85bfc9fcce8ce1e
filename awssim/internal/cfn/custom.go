package cfn

import (
	"maps"
	"strings"
	"time"

	"flightplan/awssim/internal/cfntemplate"
	"flightplan/awssim/internal/simcore"
)

// CustomResourceResponse is what the handler behind matching custom
// resources (Custom::*, AWS::CloudFormation::CustomResource) answers. Empty
// match fields match anything; the last response added that matches wins.
// Without one, a handler succeeds, keeps the physical ID CloudFormation
// gives it (a generated one on Create) and returns no Data.
type CustomResourceResponse struct {
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
	Stack   string `json:"stack,omitempty"`
	// LogicalID and Type select the resource; Function is the function
	// name or ARN of its ServiceToken; RequestType is Create, Update or
	// Delete.
	LogicalID   string `json:"logicalId,omitempty"`
	Type        string `json:"type,omitempty"`
	Function    string `json:"function,omitempty"`
	RequestType string `json:"requestType,omitempty"`
	// PhysicalResourceID is the ID a Create answers.
	PhysicalResourceID string `json:"physicalResourceId,omitempty"`
	// Data are the attributes Fn::GetAtt reads.
	Data map[string]any `json:"data,omitempty"`
	// OutputsOf names a stack of the same account and region whose
	// outputs, when the request is made, are Data too (Data wins), as
	// Copilot's environment controller answers its environment stack's
	// outputs.
	OutputsOf string `json:"outputsOf,omitempty"`
	// Reason, when set, makes the handler answer FAILED with it.
	Reason string `json:"reason,omitempty"`
}

// CustomResourceInvocation is one request CloudFormation sent to a custom
// resource's handler, with the fields of CloudFormation's request event.
type CustomResourceInvocation struct {
	Account               string         `json:"account"`
	Region                string         `json:"region"`
	StackName             string         `json:"stackName"`
	StackID               string         `json:"stackId"`
	RequestID             string         `json:"requestId"`
	RequestType           string         `json:"requestType"`
	LogicalResourceID     string         `json:"logicalResourceId"`
	ResourceType          string         `json:"resourceType"`
	ServiceToken          string         `json:"serviceToken"`
	PhysicalResourceID    string         `json:"physicalResourceId,omitempty"`
	ResourceProperties    map[string]any `json:"resourceProperties,omitempty"`
	OldResourceProperties map[string]any `json:"oldResourceProperties,omitempty"`
	At                    time.Time      `json:"at"`
}

// SetCustomResourceResponse adds a response; it applies to operations that
// start from now on.
func (x *Service) SetCustomResourceResponse(r CustomResourceResponse) {
	x.core.Lock()
	defer x.core.Unlock()
	x.st.CustomResponses = append(x.st.CustomResponses, r)
	x.changed()
}

// ClearCustomResourceResponses removes every configured response.
func (x *Service) ClearCustomResourceResponses() {
	x.core.Lock()
	defer x.core.Unlock()
	x.st.CustomResponses = nil
	x.changed()
}

// CustomResourceInvocations returns the requests sent to custom resource
// handlers up to the clock, in the order they were sent.
func (x *Service) CustomResourceInvocations() []CustomResourceInvocation {
	x.core.Lock()
	defer x.core.Unlock()
	x.Settle()
	return append([]CustomResourceInvocation(nil), x.st.Invocations...)
}

func isCustom(typ string) bool {
	return strings.HasPrefix(typ, "Custom::") || typ == "AWS::CloudFormation::CustomResource"
}

// customResponse is the response that applies to a request, or the
// default one.
func (x *Service) customResponse(env cfntemplate.Env, r *Resource, requestType string) CustomResourceResponse {
	token := cfntemplate.String(r.Props["ServiceToken"])
	for i := len(x.st.CustomResponses) - 1; i >= 0; i-- {
		c := x.st.CustomResponses[i]
		if match(c.Account, env.Account) && match(c.Region, env.Region) && match(c.Stack, env.StackName) &&
			match(c.LogicalID, r.LogicalID) && match(c.Type, r.Type) && match(c.RequestType, requestType) &&
			(c.Function == "" || c.Function == token || strings.HasSuffix(token, ":function:"+c.Function)) {
			return c
		}
	}
	return CustomResourceResponse{}
}

func match(want, have string) bool { return want == "" || want == have }

// planCustom gives a custom resource about to be created or updated the
// physical ID and Data its handler answers.
func (x *Service) planCustom(env cfntemplate.Env, rec, old *Resource) {
	kind := "Create"
	if old != nil {
		kind = "Update"
	}
	resp := x.customResponse(env, rec, kind)
	if old == nil && resp.PhysicalResourceID != "" {
		rec.PhysicalID = resp.PhysicalResourceID
	}
	rec.Attrs = map[string]any{}
	if st := x.findStack(env.Account, env.Region, resp.OutputsOf); resp.OutputsOf != "" && st != nil {
		for _, o := range st.Cfg.Outputs {
			rec.Attrs[o.Key] = o.Value
		}
	}
	maps.Copy(rec.Attrs, resp.Data)
}

// customAttribute is Fn::GetAtt attr of a custom resource: a key of the
// Data its handler answered. A missing key fails the resource that reads
// it, with CloudFormation's message.
func (x *Service) customAttribute(env cfntemplate.Env, r *Resource, attr string, d *cfnDesired) any {
	if v, ok := r.Attrs[attr]; ok {
		return v
	}
	if d.current != "" {
		d.fail(d.current, "CustomResource attribute error: Vendor response doesn't contain "+attr+
			" attribute in object "+env.StackID+"|"+r.LogicalID+"|"+simcore.UUID(env.StackID+r.LogicalID+attr))
	}
	return ""
}

// customFailures adds, for the resources the plan creates or updates,
// the failures found while evaluating them (attrErrors: a custom
// resource's missing Data key, a nested stack's missing template, output
// or failing child), and for custom resources their handler's failure: a
// FAILED response, or a ServiceToken naming a Lambda function that does
// not exist.
func (x *Service) customFailures(st *cfnStack, p *cfnPlan, attrErrors map[string]string) {
	for _, id := range p.Order {
		kind := "add"
		if p.Kind == "UPDATE" {
			kind = p.updateKind(id)
		}
		if kind == "" || p.Faults[id] != "" {
			continue
		}
		if why := attrErrors[id]; why != "" {
			p.Faults[id] = why
			continue
		}
		requestType := "Update"
		if kind == "add" {
			requestType = "Create"
		}
		if r := p.New[id]; isCustom(r.Type) {
			if why := x.customFailure(p, r, requestType); why != "" {
				p.Faults[id] = why
			}
		}
	}
}

func (x *Service) customFailure(p *cfnPlan, r *Resource, requestType string) string {
	token := cfntemplate.String(r.Props["ServiceToken"])
	if strings.HasPrefix(token, "arn:aws:lambda:") && !x.functionExists(p, token) {
		return "Received response status [FAILED] from custom resource. Message returned: Function not found: " + token +
			" (the simulator's wording)"
	}
	if resp := x.customResponse(p.Env, r, requestType); resp.Reason != "" {
		return failedResponse(resp.Reason)
	}
	return ""
}

func failedResponse(reason string) string {
	return "Received response status [FAILED] from custom resource. Message returned: " + reason
}

// functionExists reports whether a Lambda function ARN names a function of
// the plan or a live AWS::Lambda::Function of any stack.
func (x *Service) functionExists(p *cfnPlan, arn string) bool {
	for _, r := range p.New {
		if r.Type == lambdaType && functionARN(p.Env.Region, p.Env.Account, r.PhysicalID) == arn {
			return true
		}
	}
	for _, st := range x.st.Stacks {
		if !st.Deleted.IsZero() {
			continue
		}
		for _, r := range st.Resources {
			if r.Type == lambdaType && r.Status != "DELETE_COMPLETE" && functionARN(st.Region, st.Account, r.PhysicalID) == arn {
				return true
			}
		}
	}
	return false
}

const lambdaType = "AWS::Lambda::Function"

func functionARN(region, account, name string) string {
	return "arn:aws:lambda:" + region + ":" + account + ":function:" + name
}

// deleteResponseFailure is the failure a Delete handler answers, or "".
func (x *Service) deleteResponseFailure(st *cfnStack, r *Resource) string {
	if !isCustom(r.Type) {
		return ""
	}
	if resp := x.customResponse(st.env(), r, "Delete"); resp.Reason != "" {
		return failedResponse(resp.Reason)
	}
	return ""
}

// invoke attaches to the last step the request CloudFormation sends to a
// custom resource's handler as that step happens.
func (b *cfnBuilder) invoke(requestType string, rec, old *Resource, phys string) {
	if !isCustom(rec.Type) || len(b.steps) == 0 {
		return
	}
	s := &b.steps[len(b.steps)-1]
	e := b.plan.Env
	inv := &CustomResourceInvocation{Account: e.Account, Region: e.Region, StackName: e.StackName, StackID: e.StackID,
		RequestID: simcore.UUID(s.Event.ID + "request"), RequestType: requestType, LogicalResourceID: rec.LogicalID,
		ResourceType: rec.Type, ServiceToken: cfntemplate.String(rec.Props["ServiceToken"]), PhysicalResourceID: phys,
		ResourceProperties: rec.Props, At: s.At}
	if old != nil {
		inv.OldResourceProperties = old.Props
	}
	s.Invoke = inv
}

// recordInvocation keeps the request a step sends, if any.
func (x *Service) recordInvocation(s *cfnStep) {
	if s.Invoke != nil {
		x.st.Invocations = append(x.st.Invocations, *s.Invoke)
	}
}
