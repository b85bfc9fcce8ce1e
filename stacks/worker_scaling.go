package stacks

import "time"

// Queue-depth autoscaling of workers, as Copilot does it: a Lambda function,
// run every minute, divides each queue's visible messages by the service's
// running tasks and emits the result as the custom metric BacklogPerTask
// (namespace {app}-{env}-{worker}, dimension QueueName) in CloudWatch's
// embedded metric format, so it needs no cloudwatch:PutMetricData; one
// target tracking policy per queue keeps it at the acceptable backlog per
// task, queue_delay / msg_processing_time. Target tracking on the raw
// queue depth would not scale with the number of tasks.

// defaultMessageProcessingTime is used when the file gives none.
const defaultMessageProcessingTime = 250 * time.Millisecond

// backlogFunctionCode is the calculator, Python on the Lambda runtime's
// boto3.
const backlogFunctionCode = `import json, os, time
import boto3

ecs = boto3.client("ecs")
sqs = boto3.client("sqs")


def handler(event, context):
    svc = ecs.describe_services(cluster=os.environ["CLUSTER_NAME"], services=[os.environ["SERVICE_NAME"]])["services"][0]
    tasks = svc["runningCount"]
    for url in os.environ["QUEUE_URLS"].split(","):
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "QueueArn"])["Attributes"]
        messages = int(attrs["ApproximateNumberOfMessages"])
        backlog = messages if tasks == 0 else messages / tasks
        print(json.dumps({
            "_aws": {"Timestamp": int(time.time() * 1000), "CloudWatchMetrics": [{
                "Namespace": os.environ["NAMESPACE"],
                "Dimensions": [["QueueName"]],
                "Metrics": [{"Name": "BacklogPerTask", "Unit": "Count"}],
            }]},
            "QueueName": attrs["QueueArn"].split(":")[-1],
            "BacklogPerTask": backlog,
        }))
`

// queueScaling adds the calculator and a policy per queue.
func (ws *workloadStack) queueScaling() {
	qs := ws.queues()
	var urls, arns list
	for _, q := range qs {
		urls = append(urls, ref(q.id))
		arns = append(arns, getAtt(q.id, "Arn"))
	}
	ws.backlogRole(arns)
	ws.template.add("BacklogPerTaskCalculatorFunction", "AWS::Lambda::Function", mk(
		pair{"Description", "flightplan: emits the BacklogPerTask metric of " + ws.fullName()},
		pair{"Code", mk(pair{"ZipFile", backlogFunctionCode})},
		pair{"Handler", "index.handler"},
		pair{"Runtime", "python3.12"},
		pair{"Timeout", 60},
		pair{"MemorySize", 128},
		pair{"Role", getAtt("BacklogPerTaskCalculatorRole", "Arn")},
		pair{"Environment", mk(pair{"Variables", mk(
			pair{"CLUSTER_NAME", ws.importEnv("ClusterId")},
			pair{"SERVICE_NAME", getAtt("Service", "Name")},
			pair{"NAMESPACE", ws.fullName()},
			pair{"QUEUE_URLS", join(",", urls...)},
		)})},
	))
	ws.backlogSchedule()
	for _, q := range qs {
		ws.backlogPolicy(q)
	}
}

// backlogRole may read the service's task count and the queues' depth.
func (ws *workloadStack) backlogRole(queueARNs list) {
	p := ws.compiler.role(ws.env.Account, ws.env.Region, serviceTrust("lambda.amazonaws.com"),
		inlinePolicy("BacklogPerTaskCalculatorAccess",
			allow([]string{"ecs:DescribeServices"}, ref("Service")),
			allow([]string{"sqs:GetQueueAttributes"}, queueARNs),
		))
	p.set("ManagedPolicyArns", mkList("arn:"+partition(ws.env.Region)+":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"))
	ws.template.add("BacklogPerTaskCalculatorRole", "AWS::IAM::Role", p)
}

// backlogSchedule runs the calculator every minute, after its log group
// exists (so that its retention applies).
func (ws *workloadStack) backlogSchedule() {
	ws.template.add("BacklogPerTaskCalculatorLogGroup", "AWS::Logs::LogGroup", mk(
		pair{"LogGroupName", join("", "/aws/lambda/", ref("BacklogPerTaskCalculatorFunction"))},
		pair{"RetentionInDays", 3},
	))
	ws.template.add("BacklogPerTaskScheduledRule", "AWS::Events::Rule", mk(
		pair{"ScheduleExpression", "rate(1 minute)"},
		pair{"State", "ENABLED"},
		pair{"Targets", mkList(mk(
			pair{"Arn", getAtt("BacklogPerTaskCalculatorFunction", "Arn")},
			pair{"Id", "BacklogPerTaskCalculatorFunctionTrigger"},
		))},
	))
	ws.template.dependsOn("BacklogPerTaskScheduledRule", "BacklogPerTaskCalculatorLogGroup")
	ws.template.add("PermissionToInvokeBacklogPerTaskCalculator", "AWS::Lambda::Permission", mk(
		pair{"FunctionName", ref("BacklogPerTaskCalculatorFunction")},
		pair{"Action", "lambda:InvokeFunction"},
		pair{"Principal", "events.amazonaws.com"},
		pair{"SourceArn", getAtt("BacklogPerTaskScheduledRule", "Arn")},
	))
}

// backlogPolicy tracks BacklogPerTask of one queue.
func (ws *workloadStack) backlogPolicy(q queue) {
	suffix := q.backlogSuffix()
	ws.scalingPolicy("AutoScalingPolicy"+q.id, suffix, float64(acceptableBacklog(ws.deployment.Autoscaling)), [2]any{
		"CustomizedMetricSpecification", mk(
			pair{"Namespace", ws.fullName()},
			pair{"MetricName", "BacklogPerTask"},
			pair{"Statistic", "Average"},
			pair{"Unit", "Count"},
			pair{"Dimensions", mkList(mk(pair{"Name", "QueueName"}, pair{"Value", queueName(q.id)}))},
		),
	})
}
