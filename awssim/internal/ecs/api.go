package ecs

import (
	"slices"
	"strconv"

	"flightplan/awssim/internal/simcore"
)

// The ECS actions.

func (c *call) clusterExists(cluster string) bool {
	if cluster == "" {
		cluster = "default"
	}
	return slices.ContainsFunc(c.services, func(s *service) bool { return sameCluster(s, cluster) })
}

func (x *Service) describeServices(c *call) (any, error) {
	var in struct {
		Cluster  string   `json:"cluster"`
		Services []string `json:"services"`
	}
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	if len(in.Services) == 0 || len(in.Services) > 10 {
		return nil, simcore.Errorf("InvalidParameterException", "Services cannot be empty and may name at most 10 services.")
	}
	if !c.clusterExists(in.Cluster) {
		return nil, clusterNotFound(in.Cluster)
	}
	out := []any{}
	failures := []any{}
	for _, name := range in.Services {
		i := slices.IndexFunc(c.services, func(s *service) bool {
			return sameCluster(s, in.Cluster) && (s.ARN == name || s.Name == name)
		})
		if i < 0 {
			failures = append(failures, map[string]any{"arn": name, "reason": "MISSING"})
			continue
		}
		out = append(out, describeService(c.services[i], c))
	}
	return map[string]any{"services": out, "failures": failures}, nil
}

func describeService(s *service, c *call) map[string]any {
	m := map[string]any{
		"serviceArn": s.ARN, "serviceName": s.Name, "clusterArn": s.ClusterARN, "status": "ACTIVE",
		"desiredCount": s.Desired, "runningCount": s.running(), "pendingCount": pending(s),
		"taskDefinition": s.TaskDefinition, "deployments": deployments(s), "events": events(s),
		"createdAt": simcore.Epoch(s.Updated),
	}
	if s.LaunchType != "" {
		m["launchType"] = s.LaunchType
	}
	if s.Network != nil {
		m["networkConfiguration"] = map[string]any{"awsvpcConfiguration": s.Network}
	}
	if s.PlatformVersion != "" {
		m["platformVersion"] = s.PlatformVersion
	}
	if len(s.LoadBalancers) > 0 {
		m["loadBalancers"] = s.LoadBalancers
	}
	if s.Alarms != nil {
		m["deploymentConfiguration"] = map[string]any{"alarms": s.Alarms}
	}
	return m
}

func pending(s *service) int {
	if s.creating() || s.updating() {
		return s.Desired
	}
	return 0
}

// deployments is the service's primary deployment and, while a new one
// rolls out, the active one it replaces.
func deployments(s *service) []any {
	primary := map[string]any{
		"id": "ecs-svc/" + simcore.Digest(19, s.ARN, s.Updated.String()), "status": "PRIMARY",
		"taskDefinition": s.TaskDefinition, "desiredCount": s.Desired, "runningCount": 0, "pendingCount": 0,
		"failedTasks": 0, "rolloutState": "COMPLETED", "rolloutStateReason": "ECS deployment completed.",
		"createdAt": simcore.Epoch(s.Updated), "updatedAt": simcore.Epoch(s.Updated),
	}
	switch {
	case s.Failure != nil:
		primary["failedTasks"] = s.Desired
		primary["rolloutState"] = "FAILED"
		primary["rolloutStateReason"] = "ECS deployment circuit breaker: tasks failed to start."
		primary["updatedAt"] = simcore.Epoch(s.Failure.Since)
	case s.creating() || s.updating():
		primary["pendingCount"] = s.Desired
		primary["rolloutState"] = "IN_PROGRESS"
		primary["rolloutStateReason"] = "ECS deployment in progress."
	default:
		primary["runningCount"] = s.Desired
	}
	out := []any{primary}
	if s.updating() {
		out = append(out, map[string]any{
			"id": "ecs-svc/" + simcore.Digest(19, s.ARN, "active"), "status": "ACTIVE", "desiredCount": s.Desired,
			"runningCount": s.Desired, "pendingCount": 0, "failedTasks": 0, "rolloutState": "COMPLETED",
			"createdAt": simcore.Epoch(s.Updated), "updatedAt": simcore.Epoch(s.Updated),
		})
	}
	return out
}

// events are the service's latest events, newest first, in ECS's words.
func events(s *service) []any {
	var out []any
	if s.Failure != nil {
		out = append(out, map[string]any{"id": simcore.Digest(36, s.ARN, "stopped"), "createdAt": simcore.Epoch(s.Failure.Since),
			"message": "(service " + s.Name + ") has stopped " + itoa(s.Desired) + " running tasks: " + s.Failure.Reason + "."})
	}
	if !s.creating() {
		out = append(out, map[string]any{"id": simcore.Digest(36, s.ARN, "steady"), "createdAt": simcore.Epoch(s.Updated),
			"message": "(service " + s.Name + ") has reached a steady state."})
	}
	return out
}

func (x *Service) listServices(c *call) (any, error) {
	var in struct {
		Cluster string `json:"cluster"`
	}
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	if !c.clusterExists(in.Cluster) {
		return nil, clusterNotFound(in.Cluster)
	}
	arns := []string{}
	for _, s := range c.services {
		if sameCluster(s, in.Cluster) {
			arns = append(arns, s.ARN)
		}
	}
	return map[string]any{"serviceArns": arns}, nil
}

func (x *Service) listTasks(c *call) (any, error) {
	var in struct {
		Cluster       string `json:"cluster"`
		ServiceName   string `json:"serviceName"`
		DesiredStatus string `json:"desiredStatus"`
	}
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	if !c.clusterExists(in.Cluster) {
		return nil, clusterNotFound(in.Cluster)
	}
	arns := []string{}
	found := in.ServiceName == ""
	for _, s := range c.services {
		if !sameCluster(s, in.Cluster) || (in.ServiceName != "" && s.Name != in.ServiceName && s.ARN != in.ServiceName) {
			continue
		}
		found = true
		for _, t := range s.tasks(in.DesiredStatus) {
			arns = append(arns, t.ARN)
		}
	}
	if !found {
		return nil, simcore.Errorf("ServiceNotFoundException", "Service not found.")
	}
	if in.ServiceName == "" {
		for _, t := range x.runsOf(c, in.Cluster) {
			if t.stopped(c.now) == (in.DesiredStatus == "STOPPED") {
				arns = append(arns, t.ARN)
			}
		}
	}
	return map[string]any{"taskArns": arns}, nil
}

func (x *Service) describeTasks(c *call) (any, error) {
	var in struct {
		Cluster string   `json:"cluster"`
		Tasks   []string `json:"tasks"`
	}
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	if len(in.Tasks) == 0 || len(in.Tasks) > 100 {
		return nil, simcore.Errorf("InvalidParameterException", "Tasks cannot be empty and may name at most 100 tasks.")
	}
	if !c.clusterExists(in.Cluster) {
		return nil, clusterNotFound(in.Cluster)
	}
	all := map[string]task{}
	for _, s := range c.services {
		if sameCluster(s, in.Cluster) {
			for _, status := range []string{"RUNNING", "STOPPED"} {
				for _, t := range s.tasks(status) {
					all[t.ARN] = t
					all[lastSegment(t.ARN)] = t
				}
			}
		}
	}
	runs := map[string]*oneOff{}
	for _, t := range x.runsOf(c, in.Cluster) {
		runs[t.ARN], runs[lastSegment(t.ARN)] = t, t
	}
	out, failures := []any{}, []any{}
	for _, id := range in.Tasks {
		if r, ok := runs[id]; ok {
			out = append(out, describeRun(r, c.now))
			continue
		}
		t, ok := all[id]
		if !ok {
			failures = append(failures, map[string]any{"arn": id, "reason": "MISSING"})
			continue
		}
		out = append(out, describeTask(t))
	}
	return map[string]any{"tasks": out, "failures": failures}, nil
}

func describeTask(t task) map[string]any {
	s := t.Service
	m := map[string]any{
		"taskArn": t.ARN, "clusterArn": s.ClusterARN, "taskDefinitionArn": s.TaskDefinition, "group": "service:" + s.Name,
		"lastStatus": "RUNNING", "desiredStatus": "RUNNING", "healthStatus": "HEALTHY", "startedAt": simcore.Epoch(s.Updated),
		"launchType": s.LaunchType,
		"containers": []any{map[string]any{"name": s.Container, "lastStatus": "RUNNING", "runtimeId": runtimeID(t),
			"containerArn": containerARN(t)}},
	}
	if t.Stopped {
		m["lastStatus"], m["desiredStatus"], m["healthStatus"] = "STOPPED", "STOPPED", "UNHEALTHY"
		m["stoppedReason"] = s.Failure.Reason
		m["stopCode"] = "EssentialContainerExited"
		m["stoppedAt"] = simcore.Epoch(s.Failure.Since)
		m["containers"] = []any{map[string]any{"name": s.Container, "lastStatus": "STOPPED", "exitCode": s.Failure.ExitCode}}
	}
	return m
}

func itoa(n int) string { return strconv.Itoa(n) }

// runtimeID is a container's runtime ID: its task's ID, a dash, a number.
func runtimeID(t task) string {
	return lastSegment(t.ARN) + "-" + strconv.FormatUint(simcore.DigestNumber(t.ARN)%10000000000, 10)
}

func containerARN(t task) string {
	s := t.Service
	return "arn:aws:ecs:" + s.region + ":" + s.account + ":container/" + s.Cluster + "/" + lastSegment(t.ARN) + "/" + simcore.Digest(36, t.ARN, s.Container)
}
