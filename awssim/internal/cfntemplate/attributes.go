package cfntemplate

import (
	"strconv"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// Planned is a resource as Fn::GetAtt sees it: its type, physical ID and
// evaluated properties.
type Planned struct {
	Type       string
	PhysicalID string
	Props      map[string]any
}

// Attribute returns Fn::GetAtt attr of a planned resource, computed from
// its physical ID and properties in the shape AWS returns it. Attributes
// whose value another service knows (a hosted zone's name servers) come
// from that service instead: see package cfn's Provider.
func (e Env) Attribute(r Planned, attr string) (any, bool) {
	if !HasAttribute(r.Type, attr) {
		return nil, false
	}
	if f, ok := attrTable[r.Type+"."+attr]; ok {
		return f(e, r), true
	}
	return e.genericAttr(r, attr), true
}

func (e Env) genericAttr(r Planned, attr string) any {
	switch {
	case strings.HasPrefix(r.PhysicalID, "arn:") && strings.HasSuffix(attr, "Arn"):
		return r.PhysicalID
	case strings.HasSuffix(attr, "Arn"):
		parts := strings.Split(r.Type, "::")
		return e.arn(strings.ToLower(parts[len(parts)-2]), strings.ToLower(parts[len(parts)-1])+"/"+r.PhysicalID)
	}
	if v, ok := r.Props[attr]; ok {
		return v
	}
	if strings.HasSuffix(attr, "Id") || strings.HasSuffix(attr, "Name") {
		return lastSegment(r.PhysicalID)
	}
	return r.PhysicalID + "." + attr
}

type attrFunc func(e Env, r Planned) any

func prop(name string) attrFunc {
	return func(_ Env, r Planned) any { return r.Props[name] }
}

func physical(_ Env, r Planned) any { return r.PhysicalID }

func arnOf(service, kind string) attrFunc {
	return func(e Env, r Planned) any { return e.arn(service, kind+r.PhysicalID) }
}

func hexAttr(prefix string, n int) attrFunc {
	return func(_ Env, r Planned) any { return prefix + simcore.Digest(n, r.PhysicalID, prefix) }
}

// lbZone is a load balancer's canonical hosted zone: network load
// balancers have their own (us-east-1's values, for every region).
func lbZone(_ Env, r Planned) any {
	if String(r.Props["Type"]) == "network" {
		return "Z26RNL4JYFTOTI"
	}
	return "Z35SXDOTRQ7X7K"
}

func lbName(r Planned) string {
	parts := strings.Split(r.PhysicalID, "/")
	if len(parts) < 3 {
		return r.PhysicalID
	}
	return parts[len(parts)-2]
}

func lbFullName(r Planned) string {
	_, rest, _ := strings.Cut(r.PhysicalID, ":loadbalancer/")
	_, tg, _ := strings.Cut(r.PhysicalID, ":targetgroup/")
	if rest != "" {
		return rest
	}
	return "targetgroup/" + tg
}

var attrTable = map[string]attrFunc{
	"AWS::EC2::VPC.VpcId":                 physical,
	"AWS::EC2::VPC.CidrBlock":             prop("CidrBlock"),
	"AWS::EC2::VPC.DefaultSecurityGroup":  hexAttr("sg-0", 16),
	"AWS::EC2::VPC.DefaultNetworkAcl":     hexAttr("acl-0", 16),
	"AWS::EC2::VPC.CidrBlockAssociations": func(_ Env, r Planned) any { return []any{"vpc-cidr-assoc-0" + simcore.Digest(16, r.PhysicalID)} },
	"AWS::EC2::VPC.Ipv6CidrBlocks":        func(Env, Planned) any { return []any{} },
	"AWS::EC2::Subnet.SubnetId":           physical,
	"AWS::EC2::Subnet.VpcId":              prop("VpcId"),
	"AWS::EC2::Subnet.CidrBlock":          prop("CidrBlock"),
	"AWS::EC2::Subnet.Ipv6CidrBlocks":     func(Env, Planned) any { return []any{} },
	"AWS::EC2::Subnet.AvailabilityZone": func(e Env, r Planned) any {
		if az := String(r.Props["AvailabilityZone"]); az != "" {
			return az
		}
		return e.Region + "a"
	},
	"AWS::EC2::Subnet.AvailabilityZoneId":         func(e Env, r Planned) any { return "use1-az1" },
	"AWS::EC2::Subnet.NetworkAclAssociationId":    hexAttr("aclassoc-0", 16),
	"AWS::EC2::SecurityGroup.GroupId":             physical,
	"AWS::EC2::SecurityGroup.Id":                  physical,
	"AWS::EC2::SecurityGroup.VpcId":               prop("VpcId"),
	"AWS::EC2::InternetGateway.InternetGatewayId": physical,
	"AWS::EC2::NatGateway.NatGatewayId":           physical,
	"AWS::EC2::NatGateway.EniId":                  hexAttr("eni-0", 16),
	"AWS::EC2::RouteTable.RouteTableId":           physical,
	"AWS::EC2::EIP.PublicIp":                      physical,
	"AWS::EC2::EIP.AllocationId":                  hexAttr("eipalloc-0", 16),
	"AWS::EC2::VPCEndpoint.Id":                    physical,
	"AWS::IAM::Role.Arn": func(e Env, r Planned) any {
		return "arn:aws:iam::" + e.Account + ":role/" + strings.TrimPrefix(String(r.Props["Path"]), "/") + r.PhysicalID
	},
	"AWS::IAM::Role.RoleId": func(_ Env, r Planned) any { return "AROA" + strings.ToUpper(simcore.Digest(17, r.PhysicalID)) },
	"AWS::IAM::InstanceProfile.Arn": func(e Env, r Planned) any {
		return "arn:aws:iam::" + e.Account + ":instance-profile/" + r.PhysicalID
	},
	"AWS::IAM::ManagedPolicy.PolicyArn": physical,
	"AWS::Logs::LogGroup.Arn":           func(e Env, r Planned) any { return e.arn("logs", "log-group:"+r.PhysicalID+":*") },
	"AWS::ECR::Repository.Arn":          arnOf("ecr", "repository/"),
	"AWS::ECR::Repository.RepositoryUri": func(e Env, r Planned) any {
		return e.Account + ".dkr.ecr." + e.Region + ".amazonaws.com/" + r.PhysicalID
	},
	"AWS::ECS::Cluster.Arn":                                           arnOf("ecs", "cluster/"),
	"AWS::ECS::Service.ServiceArn":                                    physical,
	"AWS::ECS::Service.Name":                                          func(_ Env, r Planned) any { return lastSegment(r.PhysicalID) },
	"AWS::ECS::TaskDefinition.TaskDefinitionArn":                      physical,
	"AWS::ElasticLoadBalancingV2::LoadBalancer.LoadBalancerArn":       physical,
	"AWS::ElasticLoadBalancingV2::LoadBalancer.LoadBalancerName":      func(_ Env, r Planned) any { return lbName(r) },
	"AWS::ElasticLoadBalancingV2::LoadBalancer.LoadBalancerFullName":  func(_ Env, r Planned) any { return lbFullName(r) },
	"AWS::ElasticLoadBalancingV2::LoadBalancer.CanonicalHostedZoneID": lbZone,
	"AWS::ElasticLoadBalancingV2::LoadBalancer.SecurityGroups":        func(_ Env, r Planned) any { return listOr(r.Props["SecurityGroups"]) },
	"AWS::ElasticLoadBalancingV2::LoadBalancer.DNSName": func(e Env, r Planned) any {
		return lbName(r) + "-" + strconv.Itoa(int(simcore.DigestNumber(r.PhysicalID))) + "." + e.Region + ".elb.amazonaws.com"
	},
	"AWS::ElasticLoadBalancingV2::TargetGroup.TargetGroupArn":      physical,
	"AWS::ElasticLoadBalancingV2::TargetGroup.TargetGroupName":     func(_ Env, r Planned) any { return lbName(r) },
	"AWS::ElasticLoadBalancingV2::TargetGroup.TargetGroupFullName": func(_ Env, r Planned) any { return lbFullName(r) },
	"AWS::ElasticLoadBalancingV2::TargetGroup.LoadBalancerArns":    func(Env, Planned) any { return []any{} },
	"AWS::ElasticLoadBalancingV2::Listener.ListenerArn":            physical,
	"AWS::ElasticLoadBalancingV2::ListenerRule.RuleArn":            physical,
	"AWS::ElasticLoadBalancingV2::ListenerRule.IsDefault":          func(Env, Planned) any { return "false" },
	"AWS::S3::Bucket.Arn":                func(_ Env, r Planned) any { return "arn:aws:s3:::" + r.PhysicalID },
	"AWS::S3::Bucket.DomainName":         func(_ Env, r Planned) any { return r.PhysicalID + ".s3.amazonaws.com" },
	"AWS::S3::Bucket.RegionalDomainName": func(e Env, r Planned) any { return r.PhysicalID + ".s3." + e.Region + ".amazonaws.com" },
	"AWS::S3::Bucket.DualStackDomainName": func(e Env, r Planned) any {
		return r.PhysicalID + ".s3.dualstack." + e.Region + ".amazonaws.com"
	},
	"AWS::S3::Bucket.WebsiteURL": func(e Env, r Planned) any {
		return "http://" + r.PhysicalID + ".s3-website-" + e.Region + ".amazonaws.com"
	},
	"AWS::SSM::Parameter.Arn": func(e Env, r Planned) any {
		return e.arn("ssm", "parameter/"+strings.TrimPrefix(r.PhysicalID, "/"))
	},
	"AWS::SSM::Parameter.Type":                            prop("Type"),
	"AWS::SSM::Parameter.Value":                           prop("Value"),
	"AWS::KMS::Key.Arn":                                   arnOf("kms", "key/"),
	"AWS::KMS::Key.KeyId":                                 physical,
	"AWS::Route53::HostedZone.Id":                         physical,
	"AWS::CertificateManager::Certificate.CertificateArn": physical,
	"AWS::SecretsManager::Secret.Id":                      physical,
	"AWS::DynamoDB::Table.Arn":                            arnOf("dynamodb", "table/"),
	"AWS::Lambda::Function.Arn":                           arnOf("lambda", "function:"),
	"AWS::SNS::Topic.TopicArn":                            physical,
	"AWS::SNS::Topic.TopicName":                           func(_ Env, r Planned) any { return r.PhysicalID[strings.LastIndex(r.PhysicalID, ":")+1:] },
	"AWS::SQS::Queue.QueueUrl":                            physical,
	"AWS::SQS::Queue.QueueName":                           func(_ Env, r Planned) any { return lastSegment(r.PhysicalID) },
	"AWS::SQS::Queue.Arn":                                 func(e Env, r Planned) any { return e.arn("sqs", lastSegment(r.PhysicalID)) },
	"AWS::RDS::DBCluster.Endpoint.Address": func(e Env, r Planned) any {
		return r.PhysicalID + ".cluster-" + simcore.Digest(12, r.PhysicalID) + "." + e.Region + ".rds.amazonaws.com"
	},
	"AWS::RDS::DBCluster.Endpoint.Port":   func(Env, Planned) any { return "5432" },
	"AWS::EFS::FileSystem.FileSystemId":   physical,
	"AWS::EFS::FileSystem.Arn":            arnOf("elasticfilesystem", "file-system/"),
	"AWS::EFS::AccessPoint.AccessPointId": physical,
	"AWS::EFS::AccessPoint.Arn":           arnOf("elasticfilesystem", "access-point/"),
	"AWS::EFS::MountTarget.Id":            physical,
	"AWS::EFS::MountTarget.IpAddress": func(_ Env, r Planned) any {
		if ip := String(r.Props["IpAddress"]); ip != "" {
			return ip
		}
		d := simcore.Digest(4, r.PhysicalID)
		return "10.0." + byteOf(d[:2]) + "." + byteOf(d[2:])
	},
}

func listOr(v any) any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{}
}
