package drift

import (
	"fmt"
	"strings"

	"flightplan/addr"
	"flightplan/live"
	"flightplan/planner"
	"flightplan/stacks"
)

// Fix lines shared by several findings.
const (
	fixApply    = "run flightplan apply to restore it"
	fixOrphan   = "delete it (flightplan apply deletes it) or add it to the file"
	fixNotKnown = "add it to the file, or delete it by hand once nothing uses it"
)

// checkNode returns what the inventory says about one node: its stack and
// documents against the file, and the live objects the file does not
// declare. Resource drift is found separately, by CloudFormation.
func (inv *inventory) checkNode(ns *nodeState) []*Finding {
	if ns.want == nil {
		return inv.checkLiveOnly(ns)
	}
	var out []*Finding
	out = append(out, checkStack(ns)...)
	out = append(out, checkDocuments(ns)...)
	for _, st := range ns.extraStacks {
		f := stackFinding(ns.addr, OrphanStack, st)
		f.Detail = fmt.Sprintf("stack %s is tagged as %s but is not the stack the file declares for it (%s)", st.Name, ns.addr, ns.want.Stack.Name)
		f.Fix = fixNotKnown
		out = append(out, f)
	}
	for _, p := range ns.extraParams {
		out = append(out, orphanDocument(ns.addr, inv.d, p))
	}
	return out
}

// checkStack compares a desired node's stack with the live one.
func checkStack(ns *nodeState) []*Finding {
	n := ns.want
	switch {
	case n.Stack == nil:
		return nil
	case ns.stack == nil && ns.addr.Kind == addr.KindEnv && len(ns.params) > 0:
		f := &Finding{Addr: ns.addr, Kind: Inconsistent, Account: n.Account, Region: n.Region, Stack: n.Stack.Name,
			Detail: fmt.Sprintf("the environment's document exists but its stack %s does not: Copilot lists the environment, nothing can run in it", n.Stack.Name),
			Fix:    "run flightplan apply to create the stack"}
		return []*Finding{f}
	case ns.stack == nil:
		f := &Finding{Addr: ns.addr, Kind: StackMissing, Account: n.Account, Region: n.Region, Stack: n.Stack.Name,
			Detail: fmt.Sprintf("stack %s does not exist in %s/%s", n.Stack.Name, n.Account, n.Region),
			Fix:    "run flightplan apply to create it"}
		return []*Finding{f}
	case failed(ns.stack.Status):
		return []*Finding{failedStack(ns.addr, ns.stack)}
	}
	return nil
}

// checkDocuments compares a desired node's documents with the live ones,
// field by field.
func checkDocuments(ns *nodeState) []*Finding {
	var out []*Finding
	for _, want := range ns.want.Parameters {
		live := ns.params[want.Name]
		if live == nil {
			out = append(out, missingDocument(ns, want))
			continue
		}
		for _, d := range diffDocument(want.Value, live.Value) {
			out = append(out, &Finding{Addr: ns.addr, Kind: DocumentModified, Account: ns.want.Account, Region: ns.want.Region,
				Document: want.Name, Path: d.path, Expected: d.expected, Actual: d.actual, Difference: d.kind,
				Detail: fmt.Sprintf("document %s was changed outside flightplan (version %d)", want.Name, live.Version), Fix: fixApply})
		}
	}
	return out
}

func missingDocument(ns *nodeState, want stacks.Parameter) *Finding {
	f := &Finding{Addr: ns.addr, Kind: DocumentMissing, Account: ns.want.Account, Region: ns.want.Region, Document: want.Name,
		Detail: fmt.Sprintf("document %s does not exist", want.Name), Fix: fixApply}
	if ns.addr.Kind == addr.KindEnv && ns.stack != nil {
		f.Kind, f.Stack = Inconsistent, ns.stack.Name
		f.Detail = fmt.Sprintf("stack %s exists but the environment's document %s does not: Copilot cannot see the environment", ns.stack.Name, want.Name)
		f.Fix = "run flightplan apply to restore the document"
	}
	return f
}

// checkLiveOnly reports the objects of a node that only AWS has.
func (inv *inventory) checkLiveOnly(ns *nodeState) []*Finding {
	var out []*Finding
	for _, st := range ns.extraStacks {
		out = append(out, inv.orphanStack(ns.addr, st))
	}
	for _, p := range ns.extraParams {
		out = append(out, orphanDocument(ns.addr, inv.d, p))
	}
	return out
}

func (inv *inventory) orphanStack(a addr.Address, st *planner.LiveStack) *Finding {
	f := stackFinding(a, OrphanStack, st)
	f.Detail = fmt.Sprintf("stack %s is tagged %s=%s but the file does not declare %s", st.Name, planner.TagApplication, inv.d.App, a)
	f.Fix = fixOrphan
	if a.Kind == addr.KindDeploy && inv.d.Node(addr.Env(a.Env)) == nil {
		f.Kind = Inconsistent
		f.Detail = fmt.Sprintf("workload stack %s is in environment %s, which the file no longer lists", st.Name, a.Env)
		f.Fix = fmt.Sprintf("run flightplan apply to delete it, or add environment %s back to the file", a.Env)
	}
	return f
}

func orphanDocument(a addr.Address, d *stacks.Desired, p *planner.LiveParameter) *Finding {
	appT, _ := live.Targets(d)
	return &Finding{Addr: a, Kind: OrphanDocument, Account: appT.Account, Region: appT.Region, Document: p.Name,
		Detail: fmt.Sprintf("document %s exists but the file does not declare %s", p.Name, a), Fix: fixOrphan}
}

func stackFinding(a addr.Address, k Kind, st *planner.LiveStack) *Finding {
	return &Finding{Addr: a, Kind: k, Account: st.Account, Region: st.Region, Stack: st.Name, Status: st.Status}
}

// failedStack reports a stack stuck in a failed state, with the step that
// gets it out.
func failedStack(a addr.Address, st *planner.LiveStack) *Finding {
	f := stackFinding(a, StackFailed, st)
	f.Detail = fmt.Sprintf("stack %s is %s", st.Name, st.Status)
	if st.StatusReason != "" {
		f.Detail += ": " + st.StatusReason
	}
	switch st.Status {
	case "ROLLBACK_COMPLETE":
		f.Fix = "run flightplan apply: it deletes the stack and creates it again"
	case "UPDATE_ROLLBACK_FAILED":
		f.Fix = fmt.Sprintf("fix the cause in the status reason, then run aws cloudformation continue-update-rollback --stack-name %s --region %s, then flightplan apply", st.Name, st.Region)
	case "DELETE_FAILED":
		f.Fix = "remove what blocks the delete (see the status reason), then run flightplan apply"
	default:
		f.Fix = fmt.Sprintf("read the stack's events (aws cloudformation describe-stack-events --stack-name %s --region %s), then run flightplan apply", st.Name, st.Region)
	}
	return f
}

// failed reports whether a stack status is one a stack is stuck in.
func failed(status string) bool {
	return status == "ROLLBACK_COMPLETE" || strings.HasSuffix(status, "_FAILED")
}

// detectable reports whether CloudFormation runs drift detection on a stack
// in this status.
func detectable(status string) bool {
	switch status {
	case "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED",
		"IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE":
		return true
	}
	return false
}
