package awssim

// cfnDriftRun is one DetectStackDrift call.
type cfnDriftRun struct {
	ID string `json:"id"`
}

func (x *cfnService) detectStackDrift(r *Request) (any, error) {
	return nil, Errorf("InvalidAction", "not yet")
}
func (x *cfnService) describeStackDriftDetectionStatus(r *Request) (any, error) {
	return nil, Errorf("InvalidAction", "not yet")
}
func (x *cfnService) describeStackResourceDrifts(r *Request) (any, error) {
	return nil, Errorf("InvalidAction", "not yet")
}
