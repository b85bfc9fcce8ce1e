package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/spf13/pflag"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/status"
)

// sessionPlugin is AWS's Session Manager plugin, which carries an ECS Exec
// session between the terminal and the container.
const sessionPlugin = "session-manager-plugin"

type execArgs struct {
	planInput
	Task      string
	Container string
}

func execCommand() *command {
	return &command{
		name:    "exec",
		summary: "Open a shell (or run a command) in a running task of a service, with ECS Exec.",
		usage:   "flightplan exec ADDR [--task ID] [--container NAME] [-- COMMAND…]",
		example: "  flightplan exec deploy/test/api\n  flightplan exec deploy/test/api --task 1a2b3c -- ls /app",
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &execArgs{}
			a.Parallelism = 1
			fs.StringVar(&a.Task, "task", "", "the task to enter (its ID or a prefix of it); the first running task when not set")
			fs.StringVar(&a.Container, "container", "", "the container to enter; the service's main container when not set")
			return func(e *env, args []string) (int, error) { return runExec(e, a, args) }
		},
	}
}

func runExec(e *env, a *execArgs, args []string) (int, error) {
	e.intr.markReadOnly()
	if len(args) < 1 {
		return exitError, fmt.Errorf("exec takes the service's deployment (deploy/ENV/NAME), then optionally -- and a command")
	}
	plugin, err := exec.LookPath(sessionPlugin)
	if err != nil {
		return exitError, fmt.Errorf("exec needs AWS's Session Manager plugin (%s) on PATH, and it is not there: install it as the AWS Systems Manager user guide says (\"Install the Session Manager plugin for the AWS CLI\"), then run this again", sessionPlugin)
	}
	target, err := addr.Parse(args[0])
	if err != nil {
		return exitError, err
	}
	command := "/bin/sh"
	if len(args) > 1 {
		command = strings.Join(args[1:], " ")
	}
	s, err := e.open(a.planInput)
	if err != nil {
		return exitError, err
	}
	defer s.close()
	n, err := logsNode(s.desired, target)
	if err != nil {
		return exitError, err
	}
	d := s.cfg.Workload(n.Addr.Name).Deployments[n.Addr.Env]
	if d == nil || !d.Exec {
		return exitError, fmt.Errorf("%s does not allow exec: set exec = true on %s %q and run flightplan apply", n.Addr, "service", n.Addr.Name)
	}
	c, err := e.nodeClients(s, n)
	if err != nil {
		return exitError, err
	}
	cluster, task, err := status.RunningTask(e.ctx, c.CFN, c.ECS, n.Stack.Name, a.Task)
	if err != nil {
		return exitError, fmt.Errorf("%s: %w", n.Addr, err)
	}
	in := &ecs.ExecuteCommandInput{Cluster: aws.String(cluster), Task: aws.String(task), Command: aws.String(command), Interactive: true}
	if a.Container != "" {
		in.Container = aws.String(a.Container)
	}
	out, err := c.ECS.ExecuteCommand(e.ctx, in)
	if err != nil {
		return exitError, fmt.Errorf("%s: ECS refused to open the session: %w", n.Addr, err)
	}
	runtime, err := status.RuntimeID(e.ctx, c.ECS, cluster, task, aws.ToString(out.ContainerName))
	if err != nil {
		return exitError, fmt.Errorf("%s: %w", n.Addr, err)
	}
	return runPlugin(e, plugin, c.Target, out, runtime)
}

// runPlugin hands the session to the Session Manager plugin, as the AWS
// CLI does, and returns its exit code.
func runPlugin(e *env, plugin string, t cloud.Target, out *ecs.ExecuteCommandOutput, runtime string) (int, error) {
	session, err := json.Marshal(out.Session)
	if err != nil {
		return exitError, err
	}
	id := aws.ToString(out.TaskArn)
	id = id[strings.LastIndex(id, "/")+1:]
	cluster := aws.ToString(out.ClusterArn)
	cluster = cluster[strings.LastIndex(cluster, "/")+1:]
	params, _ := json.Marshal(map[string]string{"Target": "ecs:" + cluster + "_" + id + "_" + runtime})
	cmd := exec.CommandContext(e.ctx, plugin, string(session), t.Region, "StartSession", t.Profile, string(params), "https://ssm."+t.Region+".amazonaws.com")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = e.stdin, e.stdout, e.stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	if err != nil {
		return exitError, fmt.Errorf("running %s: %w", plugin, err)
	}
	return exitOK, nil
}
