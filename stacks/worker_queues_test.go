package stacks

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
)

// TestTopicQueueNames: a topic queue's logical IDs, its FIFO name and
// Copilot's key in COPILOT_TOPIC_QUEUE_URIS for names with dashes.
func TestTopicQueueNames(t *testing.T) {
	d, err := compileSource(t, `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "dev" {}

service "order-svc" {
  type  = "backend"
  image = "public.ecr.aws/example/orders:1"
  port  = 8080
  publish {
    topic "order-placed" {
      fifo = true
    }
  }
}

service "fulfil" {
  type  = "worker"
  image = "public.ecr.aws/example/fulfil:1"
  subscribe {
    topic "order-placed" {
      service = "order-svc"
      queue {
        dead_letter_tries = 2
      }
    }
  }
}
`)
	if err != nil {
		t.Fatal(err)
	}
	doc := tmpl(t, d, addr.Deploy("dev", "fulfil"))
	res := at(t, doc, "Resources").(map[string]any)
	var env any
	for _, e := range at(t, doc, "Resources", "TaskDefinition", "Properties", "ContainerDefinitions", "0", "Environment").([]any) {
		if e.(map[string]any)["Name"] == "COPILOT_TOPIC_QUEUE_URIS" {
			env = e.(map[string]any)["Value"]
		}
	}
	for name, tc := range map[string]struct{ got, want any }{
		"queue":          {res["ordersvcorderplacedEventsQueue"] != nil, true},
		"dead letter":    {res["ordersvcorderplacedDeadLetterQueue"] != nil, true},
		"policy":         {res["ordersvcorderplacedQueuePolicy"] != nil, true},
		"fifo by topic":  {at(t, res, "ordersvcorderplacedEventsQueue", "Properties", "FifoQueue"), true},
		"fifo name":      {at(t, res, "ordersvcorderplacedEventsQueue", "Properties", "QueueName"), "shop-dev-fulfil-order-svc-order-placed.fifo"},
		"fifo dlq name":  {at(t, res, "ordersvcorderplacedDeadLetterQueue", "Properties", "QueueName"), "shop-dev-fulfil-order-svc-order-placed-dlq.fifo"},
		"worker queue":   {at(t, res, "EventsQueue", "Properties").(map[string]any)["FifoQueue"], nil},
		"queue URIs key": {env, map[string]any{"Fn::Sub": `{"ordersvcOrderplacedEventsQueue":"${ordersvcorderplacedEventsQueue}"}`}},
	} {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestFIFOQueueName: names fit SQS's 80 characters, the workload's part
// cut first.
func TestFIFOQueueName(t *testing.T) {
	long := strings.Repeat("a", 70)
	for name, tc := range map[string]struct{ full, suffix, want string }{
		"short":       {"app-env-svc", "-events", "app-env-svc-events.fifo"},
		"long name":   {long, "-events", long[:68] + "-events.fifo"},
		"long suffix": {"app", "-" + long + "-dlq-x", "-" + long + "-dlq.fifo"},
	} {
		t.Run(name, func(t *testing.T) {
			got := fifoQueueName(tc.full, tc.suffix)
			if diff := cmp.Diff(tc.want, got); diff != "" || len(got) > 80 {
				t.Errorf("len %d (-want +got):\n%s", len(got), diff)
			}
		})
	}
}
