package stacks

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/schema"
)

// messagingConfig adds to the reference app a publisher (a backend with a
// standard and a FIFO topic and an addon with every output kind), a worker
// subscribed to both topics, a worker on the FIFO topic alone, and a
// private request-driven service that publishes too.
func messagingConfig() *schema.Config {
	cfg := referenceConfig()
	envs := []string{"test", "stage"}
	cfg.Workloads = append(cfg.Workloads,
		workload("pub", schema.KindService, schema.TypeBackend, envs, func(_, _ string) *schema.Deployment {
			d := baseDeployment()
			d.Publish = []schema.Topic{{Name: "events"}, {Name: "orders", FIFO: true}}
			d.Addons = []*schema.Addon{{Name: "store", Template: storeAddon, Parameters: map[string]string{"Size": "5"}}}
			return d
		}),
		workload("work", schema.KindService, schema.TypeWorker, envs, func(_, env string) *schema.Deployment {
			d := baseDeployment()
			q := schema.DefaultQueue()
			if env == "stage" {
				q.DeadLetterTries = 3
			}
			d.Subscribe = &schema.Subscribe{Queue: q, Topics: []schema.TopicSubscription{
				{Name: "events", Service: "pub", FilterPolicy: `{"kind":["a","b"]}`},
				{Name: "orders", Service: "pub"},
			}}
			d.Autoscaling = &schema.Autoscaling{Min: 1, Max: 4, QueueDelay: 30 * time.Second}
			return d
		}),
		workload("fifo-work", schema.KindService, schema.TypeWorker, envs, func(_, _ string) *schema.Deployment {
			d := baseDeployment()
			d.Subscribe = &schema.Subscribe{Queue: schema.DefaultQueue(), Topics: []schema.TopicSubscription{{Name: "orders", Service: "pub"}}}
			return d
		}),
		workload("rd", schema.KindService, schema.TypeRequestDriven, envs, func(_, env string) *schema.Deployment {
			d := baseDeployment()
			d.Port, d.CPU, d.Memory = 8080, 1024, 2048
			d.Autoscaling = &schema.Autoscaling{Min: 1, Max: 5, Requests: 80}
			d.Secrets = map[string]string{"TOKEN": "/rd/token"}
			d.Command = []string{"serve", "--banner", "hello world"}
			d.Publish = []schema.Topic{{Name: "audit"}}
			if env == "test" {
				d.Network.Placement = schema.PlacementPrivate
			}
			return d
		}),
	)
	return cfg
}

// storeAddon has one output of every kind, parameters, a condition and a
// mapping, and references in every form.
const storeAddon = `Parameters:
  App: {Type: String}
  Env: {Type: String}
  Name: {Type: String}
  Size: {Type: Number}
  Tier: {Type: String, Default: small}
Conditions:
  IsTest: !Equals [!Ref Env, test]
Mappings:
  Sizes:
    small: {Capacity: 1}
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Condition: IsTest
    Properties:
      TableName: !Sub '${App}-${Env}-${Name}-${Tier}'
      BillingMode: !If [IsTest, PAY_PER_REQUEST, PROVISIONED]
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Description: !FindInMap [Sizes, !Ref Tier, Capacity]
  Policy:
    Type: AWS::IAM::ManagedPolicy
    DependsOn: Table
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: ['dynamodb:*']
            Resource: !GetAtt Table.Arn
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub 'store of ${Name}, ${Size} GB'
      VpcId: vpc-1
Outputs:
  TableName: {Value: !Ref Table, Condition: IsTest}
  DBSecret: {Value: !Ref Secret}
  AccessPolicy: {Value: !Ref Policy}
  GroupID: {Value: !GetAtt Group.GroupId}
`

func TestTopics(t *testing.T) {
	d := compile(t, messagingConfig())
	doc := tmpl(t, d, addr.Deploy("test", "pub"))
	for id, want := range map[string]map[string]any{
		"eventsSNSTopic": {"TopicName": "copilot-test-test-pub-events", "KmsMasterKeyId": "alias/aws/sns"},
		"ordersSNSTopic": {"TopicName": "copilot-test-test-pub-orders.fifo", "KmsMasterKeyId": "alias/aws/sns", "FifoTopic": true},
	} {
		if diff := cmp.Diff(want, at(t, doc, "Resources", id, "Properties")); diff != "" {
			t.Errorf("%s (-want +got):\n%s", id, diff)
		}
	}
	if got := at(t, doc, "Outputs", "ordersSNSTopicArn", "Export", "Name"); got != "copilot-test-test-pub-ordersTopicArn" {
		t.Errorf("export %v", got)
	}
	vars := containerVars(t, doc)
	want := map[string]any{"Fn::Sub": `{"events":"${eventsSNSTopic}","orders":"${ordersSNSTopic}"}`}
	if diff := cmp.Diff(want, vars["COPILOT_SNS_TOPIC_ARNS"]); diff != "" {
		t.Errorf("COPILOT_SNS_TOPIC_ARNS (-want +got):\n%s", diff)
	}
	stmt := at(t, doc, "Resources", "TaskRole", "Properties", "Policies", "0", "PolicyDocument", "Statement", "0")
	if diff := cmp.Diff(map[string]any{"Effect": "Allow", "Action": []any{"sns:Publish"},
		"Resource": []any{map[string]any{"Ref": "eventsSNSTopic"}, map[string]any{"Ref": "ordersSNSTopic"}}}, stmt); diff != "" {
		t.Errorf("publish statement (-want +got):\n%s", diff)
	}
}

// containerVars maps the container's variable names to their values.
func containerVars(t *testing.T, doc map[string]any) map[string]any {
	t.Helper()
	vars := map[string]any{}
	for _, e := range at(t, doc, "Resources", "TaskDefinition", "Properties", "ContainerDefinitions", "0", "Environment").([]any) {
		m := e.(map[string]any)
		vars[m["Name"].(string)] = m["Value"]
	}
	return vars
}

func TestWorkerSubscriptions(t *testing.T) {
	d := compile(t, messagingConfig())
	doc := tmpl(t, d, addr.Deploy("test", "work"))
	sub := at(t, doc, "Resources", "pubeventsSNSTopicSubscription", "Properties").(map[string]any)
	want := map[string]any{
		"TopicArn":           map[string]any{"Fn::ImportValue": "copilot-test-test-pub-eventsTopicArn"},
		"Protocol":           "sqs",
		"Endpoint":           map[string]any{"Fn::GetAtt": []any{"EventsQueue", "Arn"}},
		"RawMessageDelivery": false,
		"FilterPolicy":       map[string]any{"kind": []any{"a", "b"}},
	}
	if diff := cmp.Diff(want, sub); diff != "" {
		t.Errorf("subscription (-want +got):\n%s", diff)
	}
	// The FIFO topic goes to the FIFO queue, allowed by that queue's policy only.
	if got := at(t, doc, "Resources", "pubordersSNSTopicSubscription", "Properties", "Endpoint", "Fn::GetAtt", "0"); got != "FifoEventsQueue" {
		t.Errorf("FIFO subscription endpoint %v", got)
	}
	if got := at(t, doc, "Resources", "FifoEventsQueue", "Properties", "QueueName"); got != "copilot-test-test-work-events.fifo" {
		t.Errorf("FIFO queue name %v", got)
	}
	sources := at(t, doc, "Resources", "QueuePolicy", "Properties", "PolicyDocument", "Statement", "0", "Condition", "ArnEquals", "aws:SourceArn")
	if diff := cmp.Diff([]any{map[string]any{"Fn::ImportValue": "copilot-test-test-pub-eventsTopicArn"}}, sources); diff != "" {
		t.Errorf("queue policy sources (-want +got):\n%s", diff)
	}
	vars := containerVars(t, doc)
	if vars["COPILOT_QUEUE_URI"] == nil || vars["COPILOT_FIFO_QUEUE_URI"] == nil {
		t.Errorf("queue variables missing: %v", vars)
	}
	// A worker on FIFO topics only has one queue, FIFO.
	fifo := tmpl(t, d, addr.Deploy("test", "fifo-work"))
	if got := at(t, fifo, "Resources", "EventsQueue", "Properties", "FifoQueue"); got != true {
		t.Errorf("FifoQueue = %v", got)
	}
	if hasResource(t, fifo, "FifoEventsQueue") {
		t.Error("a second queue on a FIFO-only worker")
	}
}

func TestDeadLetterQueueOnlyWithTries(t *testing.T) {
	d := compile(t, messagingConfig())
	for env, want := range map[string]bool{"test": false, "stage": true} {
		doc := tmpl(t, d, addr.Deploy(env, "work"))
		if got := hasResource(t, doc, "DeadLetterQueue"); got != want {
			t.Errorf("%s: DeadLetterQueue %v, want %v", env, got, want)
		}
		_, redrive := at(t, doc, "Resources", "EventsQueue", "Properties").(map[string]any)["RedrivePolicy"]
		if redrive != want {
			t.Errorf("%s: RedrivePolicy %v, want %v", env, redrive, want)
		}
	}
	doc := tmpl(t, d, addr.Deploy("stage", "work"))
	if got := at(t, doc, "Resources", "EventsQueue", "Properties", "RedrivePolicy", "maxReceiveCount"); got != 3.0 {
		t.Errorf("maxReceiveCount %v", got)
	}
}

func TestSubscribeEdges(t *testing.T) {
	d := compile(t, messagingConfig())
	n := d.Node(addr.Deploy("stage", "work"))
	if !slices.Contains(n.DependsOn, addr.Deploy("stage", "pub")) {
		t.Errorf("deploy/stage/work does not depend on deploy/stage/pub: %v", n.DependsOn)
	}
}

func TestQueueScaling(t *testing.T) {
	doc := tmpl(t, compile(t, messagingConfig()), addr.Deploy("test", "work"))
	for _, q := range []string{"EventsQueue", "FifoEventsQueue"} {
		cfg := at(t, doc, "Resources", "AutoScalingPolicy"+q, "Properties", "TargetTrackingScalingPolicyConfiguration").(map[string]any)
		if cfg["TargetValue"] != 120.0 { // 30s / 250ms
			t.Errorf("%s: TargetValue %v", q, cfg["TargetValue"])
		}
		if got := at(t, cfg, "CustomizedMetricSpecification", "MetricName"); got != "BacklogPerTask" {
			t.Errorf("%s: metric %v", q, got)
		}
	}
	if !hasResource(t, doc, "BacklogPerTaskCalculatorFunction") {
		t.Error("no backlog calculator")
	}
	if got := acceptableBacklog(&schema.Autoscaling{QueueDelay: 10 * time.Minute, MessageProcessingTime: 250 * time.Millisecond}); got != 2400 {
		t.Errorf("acceptableBacklog = %d, want Copilot's 2400", got)
	}
}

func TestRequestDriven(t *testing.T) {
	d := compile(t, messagingConfig())
	private := tmpl(t, d, addr.Deploy("test", "rd"))
	if got := at(t, private, "Resources", "VpcConnector", "Properties", "Subnets"); !cmp.Equal(got, map[string]any{"Fn::Split": []any{",", map[string]any{"Fn::ImportValue": "copilot-test-test-PrivateSubnets"}}}) {
		t.Errorf("connector subnets %v", got)
	}
	if got := at(t, private, "Resources", "Service", "Properties", "NetworkConfiguration", "EgressConfiguration", "EgressType"); got != "VPC" {
		t.Errorf("EgressType %v", got)
	}
	public := tmpl(t, d, addr.Deploy("stage", "rd"))
	if hasResource(t, public, "VpcConnector") {
		t.Error("VpcConnector on a public request-driven service")
	}
	props := at(t, public, "Resources", "Service", "Properties").(map[string]any)
	for path, want := range map[string]any{
		"InstanceConfiguration.Cpu":                                           "1 vCPU",
		"InstanceConfiguration.Memory":                                        "2 GB",
		"SourceConfiguration.ImageRepository.ImageRepositoryType":             "ECR",
		"SourceConfiguration.ImageRepository.ImageConfiguration.Port":         "8080",
		"SourceConfiguration.ImageRepository.ImageConfiguration.StartCommand": "serve --banner 'hello world'",
	} {
		if got := at(t, props, splitDots(path)...); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	if got := at(t, public, "Resources", "AutoScalingConfiguration", "Properties", "MaxConcurrency"); got != 80.0 {
		t.Errorf("MaxConcurrency %v", got)
	}
	secret := at(t, props, "SourceConfiguration", "ImageRepository", "ImageConfiguration", "RuntimeEnvironmentSecrets", "0", "Value")
	if secret != "arn:aws:ssm:ap-northeast-1:222222222222:parameter/rd/token" {
		t.Errorf("secret %v", secret)
	}
	if _, ok := outputs(public)["ServiceURL"]; !ok {
		t.Error("no ServiceURL output")
	}
}

func splitDots(s string) []string {
	var out []string
	start := 0
	for i := range len(s) {
		if s[i] == '.' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func TestAddonOutputsWired(t *testing.T) {
	d := compile(t, messagingConfig())
	doc := tmpl(t, d, addr.Deploy("test", "pub"))
	vars := containerVars(t, doc)
	if diff := cmp.Diff(map[string]any{"Ref": "StoreTable"}, vars["TABLE_NAME"]); diff != "" {
		t.Errorf("TABLE_NAME (-want +got):\n%s", diff)
	}
	secrets := at(t, doc, "Resources", "TaskDefinition", "Properties", "ContainerDefinitions", "0", "Secrets")
	if diff := cmp.Diff([]any{map[string]any{"Name": "DB_SECRET", "ValueFrom": map[string]any{"Ref": "StoreSecret"}}}, secrets); diff != "" {
		t.Errorf("secrets (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{map[string]any{"Ref": "StorePolicy"}}, at(t, doc, "Resources", "TaskRole", "Properties", "ManagedPolicyArns")); diff != "" {
		t.Errorf("task role policies (-want +got):\n%s", diff)
	}
	sgs := at(t, doc, "Resources", "Service", "Properties", "NetworkConfiguration", "AwsvpcConfiguration", "SecurityGroups").([]any)
	if diff := cmp.Diff(map[string]any{"Fn::GetAtt": []any{"StoreGroup", "GroupId"}}, sgs[len(sgs)-1]); diff != "" {
		t.Errorf("security groups (-want +got):\n%s", diff)
	}
	read := at(t, doc, "Resources", "ExecutionRole", "Properties", "Policies", "0", "PolicyDocument", "Statement", "0", "Resource")
	if diff := cmp.Diff([]any{map[string]any{"Ref": "StoreSecret"}}, read); diff != "" {
		t.Errorf("execution role may read (-want +got):\n%s", diff)
	}
}

func TestAddonRewrite(t *testing.T) {
	d := compile(t, messagingConfig())
	doc := tmpl(t, d, addr.Deploy("test", "pub"))
	table := at(t, doc, "Resources", "StoreTable").(map[string]any)
	want := map[string]any{
		"Type":      "AWS::DynamoDB::Table",
		"Condition": "StoreIsTest",
		"Properties": map[string]any{
			"TableName":            map[string]any{"Fn::Sub": "copilot-test-test-pub-${StoreTier}"},
			"BillingMode":          map[string]any{"Fn::If": []any{"StoreIsTest", "PAY_PER_REQUEST", "PROVISIONED"}},
			"AttributeDefinitions": []any{map[string]any{"AttributeName": "id", "AttributeType": "S"}},
			"KeySchema":            []any{map[string]any{"AttributeName": "id", "KeyType": "HASH"}},
		},
	}
	if diff := cmp.Diff(want, table); diff != "" {
		t.Errorf("StoreTable (-want +got):\n%s", diff)
	}
	checks := map[string]any{
		"Conditions.StoreIsTest.Fn::Equals.0":                          "test",
		"Resources.StorePolicy.DependsOn":                              "StoreTable",
		"Resources.StoreSecret.Properties.Description.Fn::FindInMap.0": "StoreSizes",
		"Resources.StoreGroup.Properties.GroupDescription.Fn::Sub":     "store of pub, ${StoreSize} GB",
		"Outputs.StoreTableName.Condition":                             "StoreIsTest",
	}
	for path, want := range checks {
		if got := at(t, doc, splitDots(path)...); !cmp.Equal(got, want) {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	params := d.Node(addr.Deploy("test", "pub")).Stack.Parameters
	if params["StoreSize"] != "5" {
		t.Errorf("StoreSize = %q", params["StoreSize"])
	}
	if _, ok := params["StoreTier"]; ok {
		t.Error("a parameter with a default was given a value")
	}
	if _, ok := at(t, doc, "Parameters").(map[string]any)["StoreApp"]; ok {
		t.Error("App was merged as a parameter instead of a literal")
	}
}

func TestSnakeAndPascalCase(t *testing.T) {
	for in, want := range map[string]string{"OrdersTableName": "ORDERS_TABLE_NAME", "DBName": "DB_NAME", "DBURL": "DBURL", "Port8080": "PORT8080", "Orders_Table": "ORDERS_TABLE"} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
	if got := pascalCase("orders-table"); got != "OrdersTable" {
		t.Errorf("pascalCase = %q", got)
	}
}
