package ecs

import (
	"flightplan/awssim/internal/simcore"
)

// executeCommand opens an ECS Exec session on a running task's container
// as ECS does: the service must have EnableExecuteCommand, the call must
// be interactive. The session's stream URL points at Session Manager's
// endpoint; nothing answers there in the simulator: the Session Manager
// plugin is what would connect.
func (x *Service) executeCommand(c *call) (any, error) {
	var in struct {
		Cluster     string `json:"cluster"`
		Task        string `json:"task"`
		Container   string `json:"container"`
		Command     string `json:"command"`
		Interactive bool   `json:"interactive"`
	}
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	if in.Command == "" || in.Task == "" {
		return nil, simcore.Errorf("InvalidParameterException", "task and command are required.")
	}
	if !in.Interactive {
		return nil, simcore.Errorf("InvalidParameterException", "Interactive is the only mode supported currently.")
	}
	if !c.clusterExists(in.Cluster) {
		return nil, clusterNotFound(in.Cluster)
	}
	t, ok := c.runningTask(in.Cluster, in.Task)
	if !ok {
		return nil, simcore.Errorf("InvalidParameterException", "The specified task is stopped or does not exist.")
	}
	s := t.Service
	if !s.ExecEnabled {
		return nil, simcore.Errorf("InvalidParameterException", "The execute command failed because execute command was not enabled when the task was run or the execute command agent isn't running. Wait and try the command again or run a new task with execute command enabled and try again.")
	}
	container := in.Container
	if container == "" {
		container = s.Container
	}
	if container != s.Container {
		return nil, simcore.Errorf("InvalidParameterException", "The container %s does not exist in the task.", container)
	}
	id := "ecs-execute-command-" + simcore.Digest(17, t.ARN, in.Command, c.now.String())
	return map[string]any{
		"clusterArn": s.ClusterARN, "taskArn": t.ARN, "containerName": container, "interactive": true,
		"containerArn": containerARN(t),
		"session": map[string]any{
			"sessionId":  id,
			"streamUrl":  "wss://ssmmessages." + s.region + ".amazonaws.com/v1/data-channel/" + id + "?role=publish_subscribe&cell-number=1",
			"tokenValue": simcore.Digest(64, id, "token"),
		},
	}, nil
}

// runningTask finds a running task of the cluster by ARN or ID.
func (c *call) runningTask(cluster, id string) (task, bool) {
	for _, s := range c.services {
		if !sameCluster(s, cluster) {
			continue
		}
		for _, t := range s.tasks("RUNNING") {
			if t.ARN == id || lastSegment(t.ARN) == id {
				return t, true
			}
		}
	}
	return task{}, false
}
