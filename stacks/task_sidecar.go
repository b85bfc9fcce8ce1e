package stacks

import (
	"maps"
	"slices"
	"strings"

	"flightplan/schema"
)

// sidecars are the sidecars' container definitions, in file order.
func (ws *workloadStack) sidecars() list {
	var l list
	if fl := ws.deployment.Logging.FireLens; fl != nil {
		l = append(l, ws.logRouter(fl))
	}
	for _, sc := range ws.deployment.Sidecars {
		l = append(l, ws.sidecar(sc))
	}
	return l
}

// sidecar is one sidecar's container definition. It logs to the
// workload's log group like the main container, and gets the Copilot
// variables that name the app, environment and workload.
func (ws *workloadStack) sidecar(sc *schema.Sidecar) fields {
	ct := append(make(fields, 0, containerMembers),
		pair{"Name", sc.Name},
		pair{"Image", imageURI(ws.compiler.cfg, sc.Image, ws.env.Region, ws.compiler.opts.ImageTag)},
		pair{"Essential", sc.Essential},
		pair{"Environment", ws.sidecarEnvironment(sc)},
		pair{"LogConfiguration", ws.logConfiguration()},
	)
	if ports := ws.portMappings(sc.Name, sc.Port); len(ports) > 0 {
		ct.set("PortMappings", ports)
	}
	if len(sc.Command) > 0 {
		ct.set("Command", strs(sc.Command))
	}
	if len(sc.Entrypoint) > 0 {
		ct.set("EntryPoint", strs(sc.Entrypoint))
	}
	if len(sc.Secrets) > 0 {
		var secrets list
		for _, name := range slices.Sorted(maps.Keys(sc.Secrets)) {
			secrets = append(secrets, secretFrom(name, ws.secretRef(sc.Secrets[name]).valueFrom))
		}
		ct.set("Secrets", secrets)
	}
	if sc.MemoryReservation > 0 {
		ct.set("MemoryReservation", sc.MemoryReservation)
	}
	if sc.CredentialsParameter != "" {
		ct.set("RepositoryCredentials", mk(pair{"CredentialsParameter", sc.CredentialsParameter}))
	}
	containerSettings(&ct, sc.Healthcheck, sc.Labels, sc.DependsOn)
	ws.withEnvFile(&ct, sc.EnvFile)
	sidecarStorage(&ct, sc)
	return ct
}

// sidecarEnvironment is the sidecar's variables and the Copilot names of
// the app, environment and workload, sorted by name; Copilot's names win.
func (ws *workloadStack) sidecarEnvironment(sc *schema.Sidecar) list {
	vars := map[string]string{}
	maps.Copy(vars, sc.Variables)
	app := ws.compiler.cfg.App.Name
	vars["COPILOT_APPLICATION_NAME"] = app
	vars["COPILOT_ENVIRONMENT_NAME"] = ws.env.Name
	vars["COPILOT_SERVICE_NAME"] = ws.workload.Name
	vars["COPILOT_SERVICE_DISCOVERY_ENDPOINT"] = namespaceName(app, ws.env.Name)
	l := list{}
	for _, k := range slices.Sorted(maps.Keys(vars)) {
		l = append(l, variable(k, cfnString(vars[k])))
	}
	return l
}

// containerSettings adds what the main container and sidecars share: the
// health check, the docker labels and the containers this one waits for.
func containerSettings(ct *fields, hc *schema.ContainerHealthcheck, labels, dependsOn map[string]string) {
	if hc != nil {
		ct.set("HealthCheck", mk(
			pair{"Command", strs(hc.Command)},
			pair{"Interval", int(hc.Interval.Seconds())},
			pair{"Retries", hc.Retries},
			pair{"Timeout", int(hc.Timeout.Seconds())},
			pair{"StartPeriod", int(hc.StartPeriod.Seconds())},
		))
	}
	if len(labels) > 0 {
		m := obj{}
		for k, v := range labels {
			m[k] = v
		}
		ct.set("DockerLabels", m)
	}
	if len(dependsOn) > 0 {
		var deps list
		for _, name := range slices.Sorted(maps.Keys(dependsOn)) {
			deps = append(deps, mk(pair{"ContainerName", name}, pair{"Condition", strings.ToUpper(dependsOn[name])}))
		}
		ct.set("DependsOn", deps)
	}
}

// portMappings are a container's ports: its own, and each other port or
// protocol the load balancers send traffic to on it (service_rules.go).
func (ws *workloadStack) portMappings(name string, port int) list {
	var l list
	seen := map[lbTarget]bool{}
	if port > 0 {
		l = append(l, ws.nameConnectPort(fields{{"ContainerPort", port}, {"Protocol", "tcp"}}, name, port))
		seen[lbTarget{name, port, "tcp"}] = true
	}
	for _, t := range ws.lbTargets() {
		if t.container == name && !seen[t] {
			l = append(l, ws.nameConnectPort(fields{{"ContainerPort", t.port}, {"Protocol", t.protocol}}, name, t.port))
			seen[t] = true
		}
	}
	return l
}

// secretValues are the references of every secret the task's containers
// read, and of the registries' credentials: the execution role reads them
// all.
func (ws *workloadStack) secretValues() []string {
	var refs []string
	for _, v := range ws.deployment.Secrets {
		refs = append(refs, v)
	}
	for _, sc := range ws.deployment.Sidecars {
		for _, v := range sc.Secrets {
			refs = append(refs, v)
		}
		if sc.CredentialsParameter != "" {
			refs = append(refs, sc.CredentialsParameter)
		}
	}
	if fl := ws.deployment.Logging.FireLens; fl != nil {
		refs = append(refs, slices.Collect(maps.Values(fl.Secrets))...)
		refs = append(refs, slices.Collect(maps.Values(fl.SecretOptions))...)
	}
	return refs
}
