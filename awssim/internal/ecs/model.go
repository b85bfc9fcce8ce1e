package ecs

import (
	"strconv"
	"strings"
	"time"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/simcore"
)

// service is one ECS service as the simulator derives it from its stack
// resource and the failures a test injected.
type service struct {
	ARN, Name, Cluster, ClusterARN string
	TaskDefinition, LaunchType     string
	Desired                        int
	Status                         string // the resource's CloudFormation status
	Updated                        time.Time
	Failure                        *Failure
	Container                      string         // the essential container's name
	ExecEnabled                    bool           // EnableExecuteCommand
	Network                        map[string]any // awsvpcConfiguration, as DescribeServices shows it
	PlatformVersion                string
	LoadBalancers                  []any          // targetGroupArn, containerName, containerPort
	Alarms                         map[string]any // deploymentConfiguration.alarms
	account, region                string
}

func (x *Service) service(account, region string, res cfn.LiveResource) *service {
	// arn:aws:ecs:REGION:ACCOUNT:service/CLUSTER/NAME
	parts := strings.Split(res.PhysicalID, "/")
	s := &service{ARN: res.PhysicalID, Name: lastSegment(res.PhysicalID), Status: res.Status, account: account, region: region,
		TaskDefinition: str(res.Props["TaskDefinition"]), LaunchType: str(res.Props["LaunchType"]), Desired: 1}
	if len(parts) >= 3 {
		s.Cluster = parts[len(parts)-2]
	}
	s.ClusterARN = "arn:aws:ecs:" + region + ":" + account + ":cluster/" + s.Cluster
	s.Network = awsvpc(res.Props["NetworkConfiguration"])
	s.PlatformVersion = str(res.Props["PlatformVersion"])
	s.LoadBalancers = loadBalancers(res.Props["LoadBalancers"])
	s.Alarms = deploymentAlarms(res.Props["DeploymentConfiguration"])
	s.ExecEnabled = res.Props["EnableExecuteCommand"] == true || res.Props["EnableExecuteCommand"] == "true"
	if n, ok := number(res.Props["DesiredCount"]); ok {
		s.Desired = n
	}
	if s.LaunchType == "" && res.Props["CapacityProviderStrategy"] == nil {
		s.LaunchType = "FARGATE"
	}
	s.Updated, _ = time.Parse(time.RFC3339, res.Updated)
	if f, ok := x.st.Failing[res.PhysicalID]; ok && !f.Since.Before(s.Updated) {
		s.Failure = &f
	}
	return s
}

// creating reports whether the service's first deployment is in progress.
func (s *service) creating() bool { return s.Status == "CREATE_IN_PROGRESS" }

// updating reports whether a new deployment is rolling out.
func (s *service) updating() bool { return s.Status == "UPDATE_IN_PROGRESS" }

// running is how many tasks run: none while the service is created or
// its tasks fail, else its desired count.
func (s *service) running() int {
	if s.creating() || s.Failure != nil {
		return 0
	}
	return s.Desired
}

// task is one task of a service: running, or stopped by a failure.
type task struct {
	ARN     string
	Service *service
	Stopped bool
	Index   int
}

// tasks lists the service's tasks in the desired status ("RUNNING" or
// "STOPPED").
func (s *service) tasks(desiredStatus string) []task {
	var out []task
	switch {
	case desiredStatus == "STOPPED" && s.Failure != nil:
		for i := range s.Desired {
			out = append(out, s.task(i, true))
		}
	case desiredStatus != "STOPPED":
		for i := range s.running() {
			out = append(out, s.task(i, false))
		}
	}
	return out
}

func (s *service) task(i int, stopped bool) task {
	gen := s.Updated.Format(time.RFC3339Nano)
	if stopped {
		gen += "/stopped/" + s.Failure.Since.Format(time.RFC3339Nano)
	}
	id := simcore.Digest(32, s.ARN, gen, strconv.Itoa(i))
	arn := "arn:aws:ecs:" + s.region + ":" + s.account + ":task/" + s.Cluster + "/" + id
	return task{ARN: arn, Service: s, Stopped: stopped, Index: i}
}

func lastSegment(s string) string { return s[strings.LastIndex(s, "/")+1:] }

func str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

func number(v any) (int, bool) {
	switch n := v.(type) {
	case float64:
		return int(n), true
	case int:
		return n, true
	case string:
		i, err := strconv.Atoi(n)
		return i, err == nil
	}
	return 0, false
}

// sameCluster reports whether a call's cluster (name, ARN or "" for
// "default") is the service's.
func sameCluster(s *service, cluster string) bool {
	if cluster == "" {
		cluster = "default"
	}
	return cluster == s.Cluster || cluster == s.ClusterARN
}

// essentialContainers maps each task definition's ARN to the name of its
// first essential container (containers are essential unless they say not).
func essentialContainers(defs []cfn.LiveResource) map[string]string {
	out := map[string]string{}
	for _, d := range defs {
		list, _ := d.Props["ContainerDefinitions"].([]any)
		for _, c := range list {
			m, _ := c.(map[string]any)
			if m == nil || m["Essential"] == false {
				continue
			}
			out[d.PhysicalID] = str(m["Name"])
			break
		}
	}
	return out
}

func clusterNotFound(string) error {
	return simcore.Errorf("ClusterNotFoundException", "Cluster not found.")
}

// awsvpc is a service's AwsvpcConfiguration property in the API's shape
// (subnets, securityGroups, assignPublicIp; DISABLED by default), or nil.
func awsvpc(v any) map[string]any {
	nc, _ := v.(map[string]any)
	vpc, _ := nc["AwsvpcConfiguration"].(map[string]any)
	if vpc == nil {
		return nil
	}
	ip := str(vpc["AssignPublicIp"])
	if ip == "" {
		ip = "DISABLED"
	}
	return map[string]any{"subnets": stringList(vpc["Subnets"]), "securityGroups": stringList(vpc["SecurityGroups"]), "assignPublicIp": ip}
}

// stringList is a list property's strings.
func stringList(v any) []string {
	list, _ := v.([]any)
	out := []string{}
	for _, e := range list {
		out = append(out, str(e))
	}
	return out
}

// loadBalancers is a service's LoadBalancers property in the API's shape.
func loadBalancers(v any) []any {
	list, _ := v.([]any)
	var out []any
	for _, e := range list {
		m, _ := e.(map[string]any)
		if m == nil {
			continue
		}
		lb := map[string]any{"containerName": str(m["ContainerName"])}
		if port, ok := number(m["ContainerPort"]); ok {
			lb["containerPort"] = port
		}
		for prop, field := range map[string]string{"TargetGroupArn": "targetGroupArn", "LoadBalancerName": "loadBalancerName"} {
			if s := str(m[prop]); s != "" {
				lb[field] = s
			}
		}
		out = append(out, lb)
	}
	return out
}

// deploymentAlarms is a service's DeploymentConfiguration.Alarms in the
// API's shape, or nil.
func deploymentAlarms(v any) map[string]any {
	dc, _ := v.(map[string]any)
	a, _ := dc["Alarms"].(map[string]any)
	if a == nil {
		return nil
	}
	return map[string]any{"alarmNames": stringList(a["AlarmNames"]), "enable": a["Enable"] == true || a["Enable"] == "true",
		"rollback": a["Rollback"] == true || a["Rollback"] == "true"}
}
