package lang

import (
	"slices"

	"flightplan/schema"
)

// logging reads the logging block: the log group's retention, and
// FireLens when any other attribute is set (Copilot's rule).
func (l *loader) logging(e *evaluator, n *node, d *schema.Deployment) schema.Logging {
	lg := schema.Logging{Retention: schema.DefaultLogRetention}
	a := e.integer(n, "retention", &lg.Retention)
	if a != nil && !slices.Contains(logRetentionDays, lg.Retention) {
		e.errorf(a.Expr.Range(), "Invalid log retention", "CloudWatch Logs does not accept %d days; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653.", lg.Retention)
		lg.Retention = schema.DefaultLogRetention
	}
	if n == nil || !usesFireLens(n) {
		return lg
	}
	if d.Type == schema.TypeRequestDriven {
		e.errorf(n.DefRange, "FireLens is not available on a request-driven-web service",
			"App Runner sends a request-driven service's logs to CloudWatch itself; keep only retention in its logging block.")
		return lg
	}
	fl := &schema.FireLens{Image: schema.DefaultFluentBitImage, EnableMetadata: true}
	if a := e.str(n, "image", &fl.Image); a != nil && fl.Image == "" {
		e.errorf(a.Expr.Range(), "Empty image", "Set logging's image to the URI of a Fluent Bit image, or leave it out for %s.", schema.DefaultFluentBitImage)
	}
	e.strMap(n, "destination", &fl.Destination)
	e.secretMap(n, "secret_options", &fl.SecretOptions)
	e.flag(n, "enable_metadata", &fl.EnableMetadata)
	e.str(n, "config_file", &fl.ConfigFile)
	e.strMap(n, "variables", &fl.Variables)
	e.secretRefs(n, &fl.Secrets)
	fl.EnvFile = l.envFile(e, n)
	for _, m := range []map[string]string{fl.SecretOptions, fl.Secrets} {
		for _, k := range sortedNames(m) {
			l.cfg.Sensitive = append(l.cfg.Sensitive, m[k])
		}
	}
	lg.FireLens = fl
	return lg
}

// usesFireLens reports whether the logging block sets anything besides
// retention.
func usesFireLens(n *node) bool {
	for _, name := range []string{"image", "destination", "enable_metadata", "secret_options", "config_file", "variables", "secrets", "env_file"} {
		if n.attr(name) != nil {
			return true
		}
	}
	return false
}
