package cfn

import (
	"encoding/json"
	"net/http"
)

// serveCustomControl serves the custom resource endpoints, reporting
// whether path was one of them:
//
//	POST /_sim/cfn/custom-resource-response         CustomResourceResponse as JSON
//	POST /_sim/cfn/clear-custom-resource-responses
//	GET  /_sim/cfn/custom-resource-invocations      the requests handlers received
func (x *Service) serveCustomControl(w http.ResponseWriter, r *http.Request, path string) bool {
	switch {
	case path == "custom-resource-invocations" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(x.CustomResourceInvocations())
	case path == "custom-resource-response" && r.Method == http.MethodPost:
		var resp CustomResourceResponse
		if err := json.NewDecoder(r.Body).Decode(&resp); err != nil {
			cfnControlError(w, http.StatusBadRequest, "bad JSON body: "+err.Error())
			return true
		}
		x.SetCustomResourceResponse(resp)
		w.WriteHeader(http.StatusNoContent)
	case path == "clear-custom-resource-responses" && r.Method == http.MethodPost:
		x.ClearCustomResourceResponses()
		w.WriteHeader(http.StatusNoContent)
	default:
		return false
	}
	return true
}
