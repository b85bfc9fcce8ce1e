package stacks

import (
	"strings"
	"unicode"

	"flightplan/schema"
)

// Topic queues and FIFO settings of workers.
//
// A topic subscription with a queue block of its own is delivered to a
// queue of its own, as Copilot's topic-specific queues: resources
// {Service}{Topic}EventsQueue, {Service}{Topic}DeadLetterQueue and
// {Service}{Topic}QueuePolicy (the prefix is the one of the subscription's
// {Service}{Topic}SNSTopicSubscription), its URL in the task's
// COPILOT_TOPIC_QUEUE_URIS, a JSON object keyed as Copilot keys it
// ({service}{Topic}EventsQueue, non-alphanumerics dropped). Such a queue is
// FIFO when its topic is, or when it has a fifo block.
//
// The worker's own queue (EventsQueue) is FIFO when its queue block has a
// fifo block, or when every topic delivered to it is FIFO; with topics of
// both kinds and no fifo block, the FIFO ones go to FifoEventsQueue
// (worker.go). Copilot's layout for a mix — a FIFO EventsQueue and a queue
// of their own for the standard topics — is written with a fifo block and
// queue {} on each standard topic.

// topicFIFO reports whether a subscribed topic is a FIFO topic.
func (ws *workloadStack) topicFIFO(s schema.TopicSubscription) bool {
	t, err := subscribedTopic(ws.compiler.cfg, ws.env.Name, s)
	return err == nil && t.FIFO
}

// topicQueues are the queues of the topics that have their own.
func (ws *workloadStack) topicQueues() []queue {
	var qs []queue
	for _, s := range ws.subscriptions() {
		if s.Queue == nil {
			continue
		}
		prefix := copilotID(s.Service) + copilotID(s.Name)
		qs = append(qs, queue{
			id: prefix + "EventsQueue", prefix: prefix, fifo: s.Queue.FIFO != nil || ws.topicFIFO(s),
			topics: []schema.TopicSubscription{s}, settings: *s.Queue, name: "-" + s.Service + "-" + s.Name,
		})
	}
	return qs
}

// isTopicQueue reports whether q is a topic's own queue.
func (q queue) isTopicQueue() bool { return q.prefix != "" && q.prefix != "Fifo" }

// dlqName ends a FIFO dead-letter queue's name.
func (q queue) dlqName() string {
	if q.isTopicQueue() {
		return q.name + "-dlq"
	}
	return "-dlq"
}

// backlogSuffix ends the name of the queue's scaling policy.
func (q queue) backlogSuffix() string {
	switch {
	case q.isTopicQueue():
		return strings.TrimPrefix(q.name, "-") + "-backlog"
	case q.prefix == "Fifo":
		return "fifo-backlog"
	}
	return "backlog"
}

// fifoSettings sets a FIFO queue's advanced settings (Copilot's
// queue.fifo); high_throughput is SQS's high-throughput pair.
func fifoSettings(props obj, f *schema.FIFOQueue) {
	if f == nil {
		return
	}
	if f.ContentBasedDeduplication {
		props["ContentBasedDeduplication"] = true
	}
	scope, limit := f.DeduplicationScope, f.ThroughputLimit
	if f.HighThroughput {
		scope, limit = schema.DeduplicationMessageGroup, schema.ThroughputPerMessageGroup
	}
	if scope != "" {
		props["DeduplicationScope"] = scope
	}
	if limit != "" {
		props["FifoThroughputLimit"] = limit
	}
}

// fifoQueueName is {app}-{env}-{svc}{suffix}.fifo, the workload's name cut
// so that it fits SQS's 80 characters (and the suffix too if it must).
func fifoQueueName(full, suffix string) string {
	const limit = 80 - len(".fifo")
	if len(full)+len(suffix) > limit {
		full = cut(full, max(limit-len(suffix), 0))
		suffix = cut(suffix, limit-len(full))
	}
	return full + suffix + ".fifo"
}

// topicQueueURIs is COPILOT_TOPIC_QUEUE_URIS, or nil without topic queues.
func (ws *workloadStack) topicQueueURIs() any {
	m := map[string]string{}
	for _, q := range ws.queues() {
		if q.isTopicQueue() {
			s := q.topics[0]
			m[alnum(s.Service)+title(alnum(s.Name))+"EventsQueue"] = "${" + q.id + "}"
		}
	}
	if len(m) == 0 {
		return nil
	}
	return sub(compactJSON(m))
}

// alnum drops what is not a letter or digit.
func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// title upper-cases the first letter and lower-cases the rest.
func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}
