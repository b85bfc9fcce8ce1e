package lang

import (
	"slices"
	"strings"
	"time"

	"flightplan/schema"
)

// containers reads the settings of the task's containers: the main
// container's health check, labels and dependencies, and the sidecars.
func (l *loader) containers(e *evaluator, n *node, d *schema.Deployment) {
	d.Healthcheck = containerHealthcheck(e, n.block("healthcheck"))
	e.strMap(n, "labels", &d.Labels)
	conditions(e, n, "container_depends_on", &d.ContainerDependsOn)
	first := map[string]*node{}
	for _, sn := range n.Blocks["sidecar"] {
		if f := first[sn.Labels[0]]; f != nil {
			e.errorf(sn.labelRange(), "Duplicate sidecar", "There is already a sidecar %q at %s; give each sidecar its own name.", sn.Labels[0], f.DefRange)
			continue
		}
		first[sn.Labels[0]] = sn
		if sc := l.sidecar(e, sn, d); sc != nil {
			d.Sidecars = append(d.Sidecars, sc)
		}
	}
}

// sidecar reads one sidecar block; nil when its name is unusable
// (reported).
func (l *loader) sidecar(e *evaluator, n *node, d *schema.Deployment) *schema.Sidecar {
	sc := &schema.Sidecar{Name: n.Labels[0], Essential: true}
	if err := schema.CheckContainerName(sc.Name); err != nil {
		e.errorf(n.labelRange(), "Invalid sidecar name", "%s.", capitalize(err.Error()))
		return nil
	}
	if sc.Name == d.Workload {
		e.errorf(n.labelRange(), "Sidecar named after its workload",
			"The main container of the task is named %q, after its service or job; give the sidecar another name.", d.Workload)
		return nil
	}
	if sc.Name == schema.FireLensContainerName && d.Logging.FireLens != nil {
		e.errorf(n.labelRange(), "Sidecar named after the log router",
			"The logging block adds FireLens's container, named %q as in Copilot; give the sidecar another name.", sc.Name)
		return nil
	}
	sc.Image = l.imageRef(e, n)
	if a := n.attr("image"); a != nil && sc.Image.Name != "" && d.Image.Platform != "" && sc.Image.Platform != d.Image.Platform {
		e.errorf(a.Expr.Range(), "Sidecar image of another platform",
			"Image %q is %s but the task runs %s, the platform of its main image; every container of a task runs on one platform. A sidecar given as a URI is taken to match.",
			sc.Image.Name, sc.Image.Platform, d.Image.Platform)
	}
	if a := e.integer(n, "port", &sc.Port); a != nil {
		e.check(a, "Invalid port", schema.CheckPort(sc.Port))
	}
	e.flag(n, "essential", &sc.Essential)
	e.strs(n, "command", &sc.Command)
	e.strs(n, "entrypoint", &sc.Entrypoint)
	e.strMap(n, "variables", &sc.Variables)
	e.secretRefs(n, &sc.Secrets)
	for _, k := range sortedNames(sc.Secrets) {
		l.cfg.Sensitive = append(l.cfg.Sensitive, sc.Secrets[k])
	}
	sc.Healthcheck = containerHealthcheck(e, n.block("healthcheck"))
	conditions(e, n, "depends_on", &sc.DependsOn)
	e.strMap(n, "labels", &sc.Labels)
	e.intIn(n, "memory_reservation", "memory_reservation", &sc.MemoryReservation, 6, 1<<20)
	credentialsParameter(e, n, sc)
	sc.MountPoints = mountPoints(e, n, d.Storage)
	sc.EnvFile = l.envFile(e, n)
	return sc
}

// credentialsParameter reads the ARN of the secret that holds a private
// registry's credentials.
func credentialsParameter(e *evaluator, n *node, sc *schema.Sidecar) {
	var arn string
	a := e.str(n, "credentials_parameter", &arn)
	if a == nil {
		return
	}
	if err := schema.CheckSecretRef(arn); err != nil || !isSecretsManagerARN(arn) {
		e.errorf(a.Expr.Range(), "Invalid credentials_parameter",
			"credentials_parameter must be the ARN of a Secrets Manager secret (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME) holding the registry's username and password.")
		return
	}
	sc.CredentialsParameter = arn
}

func isSecretsManagerARN(s string) bool {
	parts := strings.SplitN(s, ":", 7)
	return len(parts) >= 7 && parts[0] == "arn" && parts[2] == "secretsmanager" && parts[5] == "secret"
}

// containerHealthcheck reads a container health check block; nil when
// there is none. ECS's ranges: interval 5s–300s, timeout 2s–60s, retries
// 1–10, start period 0–300s.
func containerHealthcheck(e *evaluator, n *node) *schema.ContainerHealthcheck {
	if n == nil {
		return nil
	}
	hc := schema.DefaultContainerHealthcheck()
	if a := e.strs(n, "command", &hc.Command); a != nil {
		e.check(a, "Invalid health check command", schema.CheckHealthcheckCommand(hc.Command))
	}
	iv := e.durationIn(n, "interval", "health check interval", &hc.Interval, 5*time.Second, 300*time.Second)
	to := e.durationIn(n, "timeout", "health check timeout", &hc.Timeout, 2*time.Second, 60*time.Second)
	e.intIn(n, "retries", "health check retries", &hc.Retries, 1, 10)
	e.durationIn(n, "start_period", "health check start_period", &hc.StartPeriod, 0, 300*time.Second)
	e.timeoutBelowInterval(hc.Timeout, hc.Interval, to, iv)
	return hc
}

// conditions reads a map of container names to dependency conditions.
func conditions(e *evaluator, n *node, name string, dst *map[string]string) {
	var m map[string]string
	if e.strMap(n, name, &m) == nil {
		return
	}
	out := map[string]string{}
	for _, k := range sortedNames(m) {
		if !slices.Contains(schema.Conditions, m[k]) {
			e.errorf(valueRange(n, name, k), "Invalid dependency condition",
				"%q is not a condition; use one of %s.", m[k], known(schema.Conditions))
			continue
		}
		out[k] = m[k]
	}
	*dst = out
}
