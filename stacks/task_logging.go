package stacks

import (
	"maps"
	"slices"
	"strconv"

	"flightplan/schema"
)

// mainLogConfiguration is the main container's: through the FireLens
// router when the workload has one (Copilot's logconfig), else to the log
// group.
func (ws *workloadStack) mainLogConfiguration() any {
	fl := ws.deployment.Logging.FireLens
	if fl == nil {
		return ws.logConfiguration()
	}
	lc := obj{"LogDriver": "awsfirelens"}
	if len(fl.Destination) > 0 {
		opts := obj{}
		for k, v := range fl.Destination {
			opts[k] = v
		}
		lc["Options"] = opts
	}
	if len(fl.SecretOptions) > 0 {
		lc["SecretOptions"] = ws.secretList(fl.SecretOptions)
	}
	return lc
}

// logRouter is FireLens's Fluent Bit container, Copilot's
// firelens_log_router: it logs to the log group itself and is essential
// (ECS's default, which Copilot's template leaves implicit).
func (ws *workloadStack) logRouter(fl *schema.FireLens) fields {
	ct := ws.sidecar(&schema.Sidecar{
		Name:      schema.FireLensContainerName,
		Image:     schema.ImageRef{URI: fl.Image, Platform: ws.deployment.Image.Platform},
		Variables: fl.Variables,
		Secrets:   fl.Secrets,
		EnvFile:   fl.EnvFile,
	})
	ct.del("Essential")
	opts := obj{"enable-ecs-log-metadata": strconv.FormatBool(fl.EnableMetadata)}
	if fl.ConfigFile != "" {
		opts["config-file-type"] = "file"
		opts["config-file-value"] = fl.ConfigFile
	}
	ct.set("FirelensConfiguration", mk(pair{"Type", "fluentbit"}, pair{"Options", opts}))
	return ct
}

// secretList is a container's list of secrets, sorted by name.
func (ws *workloadStack) secretList(m map[string]string) list {
	var l list
	for _, name := range slices.Sorted(maps.Keys(m)) {
		l = append(l, secretFrom(name, ws.secretRef(m[name]).valueFrom))
	}
	return l
}
