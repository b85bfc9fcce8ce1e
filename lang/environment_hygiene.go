package lang

import (
	"slices"
	"strings"

	"flightplan/schema"
)

// accessLogs reads http { access_logs { bucket_name, prefix } }.
func accessLogs(e *evaluator, n *node) *schema.AccessLogs {
	if n == nil {
		return nil
	}
	al := &schema.AccessLogs{}
	if a := e.str(n, "bucket_name", &al.BucketName); a != nil && (al.BucketName == "" || strings.ContainsAny(al.BucketName, "/:")) {
		e.errorf(a.Expr.Range(), "Invalid bucket name", "bucket_name is the name of an existing S3 bucket (not its ARN or URL) whose policy lets Elastic Load Balancing write to it.")
	}
	if a := e.str(n, "prefix", &al.Prefix); a != nil && (strings.HasPrefix(al.Prefix, "/") || strings.HasSuffix(al.Prefix, "/")) {
		e.errorf(a.Expr.Range(), "Invalid access logs prefix", "prefix is a key prefix without a leading or trailing slash, such as \"alb\".")
	}
	return al
}

// flowLogs reads network { flow_logs = true } or network { flow_logs {
// retention } }.
func flowLogs(e *evaluator, n *node) *schema.FlowLogs {
	on := false
	if a := e.flag(n, "flow_logs", &on); a != nil {
		if n.block("flow_logs") != nil {
			e.errorf(a.NameRange, "flow_logs set twice", "This network has both flow_logs = %t and a flow_logs block. Remove one.", on)
		}
		if !on {
			return nil
		}
		return &schema.FlowLogs{Retention: schema.DefaultFlowLogRetention}
	}
	b := n.block("flow_logs")
	if b == nil {
		return nil
	}
	fl := &schema.FlowLogs{Retention: schema.DefaultFlowLogRetention}
	if a := e.integer(b, "retention", &fl.Retention); a != nil && !slices.Contains(logRetentionDays, fl.Retention) {
		e.errorf(a.Expr.Range(), "Invalid log retention", "CloudWatch Logs does not accept %d days; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653.", fl.Retention)
		fl.Retention = schema.DefaultFlowLogRetention
	}
	return fl
}
