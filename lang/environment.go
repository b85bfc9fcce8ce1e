package lang

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"

	"github.com/hashicorp/hcl/v2"

	"flightplan/schema"
)

// loadEnvironments evaluates the environment blocks, in file order. An
// environment without account or region uses the app's.
func (l *loader) loadEnvironments() {
	e := l.evaluator(l.globals("var", "local", "app", "image"), "An environment block")
	for _, n := range l.unique("environment") {
		l.cfg.Environments = append(l.cfg.Environments, l.environment(e, n))
	}
	if len(l.top["environment"]) == 0 && len(l.top["app"]) > 0 {
		l.errorf(l.top["app"][0].DefRange, "No environments", "Add at least one environment \"NAME\" { account = \"...\", region = \"...\" } block to deploy to.")
	}
}

func (l *loader) environment(e *evaluator, n *node) *schema.Environment {
	env := &schema.Environment{Name: n.Labels[0], DeclRange: n.DefRange}
	if l.checkName(n, "environment") {
		for _, dn := range schema.EnvNames(l.cfg.App.Name, env.Name) {
			l.checkDerived(n.labelRange(), dn)
		}
	}
	if !l.account(e, n, &env.Account) && n.attr("account") == nil {
		env.Account = l.cfg.App.Account
	}
	if !l.region(e, n, &env.Region) && n.attr("region") == nil {
		env.Region = l.cfg.App.Region
	}
	l.credentials(e, n, &env.Credentials)
	e.flag(n, "container_insights", &env.ContainerInsights)
	e.flag(n, "deletion_protection", &env.DeletionProtection)
	env.DeployMode = schema.DeployStandard
	e.oneOf(n, "deploy_mode", &env.DeployMode, schema.DeployStandard, schema.DeployExpress)
	e.tags(n, "tags", &env.Tags)
	env.CDN = l.cdn(e, n)
	env.Network = l.envNetwork(e, n.block("network"))
	if nn := n.block("network"); nn != nil {
		env.Network.FlowLogs = flowLogs(e, nn)
		env.Network.SecurityGroup = securityGroupRules(e, nn.block("security_group"))
	}
	if h := n.block("http"); h != nil {
		e.strs(h, "certificates", &env.HTTP.Certificates)
		e.str(h, "ssl_policy", &env.HTTP.SSLPolicy)
		l.cidrList(e, h, "source_ips", &env.HTTP.SourceIPs)
		env.HTTP.Private = privateHTTP(e, h.block("private"), env.Network)
		env.HTTP.AccessLogs = accessLogs(e, h.block("access_logs"))
		if a := e.flag(h, "cdn", &env.HTTP.CDNIngress); a != nil && env.HTTP.CDNIngress && env.CDN == nil {
			e.errorf(a.NameRange, "http.cdn without a CDN", "http.cdn = true admits CloudFront only, and this environment has no CDN: add cdn = true (or a cdn block), or remove http.cdn.")
		}
	}
	env.Addons = l.addons(e, n)
	env.Overrides = overrides(e, n)
	return env
}

// envNetwork reads the network block: an imported VPC, or CIDRs checked for
// containment and overlaps.
func (l *loader) envNetwork(e *evaluator, n *node) schema.Network {
	net := schema.DefaultNetwork()
	if n == nil {
		return net
	}
	if imp := n.block("import"); imp != nil {
		for _, name := range []string{"cidr", "azs", "public_subnets", "private_subnets"} {
			if a := n.attr(name); a != nil {
				e.errorf(a.Range, "Conflicting network settings", "%s cannot be set together with an import block: an imported VPC keeps its own addresses.", name)
			}
		}
		net = schema.Network{Import: &schema.ImportedNetwork{}}
		e.str(imp, "vpc_id", &net.Import.VPCID)
		e.strs(imp, "public_subnet_ids", &net.Import.PublicSubnetIDs)
		e.strs(imp, "private_subnet_ids", &net.Import.PrivateSubnetIDs)
		return net
	}
	l.checkCIDRs(e, n, &net)
	return net
}

func (l *loader) checkCIDRs(e *evaluator, n *node, net *schema.Network) {
	vpcAttr := e.str(n, "cidr", &net.CIDR)
	vpc, err := schema.ParseCIDR(net.CIDR)
	if !e.check(vpcAttr, "Invalid CIDR", err) || !e.check(vpcAttr, "Invalid CIDR", schema.CheckVPCSize(vpc)) {
		return
	}
	azs := e.strs(n, "azs", &net.AZs)
	pub := e.strs(n, "public_subnets", &net.PublicSubnets)
	priv := e.strs(n, "private_subnets", &net.PrivateSubnets)
	if n.attr("public_subnets") == nil {
		net.PublicSubnets = nil // carved from the range below
	}
	if n.attr("private_subnets") == nil {
		net.PrivateSubnets = nil
	}
	seen := map[netip.Prefix]string{}
	ok := l.checkSubnets(e, n, "public_subnets", net.PublicSubnets, vpc, seen)
	ok = l.checkSubnets(e, n, "private_subnets", net.PrivateSubnets, vpc, seen) && ok
	if !ok || !carveSubnets(e, n, net, vpc, seen) {
		return
	}
	l.checkSubnetCounts(e, n, net, azs, pub, priv)
}

// carveSubnets fills the subnet lists the block leaves out from the VPC's
// range, as Copilot lays them out: the first free /24s, public then
// private, one of each per AZ (the AZs listed, else as many as the other
// list has, else two).
func carveSubnets(e *evaluator, n *node, net *schema.Network, vpc netip.Prefix, seen map[netip.Prefix]string) bool {
	var missing []*[]string
	if n.attr("public_subnets") == nil {
		missing = append(missing, &net.PublicSubnets)
	}
	if n.attr("private_subnets") == nil {
		missing = append(missing, &net.PrivateSubnets)
	}
	if len(missing) == 0 {
		return true
	}
	perList := schema.DefaultAZCount
	switch {
	case n.attr("azs") != nil:
		perList = len(net.AZs)
	case len(missing) == 1:
		perList = len(net.PublicSubnets) + len(net.PrivateSubnets) // the list given
	}
	carved, err := schema.CarveSubnets(vpc, perList*len(missing), slices.Collect(maps.Keys(seen)))
	if err != nil {
		e.errorf(rangeOr(n.attr("cidr"), n), "Invalid CIDR", "%s.", capitalize(err.Error()))
		return false
	}
	for i, dst := range missing {
		*dst = slices.Clip(carved[i*perList : (i+1)*perList])
	}
	return true
}

// checkSubnets checks each subnet of a list: valid, inside the VPC, and not
// overlapping any subnet seen before.
func (l *loader) checkSubnets(e *evaluator, n *node, name string, subnets []string, vpc netip.Prefix, seen map[netip.Prefix]string) bool {
	ok := true
	for i, s := range subnets {
		rng := elemRange(n, name, i)
		p, err := schema.ParseCIDR(s)
		if err == nil {
			err = schema.CheckSubnet(vpc, p)
		}
		if err == nil {
			err = overlapping(p, seen)
		}
		if err != nil {
			e.errorf(rng, "Invalid subnet", "%s.", capitalize(err.Error()))
			ok = false
			continue
		}
		seen[p] = s
	}
	return ok
}

func overlapping(p netip.Prefix, seen map[netip.Prefix]string) error {
	for q := range seen {
		if p.Overlaps(q) {
			return fmt.Errorf("subnet %s overlaps subnet %s; subnets must not share addresses", p, q)
		}
	}
	return nil
}

func (l *loader) checkSubnetCounts(e *evaluator, n *node, net *schema.Network, azs, pub, priv *hcl.Attribute) {
	np, nq := len(net.PublicSubnets), len(net.PrivateSubnets)
	switch {
	case azs != nil && np != len(net.AZs):
		e.errorf(rangeOr(pub, n), "Subnets do not match the AZs", "There are %d AZs and %d public subnets; give one public subnet per AZ.", len(net.AZs), np)
	case azs != nil && nq != len(net.AZs):
		e.errorf(rangeOr(priv, n), "Subnets do not match the AZs", "There are %d AZs and %d private subnets; give one private subnet per AZ.", len(net.AZs), nq)
	case np != nq:
		e.errorf(rangeOr(priv, n), "Subnet counts differ", "There are %d public and %d private subnets; give one of each per AZ.", np, nq)
	case np < 2:
		e.errorf(rangeOr(pub, n), "Too few subnets", "A load balancer needs subnets in at least two AZs; give at least two public and two private subnets.")
	}
}

func rangeOr(a *hcl.Attribute, n *node) hcl.Range {
	if a != nil {
		return a.Expr.Range()
	}
	return n.DefRange
}

// cidrList reads a list of CIDR blocks (IPv4 addresses or networks).
func (l *loader) cidrList(e *evaluator, n *node, name string, dst *[]string) {
	if e.strs(n, name, dst) == nil {
		return
	}
	for i, s := range *dst {
		if _, err := netip.ParsePrefix(s); err != nil {
			e.errorf(elemRange(n, name, i), "Invalid CIDR", "%q is not a CIDR block; write it like \"203.0.113.0/24\".", s)
		}
	}
}
