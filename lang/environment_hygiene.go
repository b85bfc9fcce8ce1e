package lang

import (
	"net/netip"
	"slices"
	"strconv"
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

// securityGroupRules reads network { security_group { ingress { … } egress
// { … } } }: each rule's ip_protocol, ports (a number or a range "from-to")
// and IPv4 cidr, checked as EC2 would.
func securityGroupRules(e *evaluator, n *node) *schema.SecurityGroupRules {
	if n == nil {
		return nil
	}
	sg := &schema.SecurityGroupRules{}
	for _, b := range n.Blocks["ingress"] {
		sg.Ingress = append(sg.Ingress, securityGroupRule(e, b))
	}
	for _, b := range n.Blocks["egress"] {
		sg.Egress = append(sg.Egress, securityGroupRule(e, b))
	}
	return sg
}

// ipProtocols are the protocol names EC2 accepts in a rule; "-1" is all of
// them, and a number from 0 to 255 names any other.
var ipProtocols = []string{"tcp", "udp", "icmp", "icmpv6", "-1"}

func securityGroupRule(e *evaluator, n *node) schema.SecurityGroupRule {
	var r schema.SecurityGroupRule
	if a := e.str(n, "ip_protocol", &r.IPProtocol); a != nil {
		r.IPProtocol = strings.ToLower(r.IPProtocol)
		if num, err := strconv.Atoi(r.IPProtocol); !slices.Contains(ipProtocols, r.IPProtocol) && (err != nil || num < 0 || num > 255) {
			e.errorf(a.Expr.Range(), "Invalid IP protocol", "ip_protocol is one of \"tcp\", \"udp\", \"icmp\", \"icmpv6\", \"-1\" (every protocol) or a protocol number from 0 to 255; it is %q.", r.IPProtocol)
		}
	}
	var ports string
	if a := e.str(n, "ports", &ports); a != nil {
		from, to, ok := portRange(ports)
		if !ok {
			e.errorf(a.Expr.Range(), "Invalid ports", "ports is a port from 0 to 65535, such as 443, or a range \"from-to\" with from at most to, such as \"0-65535\"; it is %q.", ports)
		}
		r.FromPort, r.ToPort = from, to
	}
	if a := e.str(n, "cidr", &r.CIDR); a != nil {
		if p, err := netip.ParsePrefix(r.CIDR); err != nil || !p.Addr().Is4() {
			e.errorf(a.Expr.Range(), "Invalid CIDR", "cidr is an IPv4 CIDR block, such as \"10.0.0.0/16\" or \"0.0.0.0/0\"; it is %q.", r.CIDR)
		}
	}
	return r
}

// portRange parses "443" or "8000-8080".
func portRange(s string) (from, to int, ok bool) {
	lo, hi, isRange := strings.Cut(strings.TrimSpace(s), "-")
	from, err1 := strconv.Atoi(strings.TrimSpace(lo))
	to, err2 := from, error(nil)
	if isRange {
		to, err2 = strconv.Atoi(strings.TrimSpace(hi))
	}
	if err1 != nil || err2 != nil || from < 0 || to > 65535 || from > to {
		return 0, 0, false
	}
	return from, to, true
}
