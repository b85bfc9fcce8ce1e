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
