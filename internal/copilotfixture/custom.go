package copilotfixture

// Copilot's Lambda-backed custom resources, each with its function, as
// its environment and workload templates name them: in every environment
// DNS delegation (DelegateDNSAction), certificate validation (HTTPSCert)
// and custom domains (CustomDomainAction); in every workload the
// environment controller (EnvControllerAction); in a load-balanced web
// service the listener rule priority (HTTPRulePriorityAction) and the
// dynamic desired count (DynamicDesiredCountAction).

// customResource adds a custom resource and the function behind it.
func customResource(res map[string]any, id, typ, function string, props map[string]any) {
	res[function] = map[string]any{"Type": "AWS::Lambda::Function", "Properties": map[string]any{
		"Handler": "index.handler", "Runtime": "nodejs20.x", "Timeout": 900,
		"Code": map[string]any{"ZipFile": "exports.handler = async () => {};"},
		"Role": "arn:aws:iam::111111111111:role/CustomResourceRole"}}
	p := map[string]any{"ServiceToken": map[string]any{"Fn::GetAtt": []any{function, "Arn"}}}
	for k, v := range props {
		p[k] = v
	}
	res[id] = map[string]any{"Type": typ, "Properties": p}
}

// envCustomResources adds an environment's custom resources.
func envCustomResources(res map[string]any, app, env string) {
	customResource(res, "DelegateDNSAction", "Custom::DNSDelegationFunction", "DNSDelegationFunction",
		map[string]any{"DomainName": app + ".example.com", "SubdomainName": env + "." + app + ".example.com"})
	customResource(res, "HTTPSCert", "Custom::CertificateValidationFunction", "CertificateValidationFunction",
		map[string]any{"AppName": app, "EnvName": env, "DomainName": "example.com"})
	customResource(res, "CustomDomainAction", "Custom::CustomDomainFunction", "CustomDomainFunction",
		map[string]any{"AppName": app, "EnvName": env, "DomainName": "example.com"})
}

// workloadCustomResources adds a workload's custom resources.
func workloadCustomResources(res map[string]any, app, env string, w Workload) {
	customResource(res, "EnvControllerAction", "Custom::EnvControllerFunction", "EnvControllerFunction",
		map[string]any{"Workload": w.Name, "EnvStack": app + "-" + env, "Parameters": []any{"ALBWorkloads"}})
	if w.Type != "Load Balanced Web Service" {
		return
	}
	customResource(res, "HTTPRulePriorityAction", "Custom::RulePriorityFunction", "RulePriorityFunction",
		map[string]any{"RulePath": []any{"/"}})
	customResource(res, "DynamicDesiredCountAction", "Custom::DynamicDesiredCountFunction", "DynamicDesiredCountFunction",
		map[string]any{"App": app, "Env": env, "Svc": w.Name, "DefaultDesiredCount": "1"})
}
