package stacks

// Scheduled jobs: a Step Functions state machine runs the task (with the
// job's retries and timeout) and an EventBridge rule starts it on schedule.

// noSchedule is the expression of a job whose schedule is "none":
// EventBridge requires an expression, and the rule is DISABLED, so the job
// only runs when someone starts its state machine.
const noSchedule = "rate(1 day)"

// job adds the state machine, its role, and the schedule rule.
func (ws *workloadStack) job() {
	ws.stateMachineRole()
	ws.template.add("StateMachine", "AWS::StepFunctions::StateMachine", mk(
		pair{"StateMachineName", cut(ws.fullName(), 80)},
		pair{"RoleArn", getAtt("StateMachineRole", "Arn")},
		pair{"DefinitionString", ws.stateMachineDefinition()},
		pair{"DefinitionSubstitutions", ws.definitionSubstitutions()},
	))
	ws.scheduleRule()
	ws.template.output("StateMachineARN", ref("StateMachine"), "")
}

// stateMachineDefinition is the Amazon States Language document. Values
// known only at deploy time are ${placeholders} filled in by
// DefinitionSubstitutions; lists are substituted inside their quotes,
// joined with `","` (Copilot's technique).
func (ws *workloadStack) stateMachineDefinition() string {
	task := obj{
		"Type":     "Task",
		"Resource": "arn:" + partition(ws.env.Region) + ":states:::ecs:runTask.sync",
		"Parameters": mk(
			pair{"LaunchType", "FARGATE"},
			pair{"PlatformVersion", "LATEST"},
			pair{"Cluster", "${Cluster}"},
			pair{"TaskDefinition", "${TaskDefinition}"},
			pair{"PropagateTags", "TASK_DEFINITION"},
			pair{"NetworkConfiguration", mk(pair{"AwsvpcConfiguration", mk(
				pair{"Subnets", mkList("${Subnets}")},
				pair{"SecurityGroups", mkList("${SecurityGroups}")},
				pair{"AssignPublicIp", ws.assignPublicIP()},
			)})},
		),
		"End": true,
	}
	if ws.deployment.Timeout > 0 {
		task["TimeoutSeconds"] = int(ws.deployment.Timeout.Seconds())
	}
	if ws.deployment.Retries > 0 {
		task["Retry"] = list{mk(
			pair{"ErrorEquals", mkList("States.ALL")}, pair{"IntervalSeconds", 10}, pair{"MaxAttempts", ws.deployment.Retries}, pair{"BackoffRate", 1.5},
		)}
	}
	return compactJSON(mk(
		pair{"Version", "1.0"},
		pair{"Comment", "Run the task of job " + ws.workload.Name},
		pair{"StartAt", "Run Fargate Task"},
		pair{"States", mk(pair{"Run Fargate Task", task})},
	))
}

func (ws *workloadStack) definitionSubstitutions() any {
	return mk(
		pair{"Cluster", ws.importEnv("ClusterId")},
		pair{"TaskDefinition", ref("TaskDefinition")},
		pair{"Subnets", joinList(`","`, ws.subnets())},
		pair{"SecurityGroups", join(`","`, ws.securityGroups()...)},
	)
}

// stateMachineRole may run the task, pass its roles, and watch it finish
// (runTask.sync uses a managed EventBridge rule).
func (ws *workloadStack) stateMachineRole() {
	p, region, acct := partition(ws.env.Region), ws.env.Region, ws.env.Account
	ws.template.add("StateMachineRole", "AWS::IAM::Role", ws.compiler.role(acct, region,
		serviceTrust("states.amazonaws.com"),
		inlinePolicy("RunTask",
			allow([]string{"ecs:RunTask"}, ref("TaskDefinition")),
			allow([]string{"ecs:DescribeTasks", "ecs:StopTask"}, "*"),
			allow([]string{"iam:PassRole"}, mkList(getAtt("ExecutionRole", "Arn"), getAtt("TaskRole", "Arn"))),
			allow([]string{"events:DescribeRule", "events:PutRule", "events:PutTargets"},
				"arn:"+p+":events:"+region+":"+acct+":rule/StepFunctionsGetEventsForECSTaskRule"),
		),
	))
}

// scheduleRule starts the state machine on the job's schedule.
func (ws *workloadStack) scheduleRule() {
	ws.template.add("RuleRole", "AWS::IAM::Role", ws.compiler.role(ws.env.Account, ws.env.Region,
		serviceTrust("events.amazonaws.com"),
		inlinePolicy("StartStateMachine", allow([]string{"states:StartExecution"}, ref("StateMachine"))),
	))
	expr, state := ws.deployment.Schedule.Expression, "ENABLED"
	if expr == "" {
		expr, state = noSchedule, "DISABLED"
	}
	ws.template.add("Rule", "AWS::Events::Rule", mk(
		pair{"ScheduleExpression", expr},
		pair{"State", state},
		pair{"Targets", mkList(mk(
			pair{"Arn", ref("StateMachine")},
			pair{"Id", "StateMachine"},
			pair{"RoleArn", getAtt("RuleRole", "Arn")},
		))},
	))
}
