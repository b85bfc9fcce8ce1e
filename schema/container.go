package schema

import (
	"fmt"
	"time"
)

// Container dependency conditions, as a file writes them. The task
// definition spells them in upper case (START, HEALTHY, ...).
const (
	ConditionStart    = "start"    // the other container has started
	ConditionHealthy  = "healthy"  // its health check passes
	ConditionComplete = "complete" // it has exited, with any exit code
	ConditionSuccess  = "success"  // it has exited with code 0
)

// Conditions lists the dependency conditions in the order docs give them.
var Conditions = []string{ConditionStart, ConditionHealthy, ConditionComplete, ConditionSuccess}

// ExitConditions are the conditions that wait for a container to exit. An
// essential container that exits stops the whole task, so no container may
// wait for an essential one to exit (Copilot refuses the same).
var ExitConditions = []string{ConditionComplete, ConditionSuccess}

// ContainerHealthcheck is a container's own health check, run by ECS
// inside the container. Defaults as Copilot's: Command
// DefaultContainerHealthcheckCommand, interval 10s, retries 2, timeout 5s,
// start period 0.
type ContainerHealthcheck struct {
	Command     []string // starts with "CMD" or "CMD-SHELL"
	Interval    time.Duration
	Retries     int
	Timeout     time.Duration
	StartPeriod time.Duration
}

// Sidecar is a container that runs beside the workload's main container in
// the same task. The main container is named after the workload and is
// always essential.
type Sidecar struct {
	Name  string
	Image ImageRef
	Port  int // 0 when the sidecar listens on no port
	// Essential: when an essential container stops, the task stops.
	// Default true, as in ECS and Copilot.
	Essential   bool
	Command     []string
	Entrypoint  []string
	Variables   map[string]string
	Secrets     map[string]string // as Deployment.Secrets
	Healthcheck *ContainerHealthcheck
	// DependsOn maps a container's name (the workload's, for the main
	// container, or a sidecar's) to one of Conditions.
	DependsOn map[string]string
	Labels    map[string]string // docker labels
	// MemoryReservation is the soft memory limit in MiB; 0 for none.
	MemoryReservation int
	// CredentialsParameter is the ARN of a Secrets Manager secret holding
	// the user name and password of a private registry; empty for none.
	CredentialsParameter string
	MountPoints          []MountPoint // the task's volumes the sidecar mounts
	EnvFile              *EnvFile     // as Deployment.EnvFile; nil for none
}

var containerNameRE = lazyRegexp(`^[a-zA-Z0-9_-]{1,255}$`)

// CheckContainerName reports whether s is a name ECS accepts for a
// container: up to 255 letters, digits, hyphens and underscores.
func CheckContainerName(s string) error {
	if !containerNameRE().MatchString(s) {
		return fmt.Errorf("container name %q must be 1 to 255 letters, digits, hyphens or underscores", s)
	}
	return nil
}

// CheckHealthcheckCommand reports whether cmd is a command ECS runs: "CMD"
// followed by the program and its arguments, or "CMD-SHELL" followed by a
// shell command line.
func CheckHealthcheckCommand(cmd []string) error {
	if len(cmd) < 2 || (cmd[0] != "CMD" && cmd[0] != "CMD-SHELL") {
		return fmt.Errorf(`the command must start with "CMD" (then the program and its arguments) or "CMD-SHELL" (then a shell command line), for example ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]`)
	}
	return nil
}
