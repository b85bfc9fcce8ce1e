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
	lb := t.add("PublicLoadBalancer", "AWS::ElasticLoadBalancingV2::LoadBalancer", obj{
		"Type":           "application",
		"Scheme":         "internet-facing",
		"SecurityGroups": list{getAtt("PublicLoadBalancerSecurityGroup", "GroupId")},
		"Subnets":        net.public,
	})
	if attrs := accessLogAttributes(env.HTTP.AccessLogs); attrs != nil {
		lb["Properties"].(obj)["LoadBalancerAttributes"] = attrs
	}
	t.output("PublicLoadBalancerDNSName", getAtt("PublicLoadBalancer", "DNSName"), ex("PublicLoadBalancerDNS"))
	t.output("PublicLoadBalancerFullName", getAtt("PublicLoadBalancer", "LoadBalancerFullName"), ex("PublicLoadBalancerFullName"))
	t.output("PublicLoadBalancerCanonicalHostedZoneID", getAtt("PublicLoadBalancer", "CanonicalHostedZoneID"), ex("PublicLoadBalancerCanonicalHostedZoneID"))
	publicListeners(t, env.HTTP, ex, certs)
}

// publicListeners adds the HTTP listener and, with certificates, the HTTPS
// listener with the first one (the others as listener certificates).
func publicListeners(t *template, h schema.EnvironmentHTTP, ex func(string) string, certs list) {
	httpDefault := notFound()
	if len(certs) > 0 {
		httpDefault = obj{"Type": "redirect", "RedirectConfig": obj{
			"Protocol": "HTTPS", "Port": "443", "Host": "#{host}", "Path": "/#{path}", "Query": "#{query}",
			"StatusCode": "HTTP_301",
		}}
	}
	t.add("HTTPListener", "AWS::ElasticLoadBalancingV2::Listener", obj{
		"LoadBalancerArn": ref("PublicLoadBalancer"),
		"Port":            80,
		"Protocol":        "HTTP",
		"DefaultActions":  list{httpDefault},
	})
	t.output("HTTPListenerArn", ref("HTTPListener"), ex("HTTPListenerArn"))
	if len(certs) == 0 {
		return
	}
	https := obj{
		"LoadBalancerArn": ref("PublicLoadBalancer"),
		"Port":            443,
		"Protocol":        "HTTPS",
		"Certificates":    list{obj{"CertificateArn": certs[0]}},
		"DefaultActions":  list{notFound()},
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

// internalLB adds the internal ALB in the private subnets, reachable from
// the environment's tasks, for backend services with http.
func internalLB(t *template, net netRefs, ex func(string) string) {
	t.add("InternalLoadBalancerSecurityGroup", "AWS::EC2::SecurityGroup", obj{
		"GroupDescription": "flightplan: the internal load balancer",
		"VpcId":            net.vpc,
		"SecurityGroupIngress": list{obj{
			"SourceSecurityGroupId": ref("EnvironmentSecurityGroup"), "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
		}},
	})
	albToTasks(t, "EnvironmentSecurityGroupIngressFromInternalALB", "InternalLoadBalancerSecurityGroup")
	t.add("InternalLoadBalancer", "AWS::ElasticLoadBalancingV2::LoadBalancer", obj{
		"Type":           "application",
		"Scheme":         "internal",
		"SecurityGroups": list{getAtt("InternalLoadBalancerSecurityGroup", "GroupId")},
		"Subnets":        net.private,
	})
	t.output("InternalLoadBalancerDNSName", getAtt("InternalLoadBalancer", "DNSName"), ex("InternalLoadBalancerDNS"))
	t.output("InternalLoadBalancerFullName", getAtt("InternalLoadBalancer", "LoadBalancerFullName"), ex("InternalLoadBalancerFullName"))
	t.add("InternalHTTPListener", "AWS::ElasticLoadBalancingV2::Listener", obj{
		"LoadBalancerArn": ref("InternalLoadBalancer"),
		"Port":            80,
		"Protocol":        "HTTP",
		"DefaultActions":  list{notFound()},
	})
	t.output("InternalHTTPListenerArn", ref("InternalHTTPListener"), ex("InternalHTTPListenerArn"))
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
