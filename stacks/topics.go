package stacks

import (
	"fmt"
	"slices"

	"flightplan/schema"
)

// Publish/subscribe: every service may publish SNS topics; workers
// subscribe their queues to them (worker.go).
//
// A topic is {app}-{env}-{service}-{topic} (".fifo" appended for a FIFO
// topic), encrypted with the AWS-managed SNS key, as Copilot names it, so
// that Copilot's tag and name lookups still find it. Its stack exports the
// ARN as {app}-{env}-{service}-{topic}TopicArn; subscribers import it, so
// CloudFormation itself refuses to delete a topic that a queue still
// listens to, and the graph orders the publisher first.

// topicID is the logical ID of a published topic.
func topicID(topic string) string { return copilotID(topic) + "SNSTopic" }

// topicName is the SNS name of a service's topic in one environment.
func topicName(app, env, svc string, t schema.Topic) string {
	name := app + "-" + env + "-" + svc + "-" + t.Name
	if t.FIFO {
		name += ".fifo"
	}
	return name
}

// topicExport is the export that carries a topic's ARN.
func topicExport(app, env, svc, topic string) string {
	return app + "-" + env + "-" + svc + "-" + topic + "TopicArn"
}

// topics adds the service's topics, their policies and exported ARNs.
func (ws *workloadStack) topics() {
	app := ws.compiler.cfg.App.Name
	for _, t := range ws.deployment.Publish {
		id := topicID(t.Name)
		props := obj{
			"TopicName":      topicName(app, ws.env.Name, ws.workload.Name, t),
			"KmsMasterKeyId": "alias/aws/sns",
		}
		if t.FIFO {
			props["FifoTopic"] = true
		}
		if t.ContentBasedDeduplication {
			props["ContentBasedDeduplication"] = true
		}
		ws.template.add(id, "AWS::SNS::Topic", props)
		ws.template.add(id+"Policy", "AWS::SNS::TopicPolicy", mk(
			pair{"Topics", mkList(ref(id))},
			pair{"PolicyDocument", policyDoc(mk(
				pair{"Effect", "Allow"},
				pair{"Principal", awsPrincipal(accountRoot(ws.env.Region, ws.env.Account))},
				pair{"Action", strs([]string{"sns:Subscribe"})},
				pair{"Resource", ref(id)},
				pair{"Condition", mk(pair{"StringEquals", mk(pair{"sns:Protocol", "sqs"})})},
			))},
		))
		ws.template.output(id+"Arn", ref(id), topicExport(app, ws.env.Name, ws.workload.Name, t.Name))
	}
}

// publishStatements let the service's code publish to its own topics.
func (ws *workloadStack) publishStatements() []any {
	if len(ws.deployment.Publish) == 0 {
		return nil
	}
	var arns list
	for _, t := range ws.deployment.Publish {
		arns = append(arns, ref(topicID(t.Name)))
	}
	return []any{allow([]string{"sns:Publish"}, arns)}
}

// topicARNsVariable is COPILOT_SNS_TOPIC_ARNS: a JSON object from topic
// name to ARN, filled in by Fn::Sub; nil when the service publishes none.
func (ws *workloadStack) topicARNsVariable() any {
	if len(ws.deployment.Publish) == 0 {
		return nil
	}
	m := map[string]string{}
	for _, t := range ws.deployment.Publish {
		m[t.Name] = "${" + topicID(t.Name) + "}"
	}
	return sub(compactJSON(m))
}

// subscribedTopic finds the topic a subscription names, published by
// another service deployed to the same environment.
func subscribedTopic(cfg *schema.Config, env string, s schema.TopicSubscription) (schema.Topic, error) {
	pub := cfg.Workload(s.Service)
	if pub == nil {
		return schema.Topic{}, fmt.Errorf("subscribes to topic %q of service %q, which does not exist", s.Name, s.Service)
	}
	if !slices.Contains(pub.Environments, env) {
		return schema.Topic{}, fmt.Errorf("subscribes to topic %q of service %q, which does not deploy to environment %q", s.Name, s.Service, env)
	}
	for _, t := range pub.Deployments[env].Publish {
		if t.Name == s.Name {
			return t, nil
		}
	}
	return schema.Topic{}, fmt.Errorf("subscribes to topic %q of service %q, which does not publish it in environment %q", s.Name, s.Service, env)
}
