package status

import "flightplan/addr"

// Report is the status of the services the command looked at.
type Report struct {
	App      string     `json:"app"`
	Services []*Service `json:"services"`
}

// Unhealthy counts the services that are not healthy.
func (r *Report) Unhealthy() int {
	n := 0
	for _, s := range r.Services {
		if !s.Healthy {
			n++
		}
	}
	return n
}

// Service is one workload in one environment.
type Service struct {
	Addr        addr.Address `json:"address"`
	Type        string       `json:"type"`  // the workload's type: load-balanced-web, worker, scheduled-job…
	Stack       string       `json:"stack"` // the workload stack's name
	StackStatus string       `json:"stack_status,omitempty"`
	// Tasks is nil for a workload that has no ECS service (jobs,
	// request-driven services) or whose service could not be found.
	Tasks *Tasks `json:"tasks,omitempty"`
	// Deployment is the one rolling out, or the last one; nil when unknown.
	Deployment *Deployment   `json:"deployment,omitempty"`
	Stopped    []StoppedTask `json:"stopped_tasks,omitempty"`
	// Targets is the target health of a load-balanced service.
	Targets *Targets `json:"targets,omitempty"`
	// Alarms are the CloudWatch alarms of the service in state ALARM.
	Alarms  []Alarm     `json:"alarms_in_alarm,omitempty"`
	Runs    []Execution `json:"runs,omitempty"` // a job's last executions, newest first
	Events  []Event     `json:"events,omitempty"`
	Healthy bool        `json:"healthy"`
	Problem string      `json:"problem,omitempty"` // why it is not healthy, or what is under way
	Fix     string      `json:"fix,omitempty"`     // what to do about it
}

// Tasks are an ECS service's task counts.
type Tasks struct {
	Desired int `json:"desired"`
	Running int `json:"running"`
	Pending int `json:"pending"`
}

// Deployment is an ECS deployment: its rollout state (IN_PROGRESS,
// COMPLETED, FAILED) and ECS's reason.
type Deployment struct {
	Rollout string `json:"rollout"`
	Reason  string `json:"reason,omitempty"`
	Failed  int    `json:"failed_tasks"`
}

// StoppedTask is a task that stopped, and why.
type StoppedTask struct {
	ID        string `json:"id"`
	Reason    string `json:"reason"`
	Container string `json:"container,omitempty"`
	ExitCode  *int32 `json:"exit_code,omitempty"`
}

// Event is one of ECS's service events.
type Event struct {
	At      string `json:"at"` // RFC 3339
	Message string `json:"message"`
}

// Alarm is a CloudWatch alarm in state ALARM, and why.
type Alarm struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
	Since  string `json:"since,omitempty"` // RFC 3339
}
