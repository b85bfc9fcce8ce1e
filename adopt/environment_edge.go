package adopt

import "fmt"

// cdn maps the manifest's cdn: true, or cdn { certificate, terminate_tls,
// static_assets { location, alias, path } }.
func (t *envTranslator) cdn(b *block, f *fields) {
	switch v := f.get("cdn").(type) {
	case bool:
		if v {
			b.attr("cdn", true)
		}
	case map[string]any:
		cf := newFields(f.join("cdn"), v)
		cb := b.child("cdn")
		cb.attr("certificate", nonEmpty(cf.str("certificate")))
		if tls, ok := cf.get("terminate_tls").(bool); ok && tls {
			cb.attr("terminate_tls", true)
		}
		if sa := cf.sub("static_assets"); sa != nil {
			sb := cb.child("static_assets")
			sb.attr("location", nonEmpty(sa.str("location")))
			sb.attr("alias", nonEmpty(sa.str("alias")))
			sb.attr("path", nonEmpty(sa.str("path")))
			t.rest(sb, sa)
		}
		t.rest(cb, cf)
	}
}

// flowLogs maps network.vpc.flow_logs: true, or { retention }.
func (t *envTranslator) flowLogs(nb *block, vpc *fields) {
	switch v := vpc.get("flow_logs").(type) {
	case bool:
		if v {
			nb.attr("flow_logs", true)
		}
	case map[string]any:
		ff := newFields(vpc.join("flow_logs"), v)
		fb := nb.child("flow_logs")
		fb.attr("retention", number(ff.get("retention")))
		t.rest(fb, ff)
	}
}

// securityGroup maps network.vpc.security_group { ingress, egress }: one
// block per rule, ports kept as Copilot has them (a number or "from-to").
func (t *envTranslator) securityGroup(nb *block, vpc *fields) {
	sf := vpc.sub("security_group")
	if sf == nil {
		return
	}
	sb := nb.child("security_group")
	for _, dir := range []string{"ingress", "egress"} {
		rules, _ := sf.get(dir).([]any)
		for i, r := range rules {
			m, _ := r.(map[string]any)
			rf := newFields(fmt.Sprintf("%s[%d]", sf.join(dir), i), m)
			rb := sb.child(dir)
			rb.attr("ip_protocol", nonEmpty(rf.str("ip_protocol")))
			ports := rf.get("ports")
			if n := number(ports); n != nil {
				ports = n
			}
			rb.attr("ports", ports)
			rb.attr("cidr", nonEmpty(rf.str("cidr")))
			t.rest(rb, rf)
		}
	}
	t.rest(sb, sf)
}

// accessLogs maps http.public.access_logs { bucket_name, prefix };
// access_logs: true (a bucket Copilot creates) has no equivalent yet.
func (t *envTranslator) accessLogs(hb *block, pub *fields) {
	v, ok := pub.m["access_logs"].(map[string]any)
	if !ok {
		return
	}
	pub.get("access_logs")
	af := newFields(pub.join("access_logs"), v)
	ab := hb.child("access_logs")
	ab.attr("bucket_name", nonEmpty(af.str("bucket_name")))
	ab.attr("prefix", nonEmpty(af.str("prefix")))
	t.rest(ab, af)
}
