package copilotfixture

// What holds data or addresses in Copilot's stacks, with its logical IDs
// and the properties that decide replacement, after Copilot's environment
// template (ServiceDiscoveryNamespace, PublicLoadBalancer and its
// HTTPListener, InternetGateway, the EFS FileSystem) and its workload partials (a published
// topic {name}SNSTopic; a worker's EventsKMSKey, EventsQueue and
// DeadLetterQueue). A take-over plan must keep every one of them.

// envStateful adds an environment's namespace, internet gateway (in a VPC
// Copilot made), file system and public load balancer with its HTTP
// listener.
func envStateful(res map[string]any, app, env string, vpc any, public []any) {
	res["ServiceDiscoveryNamespace"] = map[string]any{"Type": "AWS::ServiceDiscovery::PrivateDnsNamespace",
		"Properties": map[string]any{"Name": env + "." + app + ".local", "Vpc": vpc}}
	if _, own := res["VPC"]; own {
		res["InternetGateway"] = map[string]any{"Type": "AWS::EC2::InternetGateway",
			"Properties": map[string]any{"Tags": []any{map[string]any{"Key": "Name", "Value": "copilot-" + app + "-" + env}}}}
	}
	res["FileSystem"] = map[string]any{"Type": "AWS::EFS::FileSystem", "Properties": map[string]any{
		"BackupPolicy": map[string]any{"Status": "ENABLED"}, "Encrypted": true,
		"FileSystemPolicy": map[string]any{"Version": "2012-10-17", "Id": "CopilotEFSPolicy", "Statement": []any{map[string]any{
			"Sid": "DenyUnencryptedAccess", "Effect": "Deny", "Principal": "*", "Action": "elasticfilesystem:*",
			"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": false}}}}},
		"LifecyclePolicies": []any{map[string]any{"TransitionToIA": "AFTER_30_DAYS"}},
		"PerformanceMode":   "generalPurpose", "ThroughputMode": "bursting"}}
	res["PublicHTTPLoadBalancerSecurityGroup"] = map[string]any{"Type": "AWS::EC2::SecurityGroup",
		"Properties": map[string]any{"GroupDescription": "HTTP access to the public facing load balancer", "VpcId": vpc}}
	res["PublicLoadBalancer"] = map[string]any{"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": map[string]any{
		"Scheme": "internet-facing", "Type": "application", "Subnets": public,
		"SecurityGroups": []any{map[string]any{"Fn::GetAtt": []any{"PublicHTTPLoadBalancerSecurityGroup", "GroupId"}}}}}
	res["DefaultHTTPTargetGroup"] = map[string]any{"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": map[string]any{
		"Port": 80, "Protocol": "HTTP", "TargetType": "ip", "VpcId": vpc, "HealthCheckIntervalSeconds": 10}}
	res["HTTPListener"] = map[string]any{"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": map[string]any{
		"LoadBalancerArn": map[string]any{"Ref": "PublicLoadBalancer"}, "Port": 80, "Protocol": "HTTP",
		"DefaultActions": []any{map[string]any{"Type": "forward", "TargetGroupArn": map[string]any{"Ref": "DefaultHTTPTargetGroup"}}}}}
}

// workloadStateful adds a workload's topics and queues.
func workloadStateful(res map[string]any, app, env string, w Workload, m manifestMessaging) {
	for _, t := range m.Publish.Topics {
		res[alnum(t.Name)+"SNSTopic"] = map[string]any{"Type": "AWS::SNS::Topic", "Properties": map[string]any{
			"TopicName": app + "-" + env + "-" + w.Name + "-" + t.Name, "KmsMasterKeyId": "alias/aws/sns"}}
	}
	if len(m.Subscribe.Topics) == 0 {
		return
	}
	res["EventsKMSKey"] = map[string]any{"Type": "AWS::KMS::Key", "Properties": map[string]any{"KeyPolicy": map[string]any{
		"Version": "2012-10-17", "Statement": []any{map[string]any{"Sid": "Allow key use", "Effect": "Allow",
			"Principal": map[string]any{"AWS": map[string]any{"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
			"Action":    []any{"kms:*"}, "Resource": "*"}}}}}
	res["DeadLetterQueue"] = map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{
		"KmsMasterKeyId": map[string]any{"Ref": "EventsKMSKey"}, "MessageRetentionPeriod": 1209600}}
	res["EventsQueue"] = map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{
		"KmsMasterKeyId": map[string]any{"Ref": "EventsKMSKey"},
		"RedrivePolicy":  map[string]any{"deadLetterTargetArn": map[string]any{"Fn::GetAtt": []any{"DeadLetterQueue", "Arn"}}, "maxReceiveCount": 5}}}
}

// manifestMessaging is what a manifest says of topics.
type manifestMessaging struct {
	Publish struct {
		Topics []struct{ Name string } `yaml:"topics"`
	} `yaml:"publish"`
	Subscribe struct {
		Topics []struct{ Name, Service string } `yaml:"topics"`
	} `yaml:"subscribe"`
}
