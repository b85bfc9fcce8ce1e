package awssim

import "flightplan/awssim/internal/cfn"

// CustomResourceResponse is what the handler (a Lambda function) behind
// matching custom resources answers: a physical ID for Create, Data for
// Fn::GetAtt, or a failure. Empty match fields match anything; the last
// response added that matches wins. Without one, a handler succeeds, keeps
// the physical ID CloudFormation gives it (a generated one on Create) and
// answers no Data.
type CustomResourceResponse = cfn.CustomResourceResponse

// CustomResourceInvocation is one request CloudFormation sent to a custom
// resource's handler: Create, Update (with the old properties) or Delete.
type CustomResourceInvocation = cfn.CustomResourceInvocation

// SetCustomResourceResponse configures how matching custom resource
// handlers answer, for operations that start from now on.
func (s *Sim) SetCustomResourceResponse(r CustomResourceResponse) {
	s.cfn.SetCustomResourceResponse(r)
	s.core.Commit()
}

// ClearCustomResourceResponses makes every handler answer the default.
func (s *Sim) ClearCustomResourceResponses() {
	s.cfn.ClearCustomResourceResponses()
	s.core.Commit()
}

// CustomResourceInvocations returns every request sent to custom resource
// handlers up to the clock, in order: a test proves with it that a delete
// handler was, or was not, invoked.
func (s *Sim) CustomResourceInvocations() []CustomResourceInvocation {
	return s.cfn.CustomResourceInvocations()
}
