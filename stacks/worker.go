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
// topic for this; one extra queue per kind is the least that works.
//
// Messages keep SNS's JSON envelope (RawMessageDelivery false, stated in
// the template) as in Copilot, so that a migrated worker's parsing code
// keeps working.

// deadLetterRetention is how long a dead-letter queue keeps messages: 14
// days, SQS's maximum, as Copilot sets it.
const deadLetterRetention = 1209600

// queue is one of a worker's SQS queues and the topics delivered to it.
type queue struct {
	id     string // logical ID: EventsQueue or FifoEventsQueue
	prefix string // "" or "Fifo", for the queue's companion resources
	fifo   bool
	topics []schema.TopicSubscription
}

func (q queue) dlqID() string    { return q.prefix + "DeadLetterQueue" }
func (q queue) policyID() string { return q.prefix + "QueuePolicy" }

// queues splits the worker's subscriptions by kind (see above).
func (x *wl) queues() []queue {
	var std, fifo []schema.TopicSubscription
	for _, s := range x.subscriptions() {
		if t, err := subscribedTopic(x.c.cfg, x.env.Name, s); err == nil && t.FIFO {
			fifo = append(fifo, s)
		} else {
			std = append(std, s)
		}
	}
	switch {
	case len(fifo) == 0:
		return []queue{{id: "EventsQueue", topics: std}}
	case len(std) == 0:
		return []queue{{id: "EventsQueue", fifo: true, topics: fifo}}
	}
	return []queue{{id: "EventsQueue", topics: std}, {id: "FifoEventsQueue", prefix: "Fifo", fifo: true, topics: fifo}}
}

func (x *wl) subscriptions() []schema.TopicSubscription {
	if x.d.Subscribe == nil {
		return nil
	}
	return x.d.Subscribe.Topics
}

// queueSettings are the worker's queue block, or the defaults.
func (x *wl) queueSettings() schema.Queue {
	if x.d.Subscribe == nil {
		return schema.DefaultQueue()
	}
	return x.d.Subscribe.Queue
}

// worker adds the key, queues, dead-letter queues, policies and
// subscriptions of a worker service.
func (x *wl) worker() {
	x.eventsKey()
	for _, q := range x.queues() {
		x.eventsQueue(q)
		if len(q.topics) == 0 {
			continue
		}
		x.queuePolicy(q)
		for _, s := range q.topics {
			x.subscription(q, s)
		}
	}
}

// eventsKey encrypts the queues; SNS may use it to deliver.
func (x *wl) eventsKey() {
	x.t.add("EventsKMSKey", "AWS::KMS::Key", obj{
		"Description":       "flightplan: encrypts the queues of " + x.fullName(),
		"EnableKeyRotation": true,
		"KeyPolicy": policyDoc(
			obj{"Sid": "AllowAccount", "Effect": "Allow", "Principal": awsPrincipal(accountRoot(x.env.Region, x.env.Account)),
				"Action": "kms:*", "Resource": "*"},
			obj{"Sid": "AllowSNSToDeliver", "Effect": "Allow", "Principal": servicePrincipal("sns.amazonaws.com"),
				"Action": strs([]string{"kms:Decrypt", "kms:GenerateDataKey*"}), "Resource": "*"},
		),
	})
}

// eventsQueue adds a queue and, when dead_letter_tries > 0, its
// dead-letter queue.
func (x *wl) eventsQueue(q queue) {
	s := x.queueSettings()
	props := obj{
		"KmsMasterKeyId":         ref("EventsKMSKey"),
		"MessageRetentionPeriod": int(s.Retention.Seconds()),
		"VisibilityTimeout":      int(s.Timeout.Seconds()),
	}
	if s.DeadLetterTries > 0 {
		dlq := obj{"KmsMasterKeyId": ref("EventsKMSKey"), "MessageRetentionPeriod": deadLetterRetention}
		x.fifoQueue(dlq, q.fifo, "-dlq")
		x.t.add(q.dlqID(), "AWS::SQS::Queue", dlq)
		props["RedrivePolicy"] = obj{"deadLetterTargetArn": getAtt(q.dlqID(), "Arn"), "maxReceiveCount": s.DeadLetterTries}
	}
	x.fifoQueue(props, q.fifo, "-events")
	x.t.add(q.id, "AWS::SQS::Queue", props)
	x.t.output(q.id+"URL", ref(q.id), "")
}

// fifoQueue makes a queue FIFO, named explicitly: a FIFO queue's name
// must end in ".fifo" (80 characters at most).
func (x *wl) fifoQueue(props obj, fifo bool, suffix string) {
	if !fifo {
		return
	}
	props["FifoQueue"] = true
	props["QueueName"] = cut(x.fullName(), 80-len(suffix)-len(".fifo")) + suffix + ".fifo"
}

// queuePolicy lets exactly the subscribed topics send to the queue.
func (x *wl) queuePolicy(q queue) {
	var sources list
	for _, s := range q.topics {
		sources = append(sources, x.topicARN(s))
	}
	x.t.add(q.policyID(), "AWS::SQS::QueuePolicy", obj{
		"Queues": list{ref(q.id)},
		"PolicyDocument": policyDoc(obj{
			"Effect":    "Allow",
			"Principal": servicePrincipal("sns.amazonaws.com"),
			"Action":    strs([]string{"sqs:SendMessage"}),
			"Resource":  getAtt(q.id, "Arn"),
			"Condition": obj{"ArnEquals": obj{"aws:SourceArn": sources}},
		}),
	})
}

// topicARN imports the ARN of a subscribed topic from its publisher's
// stack, which makes CloudFormation enforce the order.
func (x *wl) topicARN(s schema.TopicSubscription) obj {
	return importValue(topicExport(x.c.cfg.App.Name, x.env.Name, s.Service, s.Name))
}

// subscription subscribes a queue to a topic, with its filter policy.
func (x *wl) subscription(q queue, s schema.TopicSubscription) {
	id := logicalID(s.Service) + logicalID(s.Name) + "SNSTopicSubscription"
	props := obj{
		"TopicArn":           x.topicARN(s),
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
	x.t.add(id, "AWS::SNS::Subscription", props)
	// SNS delivers as soon as the subscription exists: allow it first.
	x.t.dependsOn(id, q.policyID())
}

// queueStatements let the worker's code consume its queues (and their
// dead-letter queues, to redrive) and decrypt their messages.
func (x *wl) queueStatements() []obj {
	if x.w.Type != schema.TypeWorker {
		return nil
	}
	var arns list
	for _, q := range x.queues() {
		arns = append(arns, getAtt(q.id, "Arn"))
		if x.queueSettings().DeadLetterTries > 0 {
			arns = append(arns, getAtt(q.dlqID(), "Arn"))
		}
	}
	return []obj{
		allow([]string{"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"}, arns),
		allow([]string{"kms:Decrypt"}, getAtt("EventsKMSKey", "Arn")),
	}
}

// queueVariables are COPILOT_QUEUE_URI (and COPILOT_FIFO_QUEUE_URI).
func (x *wl) queueVariables(vars map[string]any) {
	if x.w.Type != schema.TypeWorker {
		return
	}
	for _, q := range x.queues() {
		name := "COPILOT_QUEUE_URI"
		if q.prefix != "" {
			name = "COPILOT_FIFO_QUEUE_URI"
		}
		vars[name] = ref(q.id)
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
func queueName(id string) obj { return getAtt(id, "QueueName") }
