package schema

import (
	"fmt"
	"time"
)

// FIFOQueue is the FIFO settings of a worker's queue (Copilot's
// queue.fifo). The zero value is a FIFO queue with SQS's defaults.
type FIFOQueue struct {
	ContentBasedDeduplication bool
	DeduplicationScope        string // "", DeduplicationMessageGroup or DeduplicationQueue
	ThroughputLimit           string // "", ThroughputPerMessageGroup or ThroughputPerQueue
	// HighThroughput sets both of the above for high-throughput FIFO
	// (perMessageGroupId, messageGroup); it excludes them.
	HighThroughput bool
}

// FIFO queue setting values (SQS's).
const (
	DeduplicationMessageGroup = "messageGroup"
	DeduplicationQueue        = "queue"
	ThroughputPerMessageGroup = "perMessageGroupId"
	ThroughputPerQueue        = "perQueue"
)

// MaxQueueDelay is the longest delay SQS accepts (DelaySeconds 900).
const MaxQueueDelay = 15 * time.Minute

// CheckFIFOQueue judges a fifo block's combination of settings, as
// Copilot's manifest validation does.
func CheckFIFOQueue(f FIFOQueue) error {
	if f.HighThroughput && (f.DeduplicationScope != "" || f.ThroughputLimit != "") {
		return fmt.Errorf("high_throughput sets deduplication_scope and throughput_limit itself; remove them, or remove high_throughput")
	}
	if f.ThroughputLimit == ThroughputPerMessageGroup && f.DeduplicationScope == DeduplicationQueue {
		return fmt.Errorf("throughput_limit %q needs deduplication_scope %q; with deduplication_scope %q, set throughput_limit %q",
			ThroughputPerMessageGroup, DeduplicationMessageGroup, DeduplicationQueue, ThroughputPerQueue)
	}
	return nil
}
