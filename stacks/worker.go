package stacks

import (
	"encoding/json"

	"flightplan/schema"
)

// Worker services: an ECS service without a load balancer that consumes an
// SQS queue subscribed to other services' topics.
//
// SNS delivers a FIFO topic only to a FIFO queue, and a standard topic only
// to a standard queue. A worker subscribed to topics of one kind gets one
// queue of that kind, EventsQueue (COPILOT_QUEUE_URI). A worker subscribed
// to both kinds gets two: EventsQueue (standard, COPILOT_QUEUE_URI) and
// FifoEventsQueue (FIFO, COPILOT_FIFO_QUEUE_URI), with the same settings;
// its code polls both. Copilot would make the user declare a queue per
// topic for this (which flightplan also accepts: worker_queues.go); one
// extra queue per kind is the least that works without it.
//
// Messages keep SNS's JSON envelope (RawMessageDelivery false, stated in
// the template) as in Copilot, so that a migrated worker's parsing code
// keeps working.

// deadLetterRetention is how long a dead-letter queue keeps messages: 14
// days, SQS's maximum, as Copilot sets it.
const deadLetterRetention = 1209600

// queue is one of a worker's SQS queues and the topics delivered to it.
type queue struct {
	id     string // logical ID: EventsQueue, FifoEventsQueue or {Service}{Topic}EventsQueue
	prefix string // "", "Fifo" or {Service}{Topic}, for the queue's companion resources
	fifo   bool
	topics []schema.TopicSubscription
	// settings are the queue block's (the worker's, or the topic's own).
	settings schema.Queue
	// name is a FIFO queue's name part after the workload's full name.
	name string
}

func (q queue) dlqID() string    { return q.prefix + "DeadLetterQueue" }
func (q queue) policyID() string { return q.prefix + "QueuePolicy" }

// queues splits the worker's subscriptions by kind (see above), after
// the topics with a queue of their own (worker_queues.go).
func (ws *workloadStack) queues() []queue {
	var std, fifo []schema.TopicSubscription
	for _, s := range ws.subscriptions() {
		switch {
		case s.Queue != nil:
		case ws.topicFIFO(s):
			fifo = append(fifo, s)
		default:
			std = append(std, s)
		}
	}
	set := ws.queueSettings()
	var qs []queue
	switch {
	case set.FIFO != nil || len(std) == 0 && len(fifo) > 0:
		qs = []queue{{id: "EventsQueue", fifo: true, topics: append(std, fifo...), settings: set, name: "-events"}}
	case len(fifo) == 0:
		qs = []queue{{id: "EventsQueue", topics: std, settings: set}}
	default:
		qs = []queue{{id: "EventsQueue", topics: std, settings: set},
			{id: "FifoEventsQueue", prefix: "Fifo", fifo: true, topics: fifo, settings: set, name: "-events"}}
	}
	return append(qs, ws.topicQueues()...)
}

func (ws *workloadStack) subscriptions() []schema.TopicSubscription {
	if ws.deployment.Subscribe == nil {
		return nil
	}
	return ws.deployment.Subscribe.Topics
}

// queueSettings are the worker's queue block, or the defaults.
func (ws *workloadStack) queueSettings() schema.Queue {
	if ws.deployment.Subscribe == nil {
		return schema.DefaultQueue()
	}
	return ws.deployment.Subscribe.Queue
}

// worker adds the key, queues, dead-letter queues, policies and
// subscriptions of a worker service.
func (ws *workloadStack) worker() {
	ws.eventsKey()
	for _, q := range ws.queues() {
		ws.eventsQueue(q)
		if len(q.topics) == 0 {
			continue
		}
		ws.queuePolicy(q)
		for _, s := range q.topics {
			ws.subscription(q, s)
		}
	}
}

// eventsKey encrypts the queues; SNS may use it to deliver.
func (ws *workloadStack) eventsKey() {
	ws.template.add("EventsKMSKey", "AWS::KMS::Key", mk(
		pair{"Description", "flightplan: encrypts the queues of " + ws.fullName()},
		pair{"EnableKeyRotation", true},
		pair{"KeyPolicy", policyDoc(
			mk(pair{"Sid", "AllowAccount"}, pair{"Effect", "Allow"}, pair{"Principal", awsPrincipal(accountRoot(ws.env.Region, ws.env.Account))},
				pair{"Action", "kms:*"}, pair{"Resource", "*"}),
			mk(pair{"Sid", "AllowSNSToDeliver"}, pair{"Effect", "Allow"}, pair{"Principal", servicePrincipal("sns.amazonaws.com")},
				pair{"Action", strs([]string{"kms:Decrypt", "kms:GenerateDataKey*"})}, pair{"Resource", "*"}),
		)},
	))
}

// eventsQueue adds a queue and, when dead_letter_tries > 0, its
// dead-letter queue.
func (ws *workloadStack) eventsQueue(q queue) {
	s := q.settings
	props := obj{
		"KmsMasterKeyId":         ref("EventsKMSKey"),
		"MessageRetentionPeriod": int(s.Retention.Seconds()),
		"VisibilityTimeout":      int(s.Timeout.Seconds()),
	}
	if s.Delay > 0 {
		props["DelaySeconds"] = int(s.Delay.Seconds())
	}
	if s.DeadLetterTries > 0 {
		dlq := obj{"KmsMasterKeyId": ref("EventsKMSKey"), "MessageRetentionPeriod": deadLetterRetention}
		ws.fifoQueue(dlq, q.fifo, q.dlqName())
		ws.template.add(q.dlqID(), "AWS::SQS::Queue", dlq)
		props["RedrivePolicy"] = obj{"deadLetterTargetArn": getAtt(q.dlqID(), "Arn"), "maxReceiveCount": s.DeadLetterTries}
	}
	ws.fifoQueue(props, q.fifo, q.name)
	if q.fifo {
		fifoSettings(props, s.FIFO)
	}
	ws.template.add(q.id, "AWS::SQS::Queue", props)
	ws.template.output(q.id+"URL", ref(q.id), "")
}

// fifoQueue makes a queue FIFO, named explicitly: a FIFO queue's name
// must end in ".fifo" (80 characters at most).
func (ws *workloadStack) fifoQueue(props obj, fifo bool, suffix string) {
	if !fifo {
		return
	}
	props["FifoQueue"] = true
	props["QueueName"] = fifoQueueName(ws.fullName(), suffix)
}

// queuePolicy lets exactly the subscribed topics send to the queue.
func (ws *workloadStack) queuePolicy(q queue) {
	var sources list
	for _, s := range q.topics {
		sources = append(sources, ws.topicARN(s))
	}
	ws.template.add(q.policyID(), "AWS::SQS::QueuePolicy", mk(
		pair{"Queues", mkList(ref(q.id))},
		pair{"PolicyDocument", policyDoc(mk(
			pair{"Effect", "Allow"},
			pair{"Principal", servicePrincipal("sns.amazonaws.com")},
			pair{"Action", strs([]string{"sqs:SendMessage"})},
			pair{"Resource", getAtt(q.id, "Arn")},
			pair{"Condition", mk(pair{"ArnEquals", mk(pair{"aws:SourceArn", sources})})},
		))},
	))
}

// topicARN imports the ARN of a subscribed topic from its publisher's
// stack, which makes CloudFormation enforce the order.
func (ws *workloadStack) topicARN(s schema.TopicSubscription) any {
	return importValue(topicExport(ws.compiler.cfg.App.Name, ws.env.Name, s.Service, s.Name))
}

// subscription subscribes a queue to a topic, with its filter policy.
func (ws *workloadStack) subscription(q queue, s schema.TopicSubscription) {
	id := copilotID(s.Service) + copilotID(s.Name) + "SNSTopicSubscription"
	props := obj{
		"TopicArn":           ws.topicARN(s),
		"Protocol":           "sqs",
		"Endpoint":           getAtt(q.id, "Arn"),
		"RawMessageDelivery": false,
	}
	if s.FilterPolicy != "" {
		var policy any
		if err := json.Unmarshal([]byte(s.FilterPolicy), &policy); err != nil {
			policy = s.FilterPolicy // checked in checkSubscriptions; keep the text
		}
		props["FilterPolicy"] = policy
	}
	ws.template.add(id, "AWS::SNS::Subscription", props)
	// SNS delivers as soon as the subscription exists: allow it first.
	ws.template.dependsOn(id, q.policyID())
}

// queueStatements let the worker's code consume its queues (and their
// dead-letter queues, to redrive) and decrypt their messages.
func (ws *workloadStack) queueStatements() []any {
	if ws.workload.Type != schema.TypeWorker {
		return nil
	}
	var arns list
	for _, q := range ws.queues() {
		arns = append(arns, getAtt(q.id, "Arn"))
		if q.settings.DeadLetterTries > 0 {
			arns = append(arns, getAtt(q.dlqID(), "Arn"))
		}
	}
	return []any{
		allow([]string{"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"}, arns),
		allow([]string{"kms:Decrypt"}, getAtt("EventsKMSKey", "Arn")),
	}
}

// queueVariables are COPILOT_QUEUE_URI (and COPILOT_FIFO_QUEUE_URI,
// COPILOT_TOPIC_QUEUE_URIS).
func (ws *workloadStack) queueVariables(vars map[string]any) {
	if ws.workload.Type != schema.TypeWorker {
		return
	}
	for _, q := range ws.queues() {
		switch {
		case q.isTopicQueue():
		case q.prefix == "Fifo":
			vars["COPILOT_FIFO_QUEUE_URI"] = ref(q.id)
		default:
			vars["COPILOT_QUEUE_URI"] = ref(q.id)
		}
	}
	if v := ws.topicQueueURIs(); v != nil {
		vars["COPILOT_TOPIC_QUEUE_URIS"] = v
	}
}

// acceptableBacklog is the backlog per task that keeps a message's wait
// under queue_delay, as Copilot computes it.
func acceptableBacklog(a *schema.Autoscaling) int {
	per := a.MessageProcessingTime
	if per <= 0 {
		per = defaultMessageProcessingTime
	}
	n := (a.QueueDelay + per - 1) / per
	return max(int(n), 1)
}

// queueName is a queue's name, for metric dimensions.
func queueName(id string) any { return getAtt(id, "QueueName") }
