package awssim

import "net/http"

// serveControl serves /_sim/cfn/... (faults and drift for CloudFormation).
func (x *cfnService) serveControl(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }
