package stacks

// Scheduled jobs: a Step Functions state machine runs the task (with the
// job's retries and timeout) and an EventBridge rule starts it on schedule.

// noSchedule is the expression of a job whose schedule is "none":
// EventBridge requires an expression, and the rule is DISABLED, so the job
// only runs when someone starts its state machine.
const noSchedule = "rate(1 day)"

// job adds the state machine, its role, and the schedule rule.
func (x *wl) job() {
	x.stateMachineRole()
	x.t.add("StateMachine", "AWS::StepFunctions::StateMachine", obj{
		"StateMachineName":        cut(x.fullName(), 80),
		"RoleArn":                 getAtt("StateMachineRole", "Arn"),
		"DefinitionString":        x.stateMachineDefinition(),
		"DefinitionSubstitutions": x.definitionSubstitutions(),
	})
	x.scheduleRule()
	x.t.output("StateMachineARN", ref("StateMachine"), "")
}

// stateMachineDefinition is the Amazon States Language document. Values
// known only at deploy time are ${placeholders} filled in by
// DefinitionSubstitutions; lists are substituted inside their quotes,
// joined with `","` (Copilot's technique).
func (x *wl) stateMachineDefinition() string {
	task := obj{
		"Type":     "Task",
		"Resource": "arn:" + partition(x.env.Region) + ":states:::ecs:runTask.sync",
		"Parameters": obj{
			"LaunchType":      "FARGATE",
			"PlatformVersion": "LATEST",
			"Cluster":         "${Cluster}",
			"TaskDefinition":  "${TaskDefinition}",
			"PropagateTags":   "TASK_DEFINITION",
			"NetworkConfiguration": obj{"AwsvpcConfiguration": obj{
				"Subnets":        list{"${Subnets}"},
				"SecurityGroups": list{"${SecurityGroups}"},
				"AssignPublicIp": x.assignPublicIP(),
			}},
		},
		"End": true,
	}
	if x.d.Timeout > 0 {
		task["TimeoutSeconds"] = int(x.d.Timeout.Seconds())
	}
	if x.d.Retries > 0 {
		task["Retry"] = list{obj{
			"ErrorEquals": list{"States.ALL"}, "IntervalSeconds": 10, "MaxAttempts": x.d.Retries, "BackoffRate": 1.5,
		}}
	}
	return compactJSON(obj{
		"Version": "1.0",
		"Comment": "Run the task of job " + x.w.Name,
		"StartAt": "Run Fargate Task",
		"States":  obj{"Run Fargate Task": task},
	})
}

func (x *wl) definitionSubstitutions() obj {
	return obj{
		"Cluster":        x.importEnv("ClusterId"),
		"TaskDefinition": ref("TaskDefinition"),
		"Subnets":        joinList(`","`, x.subnets()),
		"SecurityGroups": join(`","`, x.securityGroups()...),
	}
}

// stateMachineRole may run the task, pass its roles, and watch it finish
// (runTask.sync uses a managed EventBridge rule).
func (x *wl) stateMachineRole() {
	p, region, acct := partition(x.env.Region), x.env.Region, x.env.Account
	x.t.add("StateMachineRole", "AWS::IAM::Role", x.c.role(acct, region,
		trust(servicePrincipal("states.amazonaws.com")),
		inlinePolicy("RunTask",
			allow([]string{"ecs:RunTask"}, ref("TaskDefinition")),
			allow([]string{"ecs:DescribeTasks", "ecs:StopTask"}, "*"),
			allow([]string{"iam:PassRole"}, list{getAtt("ExecutionRole", "Arn"), getAtt("TaskRole", "Arn")}),
			allow([]string{"events:DescribeRule", "events:PutRule", "events:PutTargets"},
				"arn:"+p+":events:"+region+":"+acct+":rule/StepFunctionsGetEventsForECSTaskRule"),
		),
	))
}

// scheduleRule starts the state machine on the job's schedule.
func (x *wl) scheduleRule() {
	x.t.add("RuleRole", "AWS::IAM::Role", x.c.role(x.env.Account, x.env.Region,
		trust(servicePrincipal("events.amazonaws.com")),
		inlinePolicy("StartStateMachine", allow([]string{"states:StartExecution"}, ref("StateMachine"))),
	))
	expr, state := x.d.Schedule.Expression, "ENABLED"
	if expr == "" {
		expr, state = noSchedule, "DISABLED"
	}
	x.t.add("Rule", "AWS::Events::Rule", obj{
		"ScheduleExpression": expr,
		"State":              state,
		"Targets": list{obj{
			"Arn":     ref("StateMachine"),
			"Id":      "StateMachine",
			"RoleArn": getAtt("RuleRole", "Arn"),
		}},
	})
}
