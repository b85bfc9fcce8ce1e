package stacks

import "flightplan/schema"

// publicLB adds the internet-facing ALB, its security group (80 and 443
// from the environment's source IPs, or everywhere), and its listeners:
// HTTP, plus HTTPS with the given certificates (see envCertificates), in
// which case HTTP redirects to HTTPS and services attach their rules to
// HTTPS.
func publicLB(t *template, env *schema.Environment, net netRefs, ex func(string) string, certs list) {
	sources := env.HTTP.SourceIPs
	if len(sources) == 0 && !env.HTTP.CDNIngress {
		sources = []string{"0.0.0.0/0"}
	}
	var ingress list
	if env.HTTP.CDNIngress {
		for _, port := range []int{80, 443} {
			ingress = append(ingress, obj{"SourcePrefixListId": ref(cdnPrefixListParam), "IpProtocol": "tcp", "FromPort": port, "ToPort": port})
		}
	}
	for _, cidr := range sources {
		for _, port := range []int{80, 443} {
			ingress = append(ingress, obj{"CidrIp": cidr, "IpProtocol": "tcp", "FromPort": port, "ToPort": port})
		}
	}
	t.add("PublicLoadBalancerSecurityGroup", "AWS::EC2::SecurityGroup", obj{
		"GroupDescription":     "flightplan: the public load balancer of environment " + env.Name,
		"VpcId":                net.vpc,
		"SecurityGroupIngress": ingress,
	})
	albToTasks(t, "EnvironmentSecurityGroupIngressFromPublicALB", "PublicLoadBalancerSecurityGroup")
	lb := obj{
		"Type":           "application",
		"Scheme":         "internet-facing",
		"SecurityGroups": mkList(getAtt("PublicLoadBalancerSecurityGroup", "GroupId")),
		"Subnets":        net.public,
	}
	if attrs := accessLogAttributes(env.HTTP.AccessLogs); attrs != nil {
		lb["LoadBalancerAttributes"] = attrs
	}
	t.add("PublicLoadBalancer", "AWS::ElasticLoadBalancingV2::LoadBalancer", lb)
	t.output("PublicLoadBalancerDNSName", getAtt("PublicLoadBalancer", "DNSName"), ex("PublicLoadBalancerDNS"))
	t.output("PublicLoadBalancerFullName", getAtt("PublicLoadBalancer", "LoadBalancerFullName"), ex("PublicLoadBalancerFullName"))
	t.output("PublicLoadBalancerCanonicalHostedZoneID", getAtt("PublicLoadBalancer", "CanonicalHostedZoneID"), ex("PublicLoadBalancerCanonicalHostedZoneID"))
	publicListeners(t, env.HTTP, ex, certs)
}

// publicListeners adds the HTTP listener and, with certificates, the HTTPS
// listener with the first one (the others as listener certificates).
func publicListeners(t *template, h schema.EnvironmentHTTP, ex func(string) string, certs list) {
	var httpDefault any = notFound()
	if len(certs) > 0 {
		httpDefault = redirectToHTTPS()
	}
	t.add("HTTPListener", "AWS::ElasticLoadBalancingV2::Listener", obj{
		"LoadBalancerArn": ref("PublicLoadBalancer"),
		"Port":            80,
		"Protocol":        "HTTP",
		"DefaultActions":  mkList(httpDefault),
	})
	t.output("HTTPListenerArn", ref("HTTPListener"), ex("HTTPListenerArn"))
	if len(certs) == 0 {
		return
	}
	https := obj{
		"LoadBalancerArn": ref("PublicLoadBalancer"),
		"Port":            443,
		"Protocol":        "HTTPS",
		"Certificates":    mkList(obj{"CertificateArn": certs[0]}),
		"DefaultActions":  mkList(notFound()),
	}
	if h.SSLPolicy != "" {
		https["SslPolicy"] = h.SSLPolicy
	}
	t.add("HTTPSListener", "AWS::ElasticLoadBalancingV2::Listener", https)
	t.output("HTTPSListenerArn", ref("HTTPSListener"), ex("HTTPSListenerArn"))
	if len(certs) > 1 {
		var more list
		for _, arn := range certs[1:] {
			more = append(more, obj{"CertificateArn": arn})
		}
		t.add("HTTPSListenerCertificates", "AWS::ElasticLoadBalancingV2::ListenerCertificate", obj{
			"ListenerArn":  ref("HTTPSListener"),
			"Certificates": more,
		})
	}
}

// internalLB adds the internal ALB in the private subnets (or those of
// http.private.subnets), reachable from the environment's tasks (and, with
// private ingress { vpc = true }, from anywhere in the VPC, as Copilot
// writes it: 0.0.0.0/0 on an internal load balancer), for backend services
// with http. With private certificates it listens on HTTPS too, where the
// backends' rules then go, and HTTP redirects to it.
func internalLB(t *template, env *schema.Environment, net netRefs, ex func(string) string) {
	p := env.HTTP.Private
	ports := []int{80}
	if len(p.Certificates) > 0 {
		ports = append(ports, 443)
	}
	var ingress list
	for _, port := range ports {
		ingress = append(ingress, obj{"SourceSecurityGroupId": ref("EnvironmentSecurityGroup"), "IpProtocol": "tcp", "FromPort": port, "ToPort": port})
		if p.VPCIngress {
			ingress = append(ingress, obj{"CidrIp": "0.0.0.0/0", "IpProtocol": "tcp", "FromPort": port, "ToPort": port})
		}
	}
	t.add("InternalLoadBalancerSecurityGroup", "AWS::EC2::SecurityGroup", obj{
		"GroupDescription":     "flightplan: the internal load balancer",
		"VpcId":                net.vpc,
		"SecurityGroupIngress": ingress,
	})
	albToTasks(t, "EnvironmentSecurityGroupIngressFromInternalALB", "InternalLoadBalancerSecurityGroup")
	subnets := net.private
	if len(p.Subnets) > 0 {
		subnets = strList(p.Subnets)
	}
	t.add("InternalLoadBalancer", "AWS::ElasticLoadBalancingV2::LoadBalancer", obj{
		"Type":           "application",
		"Scheme":         "internal",
		"SecurityGroups": mkList(getAtt("InternalLoadBalancerSecurityGroup", "GroupId")),
		"Subnets":        subnets,
	})
	t.output("InternalLoadBalancerDNSName", getAtt("InternalLoadBalancer", "DNSName"), ex("InternalLoadBalancerDNS"))
	t.output("InternalLoadBalancerFullName", getAtt("InternalLoadBalancer", "LoadBalancerFullName"), ex("InternalLoadBalancerFullName"))
	internalListeners(t, p, ex)
}

// internalListeners adds the internal HTTP listener and, with private
// certificates, the HTTPS one with the first (the others as listener
// certificates, Copilot's InternalHTTPSImportCertificateN).
func internalListeners(t *template, p schema.PrivateHTTP, ex func(string) string) {
	var httpDefault any = notFound()
	if len(p.Certificates) > 0 {
		httpDefault = redirectToHTTPS()
	}
	t.add("InternalHTTPListener", "AWS::ElasticLoadBalancingV2::Listener", obj{
		"LoadBalancerArn": ref("InternalLoadBalancer"),
		"Port":            80,
		"Protocol":        "HTTP",
		"DefaultActions":  mkList(httpDefault),
	})
	t.output("InternalHTTPListenerArn", ref("InternalHTTPListener"), ex("InternalHTTPListenerArn"))
	if len(p.Certificates) == 0 {
		return
	}
	https := obj{
		"LoadBalancerArn": ref("InternalLoadBalancer"),
		"Port":            443,
		"Protocol":        "HTTPS",
		"Certificates":    mkList(obj{"CertificateArn": p.Certificates[0]}),
		"DefaultActions":  mkList(notFound()),
	}
	if p.SSLPolicy != "" {
		https["SslPolicy"] = p.SSLPolicy
	}
	t.add("InternalHTTPSListener", "AWS::ElasticLoadBalancingV2::Listener", https)
	t.output("InternalHTTPSListenerArn", ref("InternalHTTPSListener"), ex("InternalHTTPSListenerArn"))
	for i, arn := range p.Certificates[1:] {
		t.add(indexed("InternalHTTPSImportCertificate", i+1), "AWS::ElasticLoadBalancingV2::ListenerCertificate", obj{
			"ListenerArn":  ref("InternalHTTPSListener"),
			"Certificates": mkList(obj{"CertificateArn": arn}),
		})
	}
}

// albToTasks lets a load balancer's security group reach the tasks.
func albToTasks(t *template, id, albSG string) {
	t.add(id, "AWS::EC2::SecurityGroupIngress", obj{
		"Description":           "From the load balancer",
		"GroupId":               ref("EnvironmentSecurityGroup"),
		"IpProtocol":            "-1",
		"SourceSecurityGroupId": ref(albSG),
	})
}

// notFound is a listener's default action when no rule matches.
func notFound() obj {
	return obj{"Type": "fixed-response", "FixedResponseConfig": obj{
		"StatusCode": "404", "ContentType": "text/plain", "MessageBody": "Not Found",
	}}
}

// redirectToHTTPS is an HTTP listener's default action where the load
// balancer has HTTPS.
func redirectToHTTPS() any {
	return obj{"Type": "redirect", "RedirectConfig": obj{
		"Protocol": "HTTPS", "Port": "443", "Host": "#{host}", "Path": "/#{path}", "Query": "#{query}",
		"StatusCode": "HTTP_301",
	}}
}
