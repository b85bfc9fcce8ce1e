package awsspec

import (
	"fmt"
	"strings"
	"testing"
)

// benchBlock is ten resources of a load-balanced service, repeated with a suffix to make a
// realistic template.
const benchBlock = `
  Subnet%[1]d:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [%[1]d, !Cidr [!GetAtt Vpc.CidrBlock, 8, 8]]
      AvailabilityZone: !Select [0, !GetAZs ""]
      MapPublicIpOnLaunch: true
      Tags: [{Key: Name, Value: !Sub "${AWS::StackName}-%[1]d"}]
  RouteAssoc%[1]d:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Subnet%[1]d, RouteTableId: !Ref RouteTable}
  Logs%[1]d:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: !Sub "/copilot/${AWS::StackName}-%[1]d", RetentionInDays: 30}
  Role%[1]d:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]
      Policies:
        - PolicyName: logs
          PolicyDocument:
            Statement: [{Effect: Allow, Action: "logs:*", Resource: !GetAtt Logs%[1]d.Arn}]
  Task%[1]d:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: !Sub "${AWS::StackName}-%[1]d"
      Cpu: "256"
      Memory: "512"
      NetworkMode: awsvpc
      RequiresCompatibilities: [FARGATE]
      ExecutionRoleArn: !GetAtt Role%[1]d.Arn
      ContainerDefinitions:
        - Name: web
          Image: nginx
          PortMappings: [{ContainerPort: 80}]
          Environment: [{Name: COPILOT_SERVICE_NAME, Value: web%[1]d}]
          LogConfiguration:
            LogDriver: awslogs
            Options: {awslogs-group: !Ref Logs%[1]d, awslogs-region: !Ref AWS::Region, awslogs-stream-prefix: copilot}
  TargetGroup%[1]d:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {Port: 80, Protocol: HTTP, TargetType: ip, VpcId: !Ref Vpc, HealthCheckPath: /health, HealthCheckIntervalSeconds: 10}
  Rule%[1]d:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Listener
      Priority: %[2]d
      Conditions: [{Field: path-pattern, PathPatternConfig: {Values: ["/s%[1]d/*"]}}]
      Actions: [{Type: forward, TargetGroupArn: !Ref TargetGroup%[1]d}]
  Service%[1]d:
    Type: AWS::ECS::Service
    DependsOn: Rule%[1]d
    Properties:
      Cluster: !Ref Cluster
      TaskDefinition: !Ref Task%[1]d
      DesiredCount: !If [IsProd, 3, 1]
      LaunchType: FARGATE
      NetworkConfiguration:
        AwsvpcConfiguration: {Subnets: [!Ref Subnet%[1]d], SecurityGroups: [!GetAtt Sg.GroupId], AssignPublicIp: ENABLED}
      LoadBalancers: [{ContainerName: web, ContainerPort: 80, TargetGroupArn: !Ref TargetGroup%[1]d}]
  Queue%[1]d:
    Type: AWS::SQS::Queue
    Properties: {MessageRetentionPeriod: 345600, KmsMasterKeyId: alias/aws/sqs}
  Alarm%[1]d:
    Type: AWS::CloudWatch::Alarm
    Properties:
      ComparisonOperator: GreaterThanThreshold
      EvaluationPeriods: 1
      MetricName: CPUUtilization
      Namespace: AWS/ECS
      Period: 60
      Statistic: Average
      Threshold: 80
      Dimensions: [{Name: ServiceName, Value: !GetAtt Service%[1]d.Name}]
`

const benchHead = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, production]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16, EnableDnsHostnames: true, EnableDnsSupport: true}
  RouteTable:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  Cluster:
    Type: AWS::ECS::Cluster
    Properties: {ClusterSettings: [{Name: containerInsights, Value: enabled}]}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: env, VpcId: !Ref Vpc}
  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Scheme: internet-facing, Subnets: [!Ref Subnet0, !Ref Subnet1], SecurityGroups: [!Ref Sg]}
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Lb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "404"}}]
`

// benchTemplate returns a template of 6 + 10n resources.
func benchTemplate(n int) []byte {
	var b strings.Builder
	b.WriteString(benchHead)
	for i := range n {
		fmt.Fprintf(&b, benchBlock, i, i+1)
	}
	b.WriteString("Outputs:\n  LbDns: {Value: !GetAtt Lb.DNSName, Export: {Name: !Sub \"${AWS::StackName}-LbDns\"}}\n")
	return []byte(b.String())
}

func TestBenchTemplateIsValid(t *testing.T) {
	for _, p := range Load().ValidateTemplate(benchTemplate(5)) {
		t.Error(p)
	}
}

// BenchmarkValidateTemplate validates a 56-resource template (parse included).
func BenchmarkValidateTemplate(b *testing.B) {
	body := benchTemplate(5)
	s := Load()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if problems := s.ValidateTemplate(body); len(problems) != 0 {
			b.Fatal(problems)
		}
	}
}
