package cfn

// ResourceFault makes a resource fail when CloudFormation provisions it, so
// that tests can exercise failure and rollback. Empty fields match
// anything, except that one of LogicalID or Type should be set.
type ResourceFault struct {
	// Account and Region restrict the fault; empty matches any.
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
	// Stack is the stack name; empty matches any stack.
	Stack string `json:"stack,omitempty"`
	// LogicalID or Type selects the resource.
	LogicalID string `json:"logicalId,omitempty"`
	Type      string `json:"type,omitempty"`
	// Operation is create, update, delete or import; empty matches all.
	Operation string `json:"operation,omitempty"`
	// Reason is the ResourceStatusReason of the failure event.
	Reason string `json:"reason,omitempty"`
}

// FailResource adds a fault: from now on, operations that match it fail
// the resource with f.Reason (or a generic reason), and CloudFormation's
// rollback follows. Faults are matched when an operation starts.
func (x *Service) FailResource(f ResourceFault) {
	x.core.Lock()
	defer x.core.Unlock()
	x.st.Faults = append(x.st.Faults, f)
	x.changed()
}

// ClearResourceFaults removes every resource fault.
func (x *Service) ClearResourceFaults() {
	x.core.Lock()
	defer x.core.Unlock()
	x.st.Faults = nil
	x.changed()
}

func (f ResourceFault) matches(st *cfnStack, r *Resource, op string) bool {
	return (f.Account == "" || f.Account == st.Account) && (f.Region == "" || f.Region == st.Region) &&
		(f.Stack == "" || f.Stack == st.Name) && (f.Operation == "" || f.Operation == op) &&
		(f.LogicalID == "" || f.LogicalID == r.LogicalID) && (f.Type == "" || f.Type == r.Type) &&
		(f.LogicalID != "" || f.Type != "")
}

// faultFor returns the reason a resource operation fails, or "".
func (x *Service) faultFor(st *cfnStack, r *Resource, op string) string {
	for _, f := range x.st.Faults {
		if f.matches(st, r, op) {
			if f.Reason == "" {
				return "Resource handler returned message: \"Simulated failure\" (HandlerErrorCode: GeneralServiceException)"
			}
			return f.Reason
		}
	}
	return ""
}

func (x *Service) deleteFaults(st *cfnStack, recs map[string]*Resource) map[string]string {
	out := map[string]string{}
	for id, r := range recs {
		if reason := x.faultFor(st, r, "delete"); reason != "" {
			out[id] = reason
		} else if reason := x.deleteFailure(st, r); reason != "" {
			out[id] = reason
		} else if reason := x.deleteResponseFailure(st, r); reason != "" {
			out[id] = reason
		}
	}
	return out
}
