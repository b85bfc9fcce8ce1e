package adopt

import "fmt"

// envBlock maps an environment's SSM document and manifest.
func envBlock(app Application, e Env) (*block, []Unsupported, error) {
	b := newBlock("environment", e.Name)
	if e.Account != app.Account {
		b.attr("account", e.Account)
	}
	if e.Region != app.Region {
		b.attr("region", e.Region)
	}
	if e.Manifest == nil {
		return b, nil, nil
	}
	m, err := parseManifest(e.Manifest)
	if err != nil {
		return nil, nil, fmt.Errorf("the manifest of environment %s: %w", e.Name, err)
	}
	t := &envTranslator{name: e.Name}
	f := newFields("", m)
	f.get("name")
	f.get("type")
	t.network(b, f.sub("network"))
	t.http(b, f.sub("http"))
	t.cdn(b, f)
	if o := f.sub("observability"); o != nil {
		if v := o.get("container_insights"); v != nil {
			b.attr("container_insights", v)
		}
		t.rest(b, o)
	}
	t.rest(b, f)
	return b, t.unsupported, nil
}

type envTranslator struct {
	name        string
	unsupported []Unsupported
}

func (t *envTranslator) rest(b *block, f *fields) {
	for _, p := range f.rest() {
		t.unsupported = append(t.unsupported, Unsupported{Where: "environment " + t.name + ": " + p, Reason: "flightplan has no equivalent yet"})
		b.note("copilot manifest " + p + ": flightplan has no equivalent yet")
	}
}

// network maps network.vpc: an imported VPC (id and subnet IDs) or the
// VPC Copilot made (cidr, subnets with their CIDRs and AZs).
func (t *envTranslator) network(b *block, f *fields) {
	if f == nil {
		return
	}
	vpc := f.sub("vpc")
	if vpc == nil {
		t.rest(b, f)
		return
	}
	nb := b.child("network")
	subnets := vpc.sub("subnets")
	if vpc.has("id") {
		ib := nb.child("import")
		ib.attr("vpc_id", vpc.str("id"))
		if subnets != nil {
			ib.attr("public_subnet_ids", subnetField(subnets.get("public"), "id"))
			ib.attr("private_subnet_ids", subnetField(subnets.get("private"), "id"))
		}
	} else {
		nb.attr("cidr", nonEmpty(vpc.str("cidr")))
		if subnets != nil {
			pub, priv := subnets.get("public"), subnets.get("private")
			if azs := subnetField(pub, "az"); azs != nil {
				nb.attr("azs", azs)
			}
			nb.attr("public_subnets", subnetField(pub, "cidr"))
			nb.attr("private_subnets", subnetField(priv, "cidr"))
		}
	}
	if subnets != nil {
		t.rest(nb, subnets)
	}
	t.flowLogs(nb, vpc)
	t.securityGroup(nb, vpc)
	t.rest(nb, vpc)
	t.rest(b, f)
}

// subnetField lists one field of Copilot's subnet list; nil when a subnet
// lacks it.
func subnetField(v any, key string) any {
	list, _ := v.([]any)
	if len(list) == 0 {
		return nil
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		m, _ := e.(map[string]any)
		s, ok := m[key].(string)
		if !ok {
			return nil
		}
		out = append(out, s)
	}
	return out
}

// http maps http.public (certificates, ssl_policy, ingress source IPs)
// and http.private (the internal load balancer's certificates,
// ssl_policy, subnets and VPC ingress).
func (t *envTranslator) http(b *block, f *fields) {
	if f == nil {
		return
	}
	pub, priv := f.sub("public"), f.sub("private")
	if pub == nil && priv == nil {
		t.rest(b, f)
		return
	}
	hb := b.child("http")
	if pub != nil {
		if c := strList(pub.get("certificates")); len(c) > 0 {
			hb.attr("certificates", c)
		}
		hb.attr("ssl_policy", nonEmpty(pub.str("ssl_policy")))
		if in := pub.sub("ingress"); in != nil {
			if ips := strList(in.get("source_ips")); len(ips) > 0 {
				hb.attr("source_ips", ips)
			}
			if cdn, ok := in.get("cdn").(bool); ok && cdn {
				hb.attr("cdn", true)
			}
			t.rest(hb, in)
		}
		t.accessLogs(hb, pub)
		t.rest(hb, pub)
	}
	if priv != nil {
		t.private(hb.child("private"), priv)
	}
	t.rest(b, f)
}

func (t *envTranslator) private(pb *block, f *fields) {
	if c := strList(f.get("certificates")); len(c) > 0 {
		pb.attr("certificates", c)
	}
	pb.attr("ssl_policy", nonEmpty(f.str("ssl_policy")))
	if sn := strList(f.get("subnets")); len(sn) > 0 {
		pb.attr("subnets", sn)
	}
	if in := f.sub("ingress"); in != nil {
		if v, ok := in.get("vpc").(bool); ok {
			pb.child("ingress").attr("vpc", v)
		}
		t.rest(pb, in)
	}
	t.rest(pb, f)
}
