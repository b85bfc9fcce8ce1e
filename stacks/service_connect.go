package stacks

// Service Connect (network.connect), as Copilot configures it: the ECS
// service joins the environment's Cloud Map namespace ({env}.{app}.local)
// as a Service Connect namespace, logs its proxy to the workload's log
// group, and, when it has a port, serves the port mapping named "target"
// (the load balancer's target, else the main container's port) under the
// discovery name {svc}-sc (apart from the service's DNS registration) and
// the alias {svc}, or connect { alias }. Services without connect get no
// ServiceConnectConfiguration, so their templates stay as they were
// (Copilot writes Enabled: false there).

// connectPortName is the name of the port mapping Service Connect serves.
const connectPortName = "target"

// serviceConnect adds the ServiceConnectConfiguration of an ECS service
// that has network.connect.
func (ws *workloadStack) serviceConnect(svc *fields) {
	sc := ws.deployment.Network.Connect
	if sc == nil {
		return
	}
	cfg := obj{
		"Enabled":   true,
		"Namespace": namespaceName(ws.compiler.cfg.App.Name, ws.env.Name),
		"LogConfiguration": mk(pair{"LogDriver", "awslogs"}, pair{"Options", mk(
			pair{"awslogs-region", ws.env.Region}, pair{"awslogs-group", ref("LogGroup")}, pair{"awslogs-stream-prefix", "copilot"},
		)}),
	}
	if _, port, ok := ws.connectTarget(); ok {
		alias := sc.Alias
		if alias == "" {
			alias = ws.workload.Name
		}
		cfg["Services"] = list{mk(
			pair{"PortName", connectPortName},
			pair{"DiscoveryName", ws.workload.Name + "-sc"},
			pair{"ClientAliases", mkList(mk(pair{"Port", port}, pair{"DnsName", alias}))},
		)}
	}
	svc.set("ServiceConnectConfiguration", cfg)
}

// connectTarget is the container and port Service Connect serves: the
// main routing rule's target when the service has one, else the main
// container's port; ok is false when there is none (a client only).
func (ws *workloadStack) connectTarget() (string, int, bool) {
	if ws.deployment.Network.Connect == nil {
		return "", 0, false
	}
	name, port := ws.workload.Name, ws.deployment.Port
	if h := ws.routing(); h != nil {
		name, port = ws.ruleTarget(h)
	}
	return name, port, port > 0
}

// nameConnectPort names a port mapping "target" when it is the one
// Service Connect serves.
func (ws *workloadStack) nameConnectPort(pm fields, container string, port int) fields {
	if name, p, ok := ws.connectTarget(); ok && name == container && p == port {
		pm = append(pm, pair{"Name", connectPortName})
	}
	return pm
}
