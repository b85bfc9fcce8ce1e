package schema

import "time"

// BlueGreen is a blue-green deployment's settings, ECS's own strategy
// (no CodeDeploy).
type BlueGreen struct {
	// BakeTime is how long both revisions run after production traffic
	// has moved to the new one, in whole minutes (0 to 24h).
	BakeTime time.Duration
	// TestListenerPort is the port of the public load balancer's test
	// listener, on which the new revision takes test traffic before
	// production traffic moves; 0 for none.
	TestListenerPort int
}

// MaxBakeTime is ECS's largest bake time.
const MaxBakeTime = 24 * time.Hour

// RollbackThresholds are the alarms that roll a deployment back, created
// with the service as Copilot creates them: the average over a minute at
// or above the threshold twice in three minutes.
type RollbackThresholds struct {
	CPUUtilization    float64 // percent; 0 for none
	MemoryUtilization float64 // percent; 0 for none
	MessagesDelayed   int     // workers: messages delayed in the queue; 0 for none
}

// Any reports whether any threshold is set.
func (r RollbackThresholds) Any() bool {
	return r.CPUUtilization > 0 || r.MemoryUtilization > 0 || r.MessagesDelayed > 0
}
