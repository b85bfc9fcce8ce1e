package stacks

// A load-balanced web service's network load balancer (nlb block), with
// Copilot's logical IDs: PublicNetworkLoadBalancerV2 in the public
// subnets with its security group NetworkLoadBalancerSecurityGroup (open
// to everyone on the listener ports) and the environment security group's
// ingress from it; per listener i, NLBListener(i) and
// NetworkLoadBalancerTargetGroup(i) (the bare ID for the first). Where
// Copilot runs custom resources, flightplan writes plain resources: a TLS
// listener's certificate is NLBCertificate, an ACM certificate for the
// aliases (or {service}-nlb.{env zone}) validated by DNS in the
// environment's zone; the DNS names are Route 53 records, NLBDNSAlias for
// {service}-nlb.{env zone} when the block has no alias, NLBAliasRecordN
// for each alias otherwise.

import (
	"fmt"
	"strconv"
	"strings"

	"flightplan/schema"
)

// nlb is the service's network load balancer, or nil.
func (ws *workloadStack) nlb() *schema.NLB {
	if ws.workload.Type != schema.TypeLoadBalancedWeb {
		return nil
	}
	return ws.deployment.NLB
}

// networkLoadBalancing adds the network load balancer and returns the
// service's load balancer entries and the resources it waits for, each
// with the listeners' added.
func (ws *workloadStack) networkLoadBalancing(lbs list, deps []string) (list, []string) {
	n := ws.nlb()
	if n == nil {
		return lbs, deps
	}
	ws.nlbSecurityGroup(n)
	ws.template.add("PublicNetworkLoadBalancerV2", "AWS::ElasticLoadBalancingV2::LoadBalancer", mk(
		pair{"Type", "network"},
		pair{"Scheme", "internet-facing"},
		pair{"Subnets", split(",", ws.importEnv("PublicSubnets"))},
		pair{"SecurityGroups", mkList(getAtt("NetworkLoadBalancerSecurityGroup", "GroupId"))},
	))
	ws.template.output("PublicNetworkLoadBalancerDNSName", getAtt("PublicNetworkLoadBalancerV2", "DNSName"), "")
	if n.HasTLS() {
		ws.nlbCertificate(n)
	}
	for i, ls := range n.Listeners {
		ws.nlbListener(i, ls)
		name, port := ws.containerTarget(ls.TargetContainer, ls.TargetPort)
		lbs = append(lbs, mk(pair{"ContainerName", name}, pair{"ContainerPort", port}, pair{"TargetGroupArn", ref(indexed("NetworkLoadBalancerTargetGroup", i))}))
		deps = append(deps, indexed("NLBListener", i))
	}
	ws.nlbRecords(n)
	return lbs, deps
}

// nlbSecurityGroup lets everyone reach the listener ports, and the load
// balancer reach the tasks.
func (ws *workloadStack) nlbSecurityGroup(n *schema.NLB) {
	var ingress list
	for _, ls := range n.Listeners {
		ingress = append(ingress, mk(
			pair{"CidrIp", "0.0.0.0/0"}, pair{"IpProtocol", strings.ToLower(targetProtocol(ls))}, pair{"FromPort", ls.Port}, pair{"ToPort", ls.Port},
			pair{"Description", fmt.Sprintf("%s from anyone on listener port %d", ls.Protocol, ls.Port)},
		))
	}
	ws.template.add("NetworkLoadBalancerSecurityGroup", "AWS::EC2::SecurityGroup", mk(
		pair{"GroupDescription", "flightplan: the network load balancer of service " + ws.workload.Name},
		pair{"VpcId", ws.importEnv("VpcId")},
		pair{"SecurityGroupIngress", ingress},
	))
	ws.template.add("EnvironmentSecurityGroupIngressFromNetworkLoadBalancerSecurityGroup", "AWS::EC2::SecurityGroupIngress", mk(
		pair{"Description", "From the network load balancer"},
		pair{"GroupId", ws.importEnv("EnvironmentSecurityGroup")},
		pair{"IpProtocol", "-1"},
		pair{"SourceSecurityGroupId", getAtt("NetworkLoadBalancerSecurityGroup", "GroupId")},
	))
}

// targetProtocol is the target group's protocol: a TLS listener sends
// plain TCP to the tasks.
func targetProtocol(ls *schema.NLBListener) string {
	if ls.Protocol == schema.NLBTLS {
		return schema.NLBTCP
	}
	return ls.Protocol
}

func (ws *workloadStack) nlbListener(i int, ls *schema.NLBListener) {
	tg := indexed("NetworkLoadBalancerTargetGroup", i)
	listener := obj{
		"LoadBalancerArn": ref("PublicNetworkLoadBalancerV2"),
		"Port":            ls.Port,
		"Protocol":        ls.Protocol,
		"DefaultActions":  mkList(mk(pair{"Type", "forward"}, pair{"TargetGroupArn", ref(tg)})),
	}
	if ls.Protocol == schema.NLBTLS {
		listener["Certificates"] = list{mk(pair{"CertificateArn", ref("NLBCertificate")})}
		listener["SslPolicy"] = cmpOr(ls.SSLPolicy, schema.DefaultNLBSSLPolicy)
	}
	ws.template.add(indexed("NLBListener", i), "AWS::ElasticLoadBalancingV2::Listener", listener)
	ws.template.add(tg, "AWS::ElasticLoadBalancingV2::TargetGroup", ws.nlbTargetGroup(ls))
}

func (ws *workloadStack) nlbTargetGroup(ls *schema.NLBListener) obj {
	_, port := ws.containerTarget(ls.TargetContainer, ls.TargetPort)
	attrs := list{mk(pair{"Key", "deregistration_delay.timeout_seconds"}, pair{"Value", strconv.Itoa(int(ls.DeregistrationDelay.Seconds()))})}
	if ls.Stickiness {
		attrs = append(attrs, mk(pair{"Key", "stickiness.enabled"}, pair{"Value", "true"}))
	}
	tg := obj{
		"Port":                  port,
		"Protocol":              targetProtocol(ls),
		"TargetType":            "ip",
		"VpcId":                 ws.importEnv("VpcId"),
		"TargetGroupAttributes": attrs,
	}
	hc := ls.Healthcheck
	setPositive(tg, "HealthCheckPort", hc.Port, strconv.Itoa(hc.Port))
	setPositive(tg, "HealthyThresholdCount", hc.HealthyThreshold, hc.HealthyThreshold)
	setPositive(tg, "UnhealthyThresholdCount", hc.UnhealthyThreshold, hc.UnhealthyThreshold)
	setPositive(tg, "HealthCheckIntervalSeconds", int(hc.Interval.Seconds()), int(hc.Interval.Seconds()))
	setPositive(tg, "HealthCheckTimeoutSeconds", int(hc.Timeout.Seconds()), int(hc.Timeout.Seconds()))
	return tg
}

// setPositive sets o[key] to v when n is positive: a health check setting
// the file leaves unset keeps Elastic Load Balancing's default.
func setPositive(o obj, key string, n int, v any) {
	if n > 0 {
		o[key] = v
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// nlbNames are the DNS names of the network load balancer: its aliases,
// or {service}-nlb in the environment's zone.
func (ws *workloadStack) nlbNames(n *schema.NLB) []string {
	if len(n.Alias) > 0 {
		return n.Alias
	}
	app := ws.compiler.cfg.App
	return []string{ws.workload.Name + "-nlb." + envZoneName(app.Name, ws.env.Name, app.Domain.Name)}
}

// nlbCertificate requests the TLS listeners' certificate, validated by DNS
// in the environment's zone (the language requires a domain for TLS).
func (ws *workloadStack) nlbCertificate(n *schema.NLB) {
	names := ws.nlbNames(n)
	zone := ws.envZoneParam()
	var validation list
	for _, name := range names {
		validation = append(validation, mk(pair{"DomainName", name}, pair{"HostedZoneId", ref(zone)}))
	}
	cert := obj{"DomainName": names[0], "ValidationMethod": "DNS", "DomainValidationOptions": validation}
	if len(names) > 1 {
		cert["SubjectAlternativeNames"] = strs(names[1:])
	}
	ws.template.add("NLBCertificate", "AWS::CertificateManager::Certificate", cert)
}

// nlbRecords adds the DNS records of the network load balancer when the
// app has a domain.
func (ws *workloadStack) nlbRecords(n *schema.NLB) {
	if ws.compiler.cfg.App.Domain == nil {
		return
	}
	zone := ws.envZoneParam()
	for i, name := range ws.nlbNames(n) {
		id := fmt.Sprintf("NLBAliasRecord%d", i)
		if len(n.Alias) == 0 {
			id = "NLBDNSAlias"
		}
		ws.template.add(id, "AWS::Route53::RecordSet", mk(
			pair{"HostedZoneId", ref(zone)},
			pair{"Name", name + "."},
			pair{"Type", "A"},
			pair{"AliasTarget", mk(
				pair{"DNSName", getAtt("PublicNetworkLoadBalancerV2", "DNSName")},
				pair{"HostedZoneId", getAtt("PublicNetworkLoadBalancerV2", "CanonicalHostedZoneID")},
			)},
		))
		if id == "NLBDNSAlias" {
			// Copilot's default record, a group (alias.go).
			ws.template.resources[id] = recordGroup(ws.template.resources[id], "Default NetworkLoadBalancer alias for service "+ws.workload.Name)
		}
	}
}
