package adopt

// Mappings of the manifest fields that came with storage, network load
// balancers, routing rules and per-topic queues.

// storage maps storage: ephemeral, readonly_fs, and each volume with its
// efs (true, or an existing file system's settings).
func (t *translator) storage(b *block, f *fields) {
	if f == nil {
		return
	}
	sb := b.child("storage")
	sb.attr("ephemeral", number(f.get("ephemeral")))
	if v := f.get("readonly_fs"); v != nil {
		sb.attr("readonly_fs", v)
	}
	if vols := f.sub("volumes"); vols != nil {
		for _, name := range sortedKeys(vols.m) {
			m, _ := vols.get(name).(map[string]any)
			vf := newFields("storage.volumes."+name, m)
			vb := sb.child("volume", name)
			vb.attr("path", nonEmpty(vf.str("path")))
			if v := vf.get("read_only"); v != nil {
				vb.attr("read_only", v)
			}
			if v := vf.get("efs"); v != nil {
				vb.attr("efs", v)
			}
			t.rest(vb, vf)
		}
	}
	t.rest(sb, f)
}

// mountPoints maps a sidecar's mount_points as they are.
func (t *translator) mountPoints(b *block, v any) {
	if list, ok := v.([]any); ok && len(list) > 0 {
		b.attr("mount_points", list)
	}
}

// nlb maps nlb and its additional_listeners.
func (t *translator) nlb(b *block, f *fields) {
	if f == nil {
		return
	}
	nb := b.child("nlb")
	t.nlbListener(nb, f)
	if a := aliases(f.get("alias")); len(a) > 0 {
		nb.attr("alias", a)
	}
	list, _ := f.get("additional_listeners").([]any)
	for _, l := range list {
		m, _ := l.(map[string]any)
		lf := newFields("nlb.additional_listeners", m)
		lb := nb.child("additional_listener")
		t.nlbListener(lb, lf)
		t.rest(lb, lf)
	}
	t.rest(nb, f)
}

func (t *translator) nlbListener(b *block, f *fields) {
	b.attr("port", nonEmpty(f.str("port")))
	b.attr("target_container", nonEmpty(f.str("target_container")))
	b.attr("target_port", number(f.get("target_port")))
	b.attr("ssl_policy", nonEmpty(f.str("ssl_policy")))
	if v := f.get("stickiness"); v != nil {
		b.attr("stickiness", v)
	}
	if v := f.get("deregistration_delay"); v != nil {
		b.attr("deregistration_delay", duration(v))
	}
	if hc := f.sub("healthcheck"); hc != nil {
		t.lbHealthcheck(b.child("healthcheck"), hc)
	}
}

// rules maps http.additional_rules to rule blocks.
func (t *translator) rules(hb *block, v any) {
	list, _ := v.([]any)
	for _, r := range list {
		m, _ := r.(map[string]any)
		rf := newFields("http.additional_rules", m)
		t.routing(hb.child("rule"), rf)
	}
}

// queue maps a queue's settings (subscribe.queue, or a topic's own).
func (t *translator) queue(qb *block, q *fields) {
	qb.attr("retention", duration(q.get("retention")))
	qb.attr("timeout", duration(q.get("timeout")))
	if v := q.get("delay"); v != nil {
		qb.attr("delay", duration(v))
	}
	if dl := q.sub("dead_letter"); dl != nil {
		qb.attr("dead_letter_tries", number(dl.get("tries")))
		t.rest(qb, dl)
	}
	switch v := q.get("fifo").(type) {
	case bool:
		if v {
			qb.child("fifo")
		}
	case map[string]any:
		ff := newFields(q.join("fifo"), v)
		fb := qb.child("fifo")
		for _, k := range []string{"content_based_deduplication", "high_throughput"} {
			if x := ff.get(k); x != nil {
				fb.attr(k, x)
			}
		}
		fb.attr("deduplication_scope", nonEmpty(ff.str("deduplication_scope")))
		fb.attr("throughput_limit", nonEmpty(ff.str("fifo_throughput_limit")))
		t.rest(fb, ff)
	}
	t.rest(qb, q)
}
