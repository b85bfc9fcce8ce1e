package cfn

import (
	"encoding/json"
	"net/http"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// SetStackStatus forces a stack's status, for tests of states that are hard
// to reach (UPDATE_ROLLBACK_FAILED, DELETE_FAILED): any operation in
// progress stops where it is, and a stack event records the change.
func (x *Service) SetStackStatus(account, region, stack, status string) error {
	x.core.Lock()
	defer x.core.Unlock()
	x.Settle()
	st := x.findStack(account, region, stack)
	if st == nil {
		return stackNotFound(stack)
	}
	if op := st.Op; op != nil && op.Next < len(op.Steps) {
		op.Steps = op.Steps[:op.Next]
		x.finishOp(st, op)
	}
	now := x.now()
	st.apply(cfnStep{At: now, Event: cfnEvent{ID: simcore.UUID(st.ID + now.String() + status), At: now, LogicalID: st.Name,
		PhysicalID: st.ID, Type: stackType, Status: status, Reason: "Status set by the simulator"}})
	x.changed()
	return nil
}

// cfnControlBody is the JSON body of the /_sim/cfn/ endpoints.
type cfnControlBody struct {
	ResourceFault
	LogicalID string         `json:"logicalId"`
	Actual    map[string]any `json:"actual"`
	Status    string         `json:"status"`
}

// ServeControl serves /_sim/cfn/...:
//
//	POST /_sim/cfn/fail-resource    ResourceFault as JSON
//	POST /_sim/cfn/clear-faults
//	POST /_sim/cfn/drift            {"account","region","stack","logicalId","actual":{...}}
//	POST /_sim/cfn/delete-resource  {"account","region","stack","logicalId"}
//	POST /_sim/cfn/stack-status     {"account","region","stack","status"}
//	GET  /_sim/cfn/timeline         the stack operations, as JSON
//
// Account defaults to simcore.DefaultAccount and region to us-east-1 where one is
// needed. Successful POSTs answer 204; errors {"error": "..."} with a 4xx.
func (x *Service) ServeControl(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/_sim/cfn/")
	if x.serveCustomControl(w, r, path) {
		return
	}
	if path == "timeline" && r.Method == http.MethodGet {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(x.Timeline())
		return
	}
	if r.Method != http.MethodPost {
		cfnControlError(w, http.StatusMethodNotAllowed, r.URL.Path+" takes POST")
		return
	}
	var b cfnControlBody
	if r.ContentLength != 0 {
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
			cfnControlError(w, http.StatusBadRequest, "bad JSON body: "+err.Error())
			return
		}
	}
	if err := x.control(path, b); err != nil {
		cfnControlError(w, http.StatusBadRequest, err.Error())
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (x *Service) control(path string, b cfnControlBody) error {
	if b.LogicalID != "" {
		b.ResourceFault.LogicalID = b.LogicalID
	}
	account, region := b.Account, b.Region
	if account == "" {
		account = simcore.DefaultAccount
	}
	if region == "" {
		region = "us-east-1"
	}
	switch path {
	case "fail-resource":
		x.FailResource(b.ResourceFault)
	case "clear-faults":
		x.ClearResourceFaults()
	case "drift":
		return x.DriftResource(account, region, b.Stack, b.ResourceFault.LogicalID, b.Actual)
	case "delete-resource":
		return x.DeleteResourceBehindCFN(account, region, b.Stack, b.ResourceFault.LogicalID)
	case "stack-status":
		return x.SetStackStatus(account, region, b.Stack, b.Status)
	default:
		return &simcore.APIError{Code: "NotFound", Message: "no control endpoint /_sim/cfn/" + path}
	}
	return nil
}

func cfnControlError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
