package copilotfixture

// An application with a domain, as Copilot lays it out: the app's hosted
// zone AppHostedZone ({app}.{domain}) in {app}-infrastructure-roles, and
// each environment's zone EnvironmentHostedZone ({env}.{app}.{domain}) in
// the environment's stack, with the comments Copilot gives them. The NS
// delegations are the DNS delegation custom resource's work (custom.go),
// not resources of a stack.

// appZone adds the app's hosted zone to the roles stack's resources.
func (app App) appZone(res map[string]any) {
	if app.Domain == "" {
		return
	}
	res["AppHostedZone"] = map[string]any{"Type": "AWS::Route53::HostedZone", "Properties": map[string]any{
		"Name":             app.Name + "." + app.Domain,
		"HostedZoneConfig": map[string]any{"Comment": "Hosted zone for copilot application " + app.Name + ": " + app.Name + "." + app.Domain}}}
}

// envZone adds an environment's hosted zone to its stack's resources.
func envZone(res map[string]any, app, domain, env string) {
	if domain == "" {
		return
	}
	name := env + "." + app + "." + domain
	res["EnvironmentHostedZone"] = map[string]any{"Type": "AWS::Route53::HostedZone", "Properties": map[string]any{
		"Name":             name,
		"HostedZoneConfig": map[string]any{"Comment": "HostedZone for environment " + env + " - " + name}}}
}

// defaultAlias adds a load-balanced web service's default record
// {svc}.{env}.{app}.{domain} as Copilot writes it: the RecordSetGroup
// LoadBalancerDNSAlias, with one A record aliasing the load balancer (a
// made-up one here: the fixture has none), in the environment's zone.
func defaultAlias(res map[string]any, app, domain, env string, w Workload) {
	if domain == "" || w.Type != "Load Balanced Web Service" {
		return
	}
	zone := env + "." + app + "." + domain + "."
	res["LoadBalancerDNSAlias"] = map[string]any{"Type": "AWS::Route53::RecordSetGroup", "Properties": map[string]any{
		"HostedZoneId": map[string]any{"Fn::ImportValue": app + "-" + env + "-HostedZone"},
		"Comment":      "LoadBalancer alias for service " + w.Name,
		"RecordSets": []any{map[string]any{"Name": w.Name + "." + zone, "Type": "A", "AliasTarget": map[string]any{
			"HostedZoneId": "Z35SXDOTRQ7X7K", "DNSName": "copilot-" + app + "-" + env + ".us-east-1.elb.amazonaws.com"}}}}}
}
