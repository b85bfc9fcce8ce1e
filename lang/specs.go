package lang

// The schemas of every block of the language (docs/language.md describes each). A block type listed
// with an unsupported detail is part of the grammar but refused, so that no
// setting is silently ignored.

const notYet = "flightplan accepts this in the language but does not compile it into AWS resources yet. Remove it; it would otherwise do nothing."

var (
	credentialAttrs = []string{"profile", "role_arn"}

	domainSpec = mkSpec(append([]string{"name!", "zone_id", "account", "copilot_zones"}, credentialAttrs...), nil)

	appSpec = mkSpec(append([]string{"account!", "region!", "permissions_boundary", "tags"}, credentialAttrs...),
		map[string]blockSpec{"domain": {body: domainSpec}})

	addonSpec = mkSpec([]string{"template!", "parameters", "nested"}, nil)

	importSpec = mkSpec([]string{"vpc_id!", "public_subnet_ids", "private_subnet_ids"}, nil)

	// sgRuleSpec is one rule of the environment's security group (environment_hygiene.go).
	sgRuleSpec = mkSpec([]string{"ip_protocol!", "ports!", "cidr!"}, nil)

	// flow_logs = true beside flow_logs { retention } (environment_hygiene.go).
	envNetworkSpec = nativeAttrs(mkSpec([]string{"cidr", "azs", "public_subnets", "private_subnets"},
		map[string]blockSpec{"import": {body: importSpec}, "flow_logs": {body: mkSpec([]string{"retention"}, nil)},
			"security_group": {body: mkSpec(nil, map[string]blockSpec{"ingress": {body: sgRuleSpec, many: true}, "egress": {body: sgRuleSpec, many: true}})}}), "flow_logs")

	// envPrivateHTTPSpec is the internal load balancer's settings (environment_private.go).
	envPrivateHTTPSpec = mkSpec([]string{"certificates", "ssl_policy", "subnets"},
		map[string]blockSpec{"ingress": {body: mkSpec([]string{"vpc"}, nil)}})

	envHTTPSpec = mkSpec([]string{"certificates", "ssl_policy", "source_ips", "cdn"},
		map[string]blockSpec{"private": {body: envPrivateHTTPSpec}, "access_logs": {body: mkSpec([]string{"bucket_name!", "prefix"}, nil)}})

	// cdnSpec is an environment's CloudFront distribution (environment_cdn.go);
	// cdn = true beside the block (see spec.nativeAttrs).
	cdnSpec = mkSpec([]string{"certificate", "terminate_tls"},
		map[string]blockSpec{"static_assets": {body: mkSpec([]string{"location!", "alias", "path!"}, nil)}})

	environmentSpec = nativeAttrs(mkSpec(append([]string{"account", "region", "container_insights", "deletion_protection", "deploy_mode", "tags"}, credentialAttrs...),
		map[string]blockSpec{
			"cdn":      {body: cdnSpec},
			"network":  {body: envNetworkSpec},
			"http":     {body: envHTTPSpec},
			"addon":    {labels: []string{"name"}, body: addonSpec, many: true},
			"override": {body: overrideSpec, many: true},
		}), "cdn")

	buildSpec = mkSpec([]string{"context", "dockerfile", "target", "args", "cache_from"}, nil)

	imageSpec = mkSpec([]string{"location", "platform"}, map[string]blockSpec{"build": {body: buildSpec}})

	autoscalingSpec = mkSpec([]string{"min", "max", "cpu_percentage", "memory_percentage", "requests", "response_time", "queue_delay", "msg_processing_time", "scale_in_cooldown", "scale_out_cooldown", "spot_from"}, nil)

	healthcheckSpec = mkSpec([]string{"path", "port", "success_codes", "healthy_threshold", "unhealthy_threshold", "interval", "timeout", "grace_period"}, nil)

	// certificate is a static site's only (workload_site.go).
	serviceHTTPSpec = mkSpec([]string{"path", "alias", "hosted_zone", "deregistration_delay", "stickiness", "allowed_source_ips", "target_container", "target_port",
		"version", "redirect_to_https", "alb", "certificate"},
		map[string]blockSpec{"healthcheck": {body: healthcheckSpec}, "rule": {body: httpRuleSpec, many: true}})

	// httpRuleSpec is an additional routing rule (workload_routing.go).
	httpRuleSpec = mkSpec([]string{"path!", "alias", "hosted_zone", "deregistration_delay", "stickiness", "allowed_source_ips", "target_container", "target_port", "version"},
		map[string]blockSpec{"healthcheck": {body: healthcheckSpec}})

	nlbHealthcheckSpec = mkSpec([]string{"port", "healthy_threshold", "unhealthy_threshold", "interval", "timeout", "grace_period"}, nil)

	nlbListenerAttrs = []string{"port!", "target_container", "target_port", "ssl_policy", "stickiness", "deregistration_delay"}

	// nlbSpec is a service's network load balancer (workload_nlb.go).
	nlbSpec = mkSpec(append([]string{"alias"}, nlbListenerAttrs...), map[string]blockSpec{
		"healthcheck":         {body: nlbHealthcheckSpec},
		"additional_listener": {body: mkSpec(nlbListenerAttrs, map[string]blockSpec{"healthcheck": {body: nlbHealthcheckSpec}}), many: true},
	})

	workloadNetworkSpec = mkSpec([]string{"placement", "security_groups"}, nil)

	// serviceNetworkSpec adds Service Connect: connect = true beside
	// connect { alias } (workload_connect.go).
	serviceNetworkSpec = nativeAttrs(mkSpec([]string{"placement", "security_groups"},
		map[string]blockSpec{"connect": {body: mkSpec([]string{"alias"}, nil)}}), "connect")

	publishSpec = mkSpec(nil, map[string]blockSpec{
		"topic": {labels: []string{"name"}, body: mkSpec([]string{"fifo", "content_based_deduplication"}, nil), many: true},
	})

	fifoQueueSpec = mkSpec([]string{"content_based_deduplication", "deduplication_scope", "throughput_limit", "high_throughput"}, nil)

	queueSpec = mkSpec([]string{"retention", "timeout", "dead_letter_tries", "delay"}, map[string]blockSpec{"fifo": {body: fifoQueueSpec}})

	subscribeSpec = mkSpec(nil, map[string]blockSpec{
		"topic": {labels: []string{"name"}, body: mkSpec([]string{"service!", "filter_policy"}, map[string]blockSpec{"queue": {body: queueSpec}}), many: true},
		"queue": {body: queueSpec},
	})

	deploymentSpec = mkSpec([]string{"strategy", "rollback_alarms", "bake_time"},
		map[string]blockSpec{"test_listener": {body: mkSpec([]string{"port!"}, nil)}})

	loggingSpec = mkSpec([]string{"retention", "image", "destination", "enable_metadata", "secret_options", "config_file",
		"variables", "secrets", "env_file"}, nil)

	// containerHealthcheckSpec is a container's own health check (the
	// main container's or a sidecar's), not the load balancer's.
	containerHealthcheckSpec = mkSpec([]string{"command", "interval", "retries", "timeout", "start_period"}, nil)

	sidecarSpec = mkSpec([]string{"image!", "port", "essential", "command", "entrypoint", "variables", "secrets", "depends_on",
		"mount_points", "labels", "memory_reservation", "credentials_parameter", "env_file"},
		map[string]blockSpec{"healthcheck": {body: containerHealthcheckSpec}})

	// siteFilesSpec is a static site's files block (workload_site.go).
	siteFilesSpec = mkSpec([]string{"source!", "destination", "recursive", "exclude", "reinclude"}, nil)

	// image is required of every service but a static site (checked in
	// workload.go), and of every job.
	workloadAttrs = []string{"image", "cpu", "memory", "command", "entrypoint", "variables", "secrets", "environments", "depends_on",
		"labels", "container_depends_on", "env_file", "platform"}

	// http = false beside http { … } (see spec.nativeAttrs).
	serviceSpec = nativeAttrs(mkSpec(append([]string{"type!", "port", "count", "exec"}, workloadAttrs...),
		map[string]blockSpec{
			"autoscaling":      {body: autoscalingSpec},
			"http":             {body: serviceHTTPSpec},
			"nlb":              {body: nlbSpec},
			"network":          {body: serviceNetworkSpec},
			"publish":          {body: publishSpec},
			"subscribe":        {body: subscribeSpec},
			"deployment":       {body: deploymentSpec},
			"logging":          {body: loggingSpec},
			"addon":            {labels: []string{"name"}, body: addonSpec, many: true},
			"healthcheck":      {body: containerHealthcheckSpec},
			"sidecar":          {labels: []string{"name"}, body: sidecarSpec, many: true},
			"storage":          {body: storageSpec},
			"override":         {body: overrideSpec, many: true},
			"taskdef_override": {body: taskdefOverrideSpec, many: true},
			"files":            {body: siteFilesSpec, many: true},
		}), "http")

	jobSpec = mkSpec(append([]string{"schedule!", "timeout", "retries", "image!"}, workloadAttrs[1:]...),
		map[string]blockSpec{
			"network":     {body: workloadNetworkSpec},
			"logging":     {body: loggingSpec},
			"addon":       {labels: []string{"name"}, body: addonSpec, many: true},
			"healthcheck": {body: containerHealthcheckSpec},
			"sidecar":     {labels: []string{"name"}, body: sidecarSpec, many: true},
			"storage":     {body: storageSpec},
			// Copilot's scheduled jobs publish topics as services do.
			"publish":          {body: publishSpec},
			"override":         {body: overrideSpec, many: true},
			"taskdef_override": {body: taskdefOverrideSpec, many: true},
		})

	stageSpec = mkSpec([]string{"requires_approval", "test_commands", "depends_on"}, nil)

	pipelineSpec = mkSpec(nil, map[string]blockSpec{
		"source": {body: mkSpec([]string{"provider!", "repository!", "branch", "connection_arn"}, nil)},
		"build":  {body: mkSpec([]string{"image", "compute_type", "buildspec"}, nil)},
		"stage":  {labels: []string{"env"}, body: stageSpec, many: true},
	})

	variableSpec = mkSpec([]string{"type", "default", "description", "sensitive"},
		map[string]blockSpec{"validation": {body: mkSpec([]string{"condition!", "error_message!"}, nil), many: true}})

	// fileSpec is the top level of a file. locals bodies are decoded as
	// free-form attributes, so they are not listed here.
	fileSpec = mkSpec(nil, map[string]blockSpec{
		"app":         {labels: []string{"name"}, body: appSpec, many: true},
		"environment": {labels: []string{"name"}, body: environmentSpec, many: true},
		"image":       {labels: []string{"name"}, body: imageSpec, many: true},
		"service":     {labels: []string{"name"}, body: serviceSpec, many: true},
		"job":         {labels: []string{"name"}, body: jobSpec, many: true},
		"pipeline":    {labels: []string{"name"}, body: pipelineSpec, many: true},
		"variable":    {labels: []string{"name"}, body: variableSpec, many: true},
	})
)

// nativeAttrs sets the attributes of s that share their name with one of
// its blocks.
func nativeAttrs(s *spec, names ...string) *spec {
	s.nativeAttrs = names
	s.makeSchemas()
	return s
}
