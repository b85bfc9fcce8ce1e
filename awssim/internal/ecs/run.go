package ecs

import (
	"slices"
	"strconv"
	"time"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/logs"
	"flightplan/awssim/internal/simcore"
)

// runTime is how long a one-off task runs before its container exits.
const runTime = 30 * time.Second

// Script is what the next task RunTask starts does: the lines its main
// container writes (spread over its run) and the code it exits with.
type Script struct {
	ExitCode int      `json:"exitCode"`
	Log      []string `json:"log,omitempty"`
}

// oneOff is a task RunTask started.
type oneOff struct {
	ARN, Account, Region, Cluster string
	TaskDefinition, Family        string
	Container                     string // the main (first essential) container
	Command                       []string
	LaunchType, StartedBy         string
	Subnets, SecurityGroups       []string
	PublicIP                      string
	Start                         time.Time
	Script                        Script
}

// Logs is where a task's containers write: CloudWatch Logs, through the
// awslogs driver. It is called with the lock held.
type Logs interface {
	Write(account, region, group, stream string, created time.Time, lines []logs.Line) error
}

type runInput struct {
	Cluster              string `json:"cluster"`
	TaskDefinition       string `json:"taskDefinition"`
	Count                int    `json:"count"`
	LaunchType           string `json:"launchType"`
	StartedBy            string `json:"startedBy"`
	NetworkConfiguration struct {
		Awsvpc struct {
			Subnets        []string `json:"subnets"`
			SecurityGroups []string `json:"securityGroups"`
			AssignPublicIP string   `json:"assignPublicIp"`
		} `json:"awsvpcConfiguration"`
	} `json:"networkConfiguration"`
	Overrides struct {
		ContainerOverrides []struct {
			Name    string   `json:"name"`
			Command []string `json:"command"`
		} `json:"containerOverrides"`
	} `json:"overrides"`
}

// runTask starts one task of a live task definition, as ECS does for
// Fargate: awsvpc needs subnets, a command override must name a container
// of the definition. The task runs for runTime, writing what the next
// script says to its awslogs stream, then stops with the script's code.
func (x *Service) runTask(c *call) (any, error) {
	var in runInput
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	if in.TaskDefinition == "" {
		return nil, simcore.Errorf("InvalidParameterException", "taskDefinition can not be blank.")
	}
	if in.Count > 1 {
		return nil, simcore.Errorf("InvalidParameterException", "the simulator's RunTask starts one task at a time.")
	}
	if !c.clusterExists(in.Cluster) {
		return nil, clusterNotFound(in.Cluster)
	}
	def, ok := c.taskDefinition(in.TaskDefinition)
	if !ok {
		return nil, simcore.Errorf("ClientException", "TaskDefinition not found.")
	}
	t, err := c.newRun(in, def, x.next())
	if err != nil {
		return nil, err
	}
	if err := x.writeLogs(t, def); err != nil {
		return nil, err
	}
	x.st.Runs = append(x.st.Runs, t)
	return map[string]any{"tasks": []any{describeRun(t, c.now)}, "failures": []any{}}, nil
}

// newRun checks the input against the task definition and makes the task.
func (c *call) newRun(in runInput, def cfn.LiveResource, script Script) (*oneOff, error) {
	net := in.NetworkConfiguration.Awsvpc
	if str(def.Props["NetworkMode"]) == "awsvpc" && len(net.Subnets) == 0 {
		return nil, simcore.Errorf("InvalidParameterException", "Network Configuration must be provided when networkMode 'awsvpc' is specified.")
	}
	main := essentialContainers([]cfn.LiveResource{def})[def.PhysicalID]
	t := &oneOff{Account: c.Account, Region: c.Region, TaskDefinition: def.PhysicalID, Family: str(def.Props["Family"]), Container: main,
		LaunchType: in.LaunchType, StartedBy: in.StartedBy, Subnets: net.Subnets, SecurityGroups: net.SecurityGroups,
		PublicIP: net.AssignPublicIP, Start: c.now, Script: script}
	for _, o := range in.Overrides.ContainerOverrides {
		if !slices.Contains(containerNames(def), o.Name) {
			return nil, simcore.Errorf("InvalidParameterException", "Override for container named %s is not a container in the TaskDefinition.", o.Name)
		}
		if o.Name == main {
			t.Command = o.Command
		}
	}
	t.Cluster = in.Cluster
	if t.Cluster == "" {
		t.Cluster = "default"
	}
	t.Cluster = lastSegment(t.Cluster)
	id := simcore.Digest(32, def.PhysicalID, c.now.Format(time.RFC3339Nano), strconv.Itoa(c.runs))
	t.ARN = "arn:aws:ecs:" + c.Region + ":" + c.Account + ":task/" + t.Cluster + "/" + id
	return t, nil
}

// next takes the script of the next task: the one a test queued, else
// exit 0 with no output.
func (x *Service) next() Script {
	if len(x.st.Next) == 0 {
		return Script{}
	}
	s := x.st.Next[0]
	x.st.Next = x.st.Next[1:]
	return s
}

// writeLogs hands the task's lines to CloudWatch Logs, spread over its
// run, in the stream its awslogs options name ({prefix}/{container}/{id}).
func (x *Service) writeLogs(t *oneOff, def cfn.LiveResource) error {
	if len(t.Script.Log) == 0 || x.logs == nil {
		return nil
	}
	opts := awslogs(def, t.Container)
	group := str(opts["awslogs-group"])
	if group == "" {
		return nil
	}
	stream := t.Container + "/" + lastSegment(t.ARN)
	if p := str(opts["awslogs-stream-prefix"]); p != "" {
		stream = p + "/" + stream
	}
	step := runTime / time.Duration(len(t.Script.Log)+1)
	var lines []logs.Line
	for i, msg := range t.Script.Log {
		lines = append(lines, logs.Line{At: t.Start.Add(step * time.Duration(i+1)), Message: msg})
	}
	return x.logs.Write(t.Account, t.Region, group, stream, t.Start, lines)
}

// awslogs returns the log driver options of a container of a definition.
func awslogs(def cfn.LiveResource, container string) map[string]any {
	list, _ := def.Props["ContainerDefinitions"].([]any)
	for _, c := range list {
		m, _ := c.(map[string]any)
		if m == nil || str(m["Name"]) != container {
			continue
		}
		lc, _ := m["LogConfiguration"].(map[string]any)
		if lc == nil || str(lc["LogDriver"]) != "awslogs" {
			return nil
		}
		opts, _ := lc["Options"].(map[string]any)
		return opts
	}
	return nil
}

func containerNames(def cfn.LiveResource) []string {
	var out []string
	list, _ := def.Props["ContainerDefinitions"].([]any)
	for _, c := range list {
		if m, ok := c.(map[string]any); ok {
			out = append(out, str(m["Name"]))
		}
	}
	return out
}

// taskDefinition finds a live task definition by ARN, family:revision or
// family (revisions are always 1 in the simulator's ARNs).
func (c *call) taskDefinition(name string) (cfn.LiveResource, bool) {
	for _, d := range c.defs {
		family := str(d.Props["Family"])
		rev := lastSegment(d.PhysicalID)
		if d.PhysicalID == name || rev == name || family != "" && family == name {
			return d, true
		}
	}
	return cfn.LiveResource{}, false
}

// stopped reports whether the task has stopped by now.
func (t *oneOff) stopped(now time.Time) bool { return !now.Before(t.Start.Add(runTime)) }

// describeRun is a one-off task as RunTask and DescribeTasks show it.
func describeRun(t *oneOff, now time.Time) map[string]any {
	ct := map[string]any{"name": t.Container, "lastStatus": "RUNNING", "containerArn": "arn:aws:ecs:" + t.Region + ":" + t.Account + ":container/" + t.Cluster + "/" + lastSegment(t.ARN) + "/" + simcore.Digest(36, t.ARN, t.Container),
		"runtimeId": lastSegment(t.ARN) + "-" + strconv.FormatUint(simcore.DigestNumber(t.ARN), 10)}
	m := map[string]any{
		"taskArn": t.ARN, "clusterArn": "arn:aws:ecs:" + t.Region + ":" + t.Account + ":cluster/" + t.Cluster, "taskDefinitionArn": t.TaskDefinition,
		"group": "family:" + t.Family, "lastStatus": "RUNNING", "desiredStatus": "RUNNING", "createdAt": simcore.Epoch(t.Start), "startedAt": simcore.Epoch(t.Start),
		"launchType": t.LaunchType, "containers": []any{ct}, "attachments": attachments(t),
		"overrides": map[string]any{"containerOverrides": []any{map[string]any{"name": t.Container, "command": t.Command}}},
	}
	if t.StartedBy != "" {
		m["startedBy"] = t.StartedBy
	}
	if t.stopped(now) {
		end := t.Start.Add(runTime)
		m["lastStatus"], m["desiredStatus"] = "STOPPED", "STOPPED"
		m["stopCode"], m["stoppedReason"] = "EssentialContainerExited", "Essential container in task exited"
		m["executionStoppedAt"], m["stoppingAt"], m["stoppedAt"] = simcore.Epoch(end), simcore.Epoch(end), simcore.Epoch(end)
		ct["lastStatus"], ct["exitCode"] = "STOPPED", t.Script.ExitCode
	}
	return m
}

// attachments is the task's network interface, in the first subnet it was
// given, as ECS lists it.
func attachments(t *oneOff) []any {
	if len(t.Subnets) == 0 {
		return []any{}
	}
	eni := "eni-" + simcore.Digest(17, t.ARN, "eni")
	return []any{map[string]any{"id": simcore.UUID(t.ARN + "/eni"), "type": "ElasticNetworkInterface", "status": "ATTACHED",
		"details": []any{
			map[string]any{"name": "subnetId", "value": t.Subnets[0]},
			map[string]any{"name": "networkInterfaceId", "value": eni},
			map[string]any{"name": "privateIPv4Address", "value": privateIP(t.ARN)},
		}}}
}

// privateIP is an address in 10.0.0.0/16 derived from the task.
func privateIP(seed string) string {
	n := simcore.DigestNumber(seed + "/ip")
	return "10.0." + strconv.FormatUint(n/256%256, 10) + "." + strconv.FormatUint(n%254+1, 10)
}

// runsOf lists the one-off tasks of the call's account, region and
// cluster.
func (x *Service) runsOf(c *call, cluster string) []*oneOff {
	if cluster == "" {
		cluster = "default"
	}
	var out []*oneOff
	for _, t := range x.st.Runs {
		if t.Account == c.Account && t.Region == c.Region && (t.Cluster == cluster || t.Cluster == lastSegment(cluster)) {
			out = append(out, t)
		}
	}
	return out
}

// QueueRun makes the next task RunTask starts write lines and exit with
// exitCode; scripts queued earlier go first.
func (x *Service) QueueRun(exitCode int, lines []string) {
	x.core.Lock()
	defer x.core.Unlock()
	x.st.Next = append(x.st.Next, Script{ExitCode: exitCode, Log: lines})
	x.core.Persist()
}
