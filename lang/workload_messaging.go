package lang

import (
	"encoding/json"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"flightplan/schema"
)

// publish reads the topics a service publishes.
func publish(e *evaluator, n *node) []schema.Topic {
	if n == nil {
		return nil
	}
	var out []schema.Topic
	for _, tn := range n.Blocks["topic"] {
		t := schema.Topic{Name: tn.Labels[0]}
		if err := schema.CheckName("topic", t.Name); err != nil {
			e.errorf(tn.labelRange(), "Invalid topic name", "%s.", capitalize(err.Error()))
		}
		e.flag(tn, "fifo", &t.FIFO)
		topicDeduplication(e, tn, &t)
		out = append(out, t)
	}
	return out
}

// subscribe reads a worker's queue and topics; a worker always has a queue.
func subscribe(e *evaluator, n *node, t schema.ServiceType) *schema.Subscribe {
	if t != schema.TypeWorker {
		return nil
	}
	s := &schema.Subscribe{Queue: schema.DefaultQueue()}
	if n == nil {
		return s
	}
	for _, tn := range n.Blocks["topic"] {
		ts := schema.TopicSubscription{Name: tn.Labels[0]}
		e.str(tn, "service", &ts.Service)
		ts.FilterPolicy = filterPolicy(e, tn)
		if qn := tn.block("queue"); qn != nil {
			q := schema.DefaultQueue()
			queueSettings(e, qn, &q)
			ts.Queue = &q
		}
		s.Topics = append(s.Topics, ts)
	}
	if q := n.block("queue"); q != nil {
		queueSettings(e, q, &s.Queue)
	}
	return s
}

// filterPolicy reads an SNS filter policy, written as an object or as a
// JSON string; it returns the JSON text.
func filterPolicy(e *evaluator, n *node) string {
	a := n.attr("filter_policy")
	if a == nil {
		return ""
	}
	v, ok := e.value(a.Expr, cty.DynamicPseudoType)
	if !ok {
		return ""
	}
	if v.Type() == cty.String {
		var obj map[string]any
		if err := json.Unmarshal([]byte(v.AsString()), &obj); err != nil {
			e.errorf(a.Expr.Range(), "Invalid filter policy", "The filter policy must be a JSON object: %s. Write it as an HCL object instead, and flightplan encodes it.", err)
			return ""
		}
		return v.AsString()
	}
	if !v.Type().IsObjectType() && !v.Type().IsMapType() {
		e.errorf(a.Expr.Range(), "Invalid filter policy", "The filter policy must be an object, such as { event = [\"order_placed\"] }.")
		return ""
	}
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		e.errorf(a.Expr.Range(), "Invalid filter policy", "The filter policy cannot be encoded as JSON: %s.", err)
		return ""
	}
	return string(b)
}
