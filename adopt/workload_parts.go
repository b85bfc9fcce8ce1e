package adopt

// The parts of a workload's manifest that map to nested blocks.

func (t *translator) rest(b *block, f *fields) {
	for _, p := range f.rest() {
		t.cannot(b, p, "flightplan has no equivalent yet")
	}
}

// http maps http (a mapping; false on a backend means none) and its
// additional_rules.
func (t *translator) http(b *block, f *fields) {
	if v, ok := f.m["http"].(bool); ok && !v {
		f.get("http")
		b.attr("http", false)
		return
	}
	h := f.sub("http")
	if h == nil {
		return
	}
	hb := b.child("http")
	if v := h.get("redirect_to_https"); v != nil {
		hb.attr("redirect_to_https", v)
	}
	rules := h.get("additional_rules")
	t.routing(hb, h)
	t.rules(hb, rules)
}

// routing maps what the main rule and an additional rule share.
func (t *translator) routing(hb *block, h *fields) {
	hb.attr("path", nonEmpty(h.str("path")))
	if a := aliases(h.get("alias")); len(a) > 0 {
		hb.attr("alias", a)
	}
	hb.attr("hosted_zone", nonEmpty(h.str("hosted_zone")))
	if v := h.get("deregistration_delay"); v != nil {
		hb.attr("deregistration_delay", duration(v))
	}
	if v := h.get("stickiness"); v != nil {
		hb.attr("stickiness", v)
	}
	if ips := strList(h.get("allowed_source_ips")); len(ips) > 0 {
		hb.attr("allowed_source_ips", ips)
	}
	hb.attr("target_container", nonEmpty(h.str("target_container")))
	hb.attr("target_port", number(h.get("target_port")))
	hb.attr("version", nonEmpty(h.str("version")))
	switch hc := h.get("healthcheck").(type) {
	case string:
		hb.child("healthcheck").attr("path", hc)
	case map[string]any:
		t.lbHealthcheck(hb.child("healthcheck"), newFields(h.join("healthcheck"), hc))
	}
	t.rest(hb, h)
}

// aliases reads http.alias: a name, a list of names, or a list of
// {name, hosted_zone}, kept as objects when they name a zone.
func aliases(v any) []any {
	list, ok := v.([]any)
	if !ok {
		var out []any
		for _, s := range strList(v) {
			out = append(out, s)
		}
		return out
	}
	var out []any
	for _, e := range list {
		switch e := e.(type) {
		case string:
			out = append(out, e)
		case map[string]any:
			n, ok := e["name"].(string)
			if !ok {
				continue
			}
			if z, ok := e["hosted_zone"].(string); ok && z != "" {
				out = append(out, map[string]any{"name": n, "hosted_zone": z})
			} else {
				out = append(out, n)
			}
		}
	}
	return out
}

func (t *translator) lbHealthcheck(b *block, f *fields) {
	b.attr("path", nonEmpty(f.str("path")))
	b.attr("port", number(f.get("port")))
	b.attr("success_codes", nonEmpty(f.str("success_codes")))
	b.attr("healthy_threshold", number(f.get("healthy_threshold")))
	b.attr("unhealthy_threshold", number(f.get("unhealthy_threshold")))
	for _, k := range []string{"interval", "timeout", "grace_period"} {
		b.attr(k, duration(f.get(k)))
	}
	t.rest(b, f)
}

// network maps network.vpc.placement and security_groups.
func (t *translator) network(b *block, f *fields) {
	if f == nil {
		return
	}
	vpc := f.sub("vpc")
	if vpc != nil {
		nb := b.child("network")
		nb.attr("placement", nonEmpty(vpc.str("placement")))
		if sg := strList(vpc.get("security_groups")); len(sg) > 0 {
			nb.attr("security_groups", sg)
		}
		t.rest(nb, vpc)
	}
	t.connect(b, f)
	t.rest(b, f)
}

func (t *translator) publish(b *block, f *fields) {
	if f == nil {
		return
	}
	topics, _ := f.get("topics").([]any)
	pb := b.child("publish")
	for _, e := range topics {
		m, _ := e.(map[string]any)
		tf := newFields("publish.topics", m)
		tb := pb.child("topic", tf.str("name"))
		switch v := tf.get("fifo").(type) {
		case bool:
			tb.attr("fifo", v)
		case map[string]any:
			tb.attr("fifo", true)
			ff := newFields("publish.topics.fifo", v)
			if x := ff.get("content_based_deduplication"); x != nil {
				tb.attr("content_based_deduplication", x)
			}
			t.rest(tb, ff)
		}
		t.rest(tb, tf)
	}
	t.rest(pb, f)
}

func (t *translator) subscribe(b *block, f *fields) {
	if f == nil {
		return
	}
	sb := b.child("subscribe")
	topics, _ := f.get("topics").([]any)
	for _, e := range topics {
		m, _ := e.(map[string]any)
		tf := newFields("subscribe.topics", m)
		tb := sb.child("topic", tf.str("name"))
		tb.attr("service", nonEmpty(tf.str("service")))
		if fp, ok := tf.get("filter_policy").(map[string]any); ok {
			tb.attr("filter_policy", fp)
		}
		switch q := tf.get("queue").(type) {
		case bool:
			if q {
				tb.child("queue")
			}
		case map[string]any:
			t.queue(tb.child("queue"), newFields(tf.join("queue"), q))
		}
		t.rest(tb, tf)
	}
	if q := f.sub("queue"); q != nil {
		t.queue(sb.child("queue"), q)
	}
	t.rest(sb, f)
}

func (t *translator) deployment(b *block, f *fields) {
	if f == nil {
		return
	}
	db := b.child("deployment")
	if f.str("rolling") == "recreate" {
		db.attr("strategy", "recreate")
	}
	if f.has("rolling") && f.str("rolling") != "recreate" && f.str("rolling") != "default" {
		t.cannot(db, "deployment.rolling", "only \"default\" and \"recreate\" are known")
	}
	t.rest(db, f)
}

func (t *translator) logging(b *block, f *fields) {
	if f == nil {
		return
	}
	lb := b.child("logging")
	lb.attr("retention", number(f.get("retention")))
	lb.attr("image", f.get("image"))
	if v := stringMap(f.get("destination")); len(v) > 0 {
		lb.attr("destination", v)
	}
	lb.attr("enable_metadata", f.get("enableMetadata"))
	if v := t.secretMap(lb, "logging.secretOptions", f.get("secretOptions")); len(v) > 0 {
		lb.attr("secret_options", v)
	}
	lb.attr("config_file", f.get("configFilePath"))
	if v := variables(f.get("variables")); len(v) > 0 {
		lb.attr("variables", v)
	}
	if v := t.secretMap(lb, "logging.secrets", f.get("secrets")); len(v) > 0 {
		lb.attr("secrets", v)
	}
	t.rest(lb, f)
}

func (t *translator) sidecars(b *block, f *fields) {
	if f == nil {
		return
	}
	for _, name := range sortedKeys(f.m) {
		m, _ := f.get(name).(map[string]any)
		sf := newFields("sidecars."+name, m)
		sb := b.child("sidecar", name)
		switch img := sf.get("image").(type) {
		case string:
			sb.attr("image", img)
		case map[string]any:
			t.cannot(sb, "sidecars."+name+".image", "a sidecar image that Copilot builds is not mapped yet: add an image block and refer to it")
		}
		sb.attr("port", number(sf.get("port")))
		if v := sf.get("essential"); v != nil {
			sb.attr("essential", v)
		}
		t.container(sb, sf)
		if hc := sf.sub("healthcheck"); hc != nil {
			containerHealthcheck(sb.child("healthcheck"), hc)
		}
		if d := stringMap(sf.get("depends_on")); len(d) > 0 {
			sb.attr("depends_on", d)
		}
		if l := stringMap(sf.get("labels")); len(l) > 0 {
			sb.attr("labels", l)
		}
		sb.attr("memory_reservation", number(sf.get("memory_reservation")))
		sb.attr("credentials_parameter", nonEmpty(sf.str("credentialsParameter")))
		t.mountPoints(sb, sf.get("mount_points"))
		t.rest(sb, sf)
	}
}

// connect maps network.connect: true, or { alias }.
func (t *translator) connect(b *block, f *fields) {
	switch v := f.get("connect").(type) {
	case bool:
		b.sub("network").attr("connect", v)
	case map[string]any:
		cf := newFields("network.connect", v)
		cb := b.sub("network").child("connect")
		cb.attr("alias", nonEmpty(cf.str("alias")))
		t.rest(cb, cf)
	}
}
