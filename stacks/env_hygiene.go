package stacks

// Environment hygiene, as Copilot builds it: the VPC's flow logs to a
// CloudWatch log group (VpcFlowLogGroup, FlowLog, FlowLogRole), and the
// public load balancer's access logs to an existing bucket (attributes of
// PublicLoadBalancer).

import (
	"flightplan/schema"
)

// envFlowLogs adds the VPC's flow log: every packet's record, aggregated
// over a minute, kept for the retention.
func (c *compiler) envFlowLogs(t *template, env *schema.Environment, net netRefs) {
	fl := env.Network.FlowLogs
	t.add("VpcFlowLogGroup", "AWS::Logs::LogGroup", obj{
		"LogGroupName":    c.cfg.App.Name + "-" + env.Name + "-FlowLogs",
		"RetentionInDays": fl.Retention,
	})
	principal := policyDoc(mk(pair{"Effect", "Allow"}, pair{"Principal", servicePrincipal("vpc-flow-logs.amazonaws.com")},
		pair{"Action", "sts:AssumeRole"}, pair{"Condition", obj{
			"StringEquals": obj{"aws:SourceAccount": ref("AWS::AccountId")},
			"ArnLike":      obj{"aws:SourceArn": sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*")},
		}}))
	t.add("FlowLogRole", "AWS::IAM::Role", c.role(env.Account, env.Region, principal,
		inlinePolicy("GrantAccesstoEC2toPublishFlowlogs", allow([]string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
			"logs:DescribeLogGroups", "logs:DescribeLogStreams"}, "*"))))
	t.add("FlowLog", "AWS::EC2::FlowLog", obj{
		"DeliverLogsPermissionArn": getAtt("FlowLogRole", "Arn"),
		"LogDestinationType":       "cloud-watch-logs",
		"LogGroupName":             ref("VpcFlowLogGroup"),
		"MaxAggregationInterval":   60,
		"ResourceId":               net.vpc,
		"ResourceType":             "VPC",
		"TrafficType":              "ALL",
	})
}

// accessLogAttributes are the public load balancer's attributes that send
// its access logs to a bucket; nil without access_logs.
func accessLogAttributes(al *schema.AccessLogs) list {
	if al == nil {
		return nil
	}
	attrs := list{obj{"Key": "access_logs.s3.enabled", "Value": "true"}}
	if al.Prefix != "" {
		attrs = append(attrs, obj{"Key": "access_logs.s3.prefix", "Value": al.Prefix})
	}
	return append(attrs, obj{"Key": "access_logs.s3.bucket", "Value": al.BucketName})
}
