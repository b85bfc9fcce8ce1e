package lang

import (
	"time"

	"flightplan/schema"
)

// queueSettings reads a queue block: the worker's queue, or a topic's own.
func queueSettings(e *evaluator, n *node, q *schema.Queue) {
	e.durationIn(n, "retention", "queue retention", &q.Retention, time.Minute, 14*24*time.Hour)
	e.durationIn(n, "timeout", "queue timeout", &q.Timeout, 0, 12*time.Hour)
	e.intIn(n, "dead_letter_tries", "dead_letter_tries", &q.DeadLetterTries, 1, 1000)
	e.durationIn(n, "delay", "queue delay", &q.Delay, 0, schema.MaxQueueDelay)
	if fn := n.block("fifo"); fn != nil {
		q.FIFO = fifoQueue(e, fn)
	}
}

// fifoQueue reads a queue's fifo block; an empty block makes a FIFO queue
// with SQS's defaults.
func fifoQueue(e *evaluator, n *node) *schema.FIFOQueue {
	f := &schema.FIFOQueue{}
	e.flag(n, "content_based_deduplication", &f.ContentBasedDeduplication)
	e.oneOf(n, "deduplication_scope", &f.DeduplicationScope, schema.DeduplicationMessageGroup, schema.DeduplicationQueue)
	e.oneOf(n, "throughput_limit", &f.ThroughputLimit, schema.ThroughputPerMessageGroup, schema.ThroughputPerQueue)
	e.flag(n, "high_throughput", &f.HighThroughput)
	if err := schema.CheckFIFOQueue(*f); err != nil {
		e.errorf(n.DefRange, "Invalid FIFO queue settings", "%s.", capitalize(err.Error()))
	}
	return f
}

// topicDeduplication reads a published topic's content_based_deduplication,
// which only a FIFO topic has.
func topicDeduplication(e *evaluator, n *node, t *schema.Topic) {
	a := e.flag(n, "content_based_deduplication", &t.ContentBasedDeduplication)
	if a != nil && t.ContentBasedDeduplication && !t.FIFO {
		e.errorf(a.NameRange, "Deduplication needs a FIFO topic",
			"SNS deduplicates messages only on FIFO topics; set fifo = true on topic %q, or remove content_based_deduplication.", t.Name)
	}
}

// checkQueueKinds refuses a FIFO queue (a fifo block) fed by a standard
// topic: SNS delivers a standard topic only to a standard queue. A queue
// without a fifo block takes the kind of its topics (see stacks/worker.go).
func (l *loader) checkQueueKinds(n *node, w *schema.Workload) {
	sn := n.block("subscribe")
	if sn == nil {
		return
	}
	topicNodes := sn.Blocks["topic"]
	reported := map[int]bool{}
	for _, env := range w.Environments {
		d := w.Deployments[env]
		if d == nil || d.Subscribe == nil {
			continue
		}
		for i, ts := range d.Subscribe.Topics {
			if reported[i] || l.publishedFIFO(env, ts) {
				continue
			}
			reported[i] = l.checkStandardTopic(topicNodes[i], sn, d.Subscribe.Queue, ts)
		}
	}
}

// publishedFIFO reports whether the subscribed topic is a FIFO topic;
// false when it is not published (reported elsewhere).
func (l *loader) publishedFIFO(env string, ts schema.TopicSubscription) bool {
	pub := l.cfg.Workload(ts.Service)
	if pub == nil || pub.Deployments[env] == nil {
		return false
	}
	for _, t := range pub.Deployments[env].Publish {
		if t.Name == ts.Name {
			return t.FIFO
		}
	}
	return false
}

func (l *loader) checkStandardTopic(tn, sn *node, workerQueue schema.Queue, ts schema.TopicSubscription) bool {
	if ts.Queue != nil && ts.Queue.FIFO != nil {
		l.errorf(tn.block("queue").block("fifo").DefRange, "FIFO queue for a standard topic",
			"Topic %q of service %q is a standard topic, and SNS delivers a standard topic only to a standard queue. Remove this fifo block, or set fifo = true on the topic.", ts.Name, ts.Service)
		return true
	}
	if ts.Queue == nil && workerQueue.FIFO != nil {
		l.errorf(tn.labelRange(), "Standard topic into a FIFO queue",
			"The worker's queue is FIFO (its fifo block), and SNS delivers the standard topic %q of service %q only to a standard queue. Give the topic a queue of its own, queue {} in this topic block, as Copilot does, or remove the fifo block of the worker's queue.", ts.Name, ts.Service)
		return true
	}
	return false
}
