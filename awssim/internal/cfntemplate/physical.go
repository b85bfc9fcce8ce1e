package cfntemplate

import (
	"strconv"
	"strings"

	"flightplan/awssim/internal/simcore"

	"flightplan/awsspec"
)

// Env is where a stack lives: what physical IDs and ARNs are made of.
type Env struct {
	Account, Region, StackName, StackID string
}

func isCustomType(typ string) bool {
	return strings.HasPrefix(typ, "Custom::") || typ == "AWS::CloudFormation::CustomResource"
}

// knownType reports whether CloudFormation (as the simulator knows it from
// awsspec) has the resource type.
func knownType(typ string) bool {
	if isCustomType(typ) {
		return true
	}
	_, ok := awsspec.Load().Resource(typ)
	return ok
}

// HasAttribute reports whether Fn::GetAtt may read attr of typ.
func HasAttribute(typ, attr string) bool {
	if isCustomType(typ) || (typ == "AWS::CloudFormation::Stack" && strings.HasPrefix(attr, "Outputs.")) {
		return true
	}
	r, ok := awsspec.Load().Resource(typ)
	if !ok {
		return false
	}
	_, ok = r.Attributes[attr]
	return ok
}

// suffix is the upper-case alphanumeric tail CloudFormation appends to
// generated names (MyStack-MyRole-1A2B3C4D5E6F).
func suffix(seed string) string {
	return strings.ToUpper(simcore.Digest(12, seed, "suffix"))
}

func (e Env) seed(logical string, gen int) string {
	return e.StackID + "/" + logical + "/" + strings.Repeat("'", gen)
}

// generatedName is the name CloudFormation makes up for a resource whose
// name property is not set, at most max characters.
func (e Env) generatedName(logical string, gen, max int) string {
	stack, id, suf := e.StackName, logical, suffix(e.seed(logical, gen))
	if max > 0 {
		room := max - len(suf) - 2
		stack, id = clip(stack, room/2), clip(id, room-min(len(stack), room/2))
	}
	return stack + "-" + id + "-" + suf
}

func clip(s string, n int) string {
	if n < 0 {
		return ""
	}
	if len(s) > n {
		return s[:n]
	}
	return s
}

func (e Env) arn(service, rest string) string {
	return "arn:aws:" + service + ":" + e.Region + ":" + e.Account + ":" + rest
}

// nameOr returns the name property if set, else a generated name.
func (e Env) nameOr(props map[string]any, prop, logical string, gen, max int, lower bool) string {
	if v, ok := props[prop].(string); ok && v != "" {
		return v
	}
	n := e.generatedName(logical, gen, max)
	if lower {
		n = strings.ToLower(n)
	}
	return n
}

// PhysicalID returns the physical ID CloudFormation reports for a resource:
// the name given in its properties, or an ID in the shape AWS uses.
func (e Env) PhysicalID(logical, typ string, props map[string]any, gen int) string {
	if f, ok := physicalIDs[typ]; ok {
		return f(e, logical, props, gen)
	}
	if isCustomType(typ) {
		return e.generatedName(logical, gen, 0)
	}
	return e.genericARN(typ, logical, gen)
}

func (e Env) genericARN(typ, logical string, gen int) string {
	parts := strings.Split(typ, "::")
	service, kind := "cloudformation", "resource"
	if len(parts) == 3 {
		service, kind = strings.ToLower(parts[1]), strings.ToLower(parts[2])
	}
	return e.arn(service, kind+"/"+e.StackName+"-"+logical+"-"+suffix(e.seed(logical, gen)))
}

func prefixed(prefix string, n int) func(Env, string, map[string]any, int) string {
	return func(e Env, logical string, _ map[string]any, gen int) string {
		return prefix + simcore.Digest(n, e.seed(logical, gen))
	}
}

func named(prop string, max int, lower bool) func(Env, string, map[string]any, int) string {
	return func(e Env, logical string, props map[string]any, gen int) string {
		return e.nameOr(props, prop, logical, gen, max, lower)
	}
}

var physicalIDs = map[string]func(Env, string, map[string]any, int) string{
	"AWS::EC2::VPC":                         prefixed("vpc-0", 16),
	"AWS::EC2::Subnet":                      prefixed("subnet-0", 16),
	"AWS::EC2::SecurityGroup":               prefixed("sg-0", 16),
	"AWS::EC2::InternetGateway":             prefixed("igw-0", 16),
	"AWS::EC2::NatGateway":                  prefixed("nat-0", 16),
	"AWS::EC2::RouteTable":                  prefixed("rtb-0", 16),
	"AWS::EC2::SubnetRouteTableAssociation": prefixed("rtbassoc-0", 16),
	"AWS::EC2::VPCEndpoint":                 prefixed("vpce-0", 16),
	"AWS::EC2::SecurityGroupIngress":        prefixed("sgr-0", 16),
	"AWS::EC2::SecurityGroupEgress":         prefixed("sgr-0", 16),
	"AWS::EC2::VPCGatewayAttachment":        prefixed("IGW|vpc-0", 16),
	"AWS::EFS::FileSystem":                  prefixed("fs-0", 16),
	"AWS::EFS::AccessPoint":                 prefixed("fsap-0", 16),
	"AWS::EFS::MountTarget":                 prefixed("fsmt-0", 16),
	"AWS::Route53::HostedZone": func(e Env, l string, _ map[string]any, g int) string {
		return "Z" + strings.ToUpper(simcore.Digest(20, e.seed(l, g)))
	},
	"AWS::EC2::EIP": func(e Env, l string, _ map[string]any, g int) string {
		d := simcore.Digest(4, e.seed(l, g))
		return "52." + byteOf(d[:2]) + "." + byteOf(d[2:]) + ".10"
	},
	"AWS::EC2::Route": func(e Env, l string, p map[string]any, g int) string {
		return String(p["RouteTableId"]) + "|" + String(p["DestinationCidrBlock"])
	},
	"AWS::IAM::Role": named("RoleName", 64, false),
	"AWS::IAM::ManagedPolicy": func(e Env, l string, p map[string]any, g int) string {
		return "arn:aws:iam::" + e.Account + ":policy/" + e.nameOr(p, "ManagedPolicyName", l, g, 128, false)
	},
	"AWS::IAM::Policy": func(e Env, l string, p map[string]any, g int) string {
		return e.nameOr(p, "PolicyName", l, g, 128, false)
	},
	"AWS::IAM::InstanceProfile": named("InstanceProfileName", 128, false),
	"AWS::Logs::LogGroup":       named("LogGroupName", 512, false),
	"AWS::ECR::Repository":      named("RepositoryName", 256, true),
	"AWS::ECS::Cluster":         named("ClusterName", 255, false),
	"AWS::ECS::Service": func(e Env, l string, p map[string]any, g int) string {
		cluster := String(p["Cluster"])
		if cluster == "" {
			cluster = "default"
		}
		return e.arn("ecs", "service/"+lastSegment(cluster)+"/"+e.nameOr(p, "ServiceName", l, g, 255, false))
	},
	"AWS::ECS::TaskDefinition": func(e Env, l string, p map[string]any, g int) string {
		family := e.nameOr(p, "Family", l, g, 255, false)
		return e.arn("ecs", "task-definition/"+family+":"+strconv.Itoa(g+1))
	},
	"AWS::ElasticLoadBalancingV2::LoadBalancer": func(e Env, l string, p map[string]any, g int) string {
		kind := "app/"
		if String(p["Type"]) == "network" {
			kind = "net/"
		}
		return e.arn("elasticloadbalancing", "loadbalancer/"+kind+e.nameOr(p, "Name", l, g, 32, false)+"/"+simcore.Digest(16, e.seed(l, g)))
	},
	"AWS::ElasticLoadBalancingV2::TargetGroup": func(e Env, l string, p map[string]any, g int) string {
		return e.arn("elasticloadbalancing", "targetgroup/"+e.nameOr(p, "Name", l, g, 32, false)+"/"+simcore.Digest(16, e.seed(l, g)))
	},
	"AWS::ElasticLoadBalancingV2::Listener": func(e Env, l string, p map[string]any, g int) string {
		lb := strings.Replace(String(p["LoadBalancerArn"]), ":loadbalancer/", ":listener/", 1)
		if lb == "" {
			lb = e.arn("elasticloadbalancing", "listener/app/unknown/0")
		}
		return lb + "/" + simcore.Digest(16, e.seed(l, g))
	},
	"AWS::ElasticLoadBalancingV2::ListenerRule": func(e Env, l string, p map[string]any, g int) string {
		return strings.Replace(String(p["ListenerArn"]), ":listener/", ":listener-rule/", 1) + "/" + simcore.Digest(16, e.seed(l, g))
	},
	"AWS::S3::Bucket": named("BucketName", 63, true),
	"AWS::SSM::Parameter": func(e Env, l string, p map[string]any, g int) string {
		return e.nameOr(p, "Name", "CFN-"+l, g, 0, false)
	},
	"AWS::KMS::Key":   func(e Env, l string, _ map[string]any, g int) string { return simcore.UUID(e.seed(l, g)) },
	"AWS::KMS::Alias": named("AliasName", 256, false),
	"AWS::Route53::RecordSet": func(e Env, l string, p map[string]any, g int) string {
		return strings.TrimSuffix(String(p["Name"]), ".")
	},
	"AWS::CertificateManager::Certificate": func(e Env, l string, _ map[string]any, g int) string {
		return e.arn("acm", "certificate/"+simcore.UUID(e.seed(l, g)))
	},
	"AWS::SecretsManager::Secret": func(e Env, l string, p map[string]any, g int) string {
		return e.arn("secretsmanager", "secret:"+e.nameOr(p, "Name", l, g, 256, false)+"-"+simcore.Digest(6, e.seed(l, g)))
	},
	"AWS::DynamoDB::Table":   named("TableName", 255, false),
	"AWS::Lambda::Function":  named("FunctionName", 64, false),
	"AWS::CloudWatch::Alarm": named("AlarmName", 255, false),
	"AWS::Events::Rule":      named("Name", 64, false),
	"AWS::SNS::Topic": func(e Env, l string, p map[string]any, g int) string {
		return e.arn("sns", e.nameOr(p, "TopicName", l, g, 256, false))
	},
	"AWS::SQS::Queue": func(e Env, l string, p map[string]any, g int) string {
		return "https://sqs." + e.Region + ".amazonaws.com/" + e.Account + "/" + e.nameOr(p, "QueueName", l, g, 80, false)
	},
	"AWS::RDS::DBCluster":     named("DBClusterIdentifier", 63, true),
	"AWS::RDS::DBSubnetGroup": named("DBSubnetGroupName", 255, true),
	"AWS::CloudFormation::Stack": func(e Env, l string, _ map[string]any, g int) string {
		return e.arn("cloudformation", "stack/"+e.generatedName(l, g, 128)+"/"+simcore.UUID(e.seed(l, g)))
	},
	"AWS::CloudFormation::WaitConditionHandle": func(e Env, l string, _ map[string]any, g int) string {
		return "https://cloudformation-waitcondition-" + e.Region + ".s3.amazonaws.com/" + simcore.Digest(32, e.seed(l, g))
	},
}

func byteOf(h string) string {
	n := 0
	for _, c := range h {
		n = n*16 + strings.IndexRune("0123456789abcdef", c)
	}
	return strconv.Itoa(n)
}

func lastSegment(s string) string { return s[strings.LastIndex(s, "/")+1:] }
