package schema

// DefaultFlowLogRetention is Copilot's retention of VPC flow logs, in days.
const DefaultFlowLogRetention = 14

// AccessLogs sends the public load balancer's access logs to an existing
// S3 bucket (Copilot's http.public.access_logs { bucket_name, prefix }).
type AccessLogs struct {
	BucketName string
	Prefix     string // "" for the bucket's root
}

// FlowLogs sends the VPC's flow logs to a CloudWatch log group (Copilot's
// network.vpc.flow_logs).
type FlowLogs struct {
	Retention int // days, default DefaultFlowLogRetention
}

// SecurityGroupRules are extra rules of the environment's security group,
// the one its tasks share (Copilot's network.vpc.security_group). Egress
// empty keeps the group's default: all outbound traffic allowed.
type SecurityGroupRules struct {
	Ingress []SecurityGroupRule
	Egress  []SecurityGroupRule
}

// SecurityGroupRule admits (ingress) or lets out (egress) traffic of one
// protocol over a port range, from or to an IPv4 CIDR.
type SecurityGroupRule struct {
	IPProtocol string // tcp, udp, icmp, icmpv6, -1 (all) or a protocol number
	FromPort   int
	ToPort     int
	CIDR       string
}
