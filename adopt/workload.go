package adopt

import (
	"fmt"
	"strings"
)

// serviceTypes maps Copilot's workload types to flightplan's.
var serviceTypes = map[string]string{
	"Load Balanced Web Service":  "load-balanced-web",
	"Backend Service":            "backend",
	"Worker Service":             "worker",
	"Request-Driven Web Service": "request-driven-web",
	"Static Site":                "static-site",
}

// translator writes one workload's block for one environment, recording
// what it could not map.
type translator struct {
	w           Workload
	env         string
	images      map[string]*block // image blocks the workload needs, by name
	unsupported []Unsupported
}

// workloadBlock maps a workload's manifest, as it is in one environment
// (its overrides merged), to a service or job block.
func (t *translator) workloadBlock(m map[string]any) *block {
	f := newFields("", m)
	f.get("name")
	f.get("type")
	var b *block
	if t.w.Type == "Scheduled Job" {
		b = newBlock("job", t.w.Name)
		t.schedule(b, f)
	} else {
		b = newBlock("service", t.w.Name)
		b.attr("type", serviceTypes[t.w.Type])
	}
	if t.w.Type == "Static Site" {
		t.staticSite(b, f)
		return b
	}
	t.image(b, f.sub("image"))
	for _, k := range []string{"cpu", "memory"} {
		b.attr(k, number(f.get(k)))
	}
	t.count(b, f.get("count"))
	if v := f.get("exec"); v != nil {
		b.attr("exec", v)
	}
	t.platform(b, f)
	t.container(b, f)
	t.http(b, f)
	t.nlb(b, f.sub("nlb"))
	t.storage(b, f.sub("storage"))
	t.network(b, f.sub("network"))
	t.publish(b, f.sub("publish"))
	t.subscribe(b, f.sub("subscribe"))
	t.deployment(b, f.sub("deployment"))
	t.logging(b, f.sub("logging"))
	t.sidecars(b, f.sub("sidecars"))
	t.taskdefOverrides(b, f.get("taskdef_overrides"))
	t.rest(b, f)
	return b
}

// cannot notes a field that flightplan cannot express, at its place.
func (t *translator) cannot(b *block, path, reason string) {
	if path == "environments" || path == "build" {
		return
	}
	t.unsupported = append(t.unsupported, Unsupported{Where: t.kind() + " " + t.w.Name + ": " + path, Reason: reason})
	b.note(fmt.Sprintf("copilot manifest %s: %s", path, reason))
}

func (t *translator) kind() string {
	if t.w.Type == "Scheduled Job" {
		return "job"
	}
	return "service"
}

func (t *translator) schedule(b *block, f *fields) {
	on := f.sub("on")
	if on != nil {
		b.attr("schedule", on.str("schedule"))
		t.rest(b, on)
	}
	if v := f.get("timeout"); v != nil {
		b.attr("timeout", duration(v))
	}
	b.attr("retries", number(f.get("retries")))
}

// image maps image.build to an image block named after the workload, and
// image.location to the image's URI.
func (t *translator) image(b *block, f *fields) {
	if f == nil {
		return
	}
	switch {
	case f.has("build"):
		img := newBlock("image", t.w.Name)
		build := img.child("build")
		switch v := f.get("build").(type) {
		case string:
			build.attr("dockerfile", v)
		case map[string]any:
			bf := newFields(f.join("build"), v)
			build.attr("context", nonEmpty(bf.str("context")))
			build.attr("dockerfile", nonEmpty(bf.str("dockerfile")))
			build.attr("target", nonEmpty(bf.str("target")))
			if a := stringMap(bf.get("args")); len(a) > 0 {
				build.attr("args", a)
			}
			if c := strList(bf.get("cache_from")); len(c) > 0 {
				build.attr("cache_from", c)
			}
			t.rest(b, bf)
		}
		t.images[t.w.Name] = img
		b.rawAttr("image", "image."+t.w.Name)
	case f.has("location"):
		b.attr("image", f.str("location"))
	}
	b.attr("port", number(f.get("port")))
	if hc := f.sub("healthcheck"); hc != nil {
		containerHealthcheck(b.child("healthcheck"), hc)
	}
	if d := stringMap(f.get("depends_on")); len(d) > 0 {
		b.attr("container_depends_on", d)
	}
	if l := stringMap(f.get("docker_labels")); len(l) > 0 {
		b.attr("labels", l)
	}
	t.rest(b, f)
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func containerHealthcheck(b *block, f *fields) {
	if v := f.get("command"); v != nil {
		b.attr("command", commandList(v))
	}
	for _, k := range []string{"interval", "timeout", "start_period"} {
		b.attr(k, duration(f.get(k)))
	}
	b.attr("retries", number(f.get("retries")))
}

// count maps count: a number, or Copilot's autoscaling mapping (range,
// cpu_percentage, …).
func (t *translator) count(b *block, v any) {
	switch v := v.(type) {
	case nil:
	case int:
		b.attr("count", v)
	case map[string]any:
		f := newFields("count", v)
		if f.has("spot") && !f.has("range") {
			b.attr("count", map[string]any{"spot": number(f.get("spot"))})
			t.rest(b, f)
			return
		}
		a := b.child("autoscaling")
		t.countRange(a, f)
		for _, k := range []string{"cpu_percentage", "memory_percentage", "requests"} {
			a.attr(k, number(f.get(k)))
		}
		for _, k := range []string{"response_time", "queue_delay"} {
			if q := f.get(k); q != nil {
				a.attr(k, duration(q))
			}
		}
		if c := f.sub("cooldown"); c != nil {
			a.attr("scale_in_cooldown", duration(c.get("in")))
			a.attr("scale_out_cooldown", duration(c.get("out")))
		}
		t.rest(b, f)
	}
}

func (t *translator) countRange(a *block, f *fields) {
	switch r := f.get("range").(type) {
	case string:
		lo, hi, ok := strings.Cut(r, "-")
		if ok {
			a.attr("min", number(lo))
			a.attr("max", number(hi))
		}
	case map[string]any:
		rf := newFields("count.range", r)
		a.attr("min", number(rf.get("min")))
		a.attr("max", number(rf.get("max")))
		if rf.has("spot_from") {
			a.attr("spot_from", number(rf.get("spot_from")))
		}
	}
}

// secrets maps secrets: SSM parameter names as they are; Copilot's
// secretsmanager form to { secretsmanager = … } and from_cfn to
// import_value(…).
func (t *translator) secrets(b *block, v any) {
	if out := t.secretMap(b, "secrets", v); len(out) > 0 {
		b.attr("secrets", out)
	}
}

// secretMap maps a map of secrets found at path (secrets, secretOptions).
func (t *translator) secretMap(b *block, path string, v any) map[string]any {
	m, _ := v.(map[string]any)
	out := map[string]any{}
	for _, k := range sortedKeys(m) {
		switch s := m[k].(type) {
		case string:
			out[k] = s
		case map[string]any:
			if v, ok := s["secretsmanager"].(string); ok && len(s) == 1 {
				out[k] = map[string]any{"secretsmanager": v}
			} else if v, ok := s["from_cfn"].(string); ok && len(s) == 1 {
				out[k] = importValue(v)
			} else {
				t.cannot(b, path+"."+k, "a secret mapping other than secretsmanager or from_cfn is not known")
			}
		default:
			t.cannot(b, path+"."+k, "a secret must be a parameter name, an ARN, or a mapping with secretsmanager or from_cfn")
		}
	}
	return out
}

// container maps what every container has: command, entrypoint,
// variables and secrets.
func (t *translator) container(b *block, f *fields) {
	for _, k := range []string{"command", "entrypoint"} {
		if v := f.get(k); v != nil {
			b.attr(k, commandList(v))
		}
	}
	if v := variables(f.get("variables")); len(v) > 0 {
		b.attr("variables", v)
	}
	t.secrets(b, f.get("secrets"))
}

// taskdefOverrides maps Copilot's taskdef_overrides rules one for one.
func (t *translator) taskdefOverrides(b *block, v any) {
	rules, _ := v.([]any)
	for _, r := range rules {
		m, _ := r.(map[string]any)
		rf := newFields("taskdef_overrides", m)
		ob := b.child("taskdef_override")
		ob.attr("path", rf.str("path"))
		ob.attr("value", rf.get("value"))
		t.rest(ob, rf)
	}
}

// importValue is import_value("NAME"), Copilot's from_cfn.
func importValue(name string) expr { return expr("import_value(" + quote(name) + ")") }

// variables maps variables: strings as they are, { from_cfn = NAME } to
// import_value.
func variables(v any) map[string]any {
	m, _ := v.(map[string]any)
	out := map[string]any{}
	for k, x := range m {
		if mm, ok := x.(map[string]any); ok {
			if name, ok := mm["from_cfn"].(string); ok && len(mm) == 1 {
				out[k] = importValue(name)
				continue
			}
		}
		out[k] = fmt.Sprint(x)
	}
	return out
}

// platform maps a platform string: a Linux one as it is; Copilot's
// windows/x86_64 is Windows Server 2019 Core, as Copilot deploys it.
func (t *translator) platform(b *block, f *fields) {
	switch p := f.get("platform").(type) {
	case nil:
	case string:
		switch p {
		case "linux/amd64", "linux/x86_64", "linux/arm64":
			b.attr("platform", p)
		case "windows/amd64", "windows/x86_64":
			b.attr("platform", "windows_server_2019_core")
		default:
			t.cannot(b, "platform", "only linux/amd64, linux/arm64 and windows/x86_64 are mapped")
		}
	default:
		t.cannot(b, "platform", "the mapping form (osfamily, architecture) is not mapped yet: write platform as a string")
	}
}
