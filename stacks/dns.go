package stacks

// DNS of an application with a domain, laid out as Copilot lays it out
// (so that names and records match an app Copilot deployed): the app zone
// {app}.{domain} in the app stack, one zone {env}.{app}.{domain} per
// environment in its own stack (node zone/{env}, in the environment's
// account and region), and the NS delegations that make them resolvable:
//
//   - the app zone from the parent zone: in the app stack when the parent
//     zone is in the app's account, else in the stack {app}-app-delegation
//     (node app/dns) in the domain's account, with its credentials;
//   - each environment zone from the app zone: in the stack
//     {app}-{env}-delegation (node dns/{env}) in the app's account.
//
// The name servers and zone IDs cross accounts, which CloudFormation
// exports cannot do, so the delegation stacks take them as Inputs (stack
// parameters read from the other node's outputs at apply time). Inputs, not
// exports, also carry the environment zone's ID into the environment and
// workload stacks: a domain change replaces the zones, and CloudFormation
// refuses to change an export another stack imports.
//
// The graph orders it: app → app/dns; zone/{env} → dns/{env} → env/{env}.
// The environment's certificate is validated by DNS in its zone, which
// ACM can do only once the zone is delegated, so the environment stack
// comes after its delegation. The same path serves environments in the
// app's account, so there is one way of doing it.

import (
	"flightplan/addr"
	"flightplan/schema"
)

// tagNode marks the stacks of nodes that Copilot has no tag for (zones and
// delegations) with their address, so that the planner finds them when
// the domain is removed from the file.
const tagNode = "flightplan:node"

// Outputs that other nodes read as Inputs.
const (
	outAppZoneID      = "AppHostedZoneID"
	outAppNameServers = "AppNameServers"
	outZoneID         = "HostedZoneId"
	outNameServers    = "NameServers"
	outEnvZoneID      = "EnvironmentHostedZone"
)

// delegationTTL is the TTL of the NS records, as Copilot sets it.
const delegationTTL = "900"

// appZoneName is the app's hosted zone: {app}.{domain}.
func appZoneName(app, domain string) string { return app + "." + domain }

// envZoneName is an environment's hosted zone: {env}.{app}.{domain}.
func envZoneName(app, env, domain string) string { return env + "." + appZoneName(app, domain) }

// crossAccountParent reports whether the parent zone is in another account
// than the app's.
func crossAccountParent(app schema.App) bool {
	return app.Domain.Account != "" && app.Domain.Account != app.Account
}

// dnsNodes are the zone and delegation nodes of an app with a domain: app/dns
// when the parent zone is in another account, and zone/{env} and dns/{env}
// for every environment.
func (c *compiler) dnsNodes() []*Node {
	app := c.cfg.App
	if app.Domain == nil {
		return nil
	}
	var nodes []*Node
	if crossAccountParent(app) {
		nodes = append(nodes, c.appDNSNode())
	}
	if app.Domain.CopilotZones {
		return nodes // each zone is in its environment's stack (envDomain)
	}
	for _, env := range c.cfg.Environments {
		nodes = append(nodes, c.zoneNode(env), c.dnsNode(env))
	}
	return nodes
}

// appDomain adds the app's hosted zone {app}.{domain} to the app stack
// and, when the parent zone is in the app's account, its delegation.
func (c *compiler) appDomain(t *template, d *schema.Domain) {
	app := c.cfg.App
	zone := appZoneName(app.Name, d.Name)
	t.add("AppHostedZone", "AWS::Route53::HostedZone", obj{"Name": zone})
	t.output(outAppZoneID, ref("AppHostedZone"), "")
	t.output(outAppNameServers, joinList(",", getAtt("AppHostedZone", "NameServers")), "")
	t.output("AppDomainName", zone, "")
	if crossAccountParent(app) {
		return
	}
	t.add("AppDomainDelegationRecord", "AWS::Route53::RecordSet", parentRecord(d, zone, getAtt("AppHostedZone", "NameServers")))
}

// parentRecord is the NS record of the app zone in the parent zone, given
// by ID or else by name.
func parentRecord(d *schema.Domain, zone string, servers any) obj {
	rec := obj{"Name": zone + ".", "Type": "NS", "TTL": delegationTTL, "ResourceRecords": servers}
	if d.ZoneID != "" {
		rec["HostedZoneId"] = d.ZoneID
	} else {
		rec["HostedZoneName"] = d.Name + "."
	}
	return rec
}

// appDNSNode is the app zone's delegation in a parent zone of another
// account: the stack {app}-app-delegation, in the app's region, with the
// domain's credentials.
func (c *compiler) appDNSNode() *Node {
	app := c.cfg.App
	d := app.Domain
	zone := appZoneName(app.Name, d.Name)
	t := newTemplate("flightplan: delegation of " + zone + " from " + d.Name + ".")
	t.param("NameServers", "The name servers of "+zone+", comma-separated")
	t.add("DelegationRecord", "AWS::Route53::RecordSet", parentRecord(d, zone, split(",", ref("NameServers"))))
	n := &Node{Addr: addr.AppDNS(), Account: d.Account, Region: app.Region, Profile: d.Profile, RoleARN: d.RoleARN}
	n.Stack = &Stack{
		Name:     app.Name + "-app-delegation",
		Template: t.json(),
		Tags:     c.nodeTags(n.Addr),
		Inputs:   []Input{{Parameter: "NameServers", From: addr.App(), Output: outAppNameServers}},
	}
	n.DependsOn = []addr.Address{addr.App()}
	return n
}

// zoneNode is an environment's hosted zone, in its own stack
// {app}-{env}-zone in the environment's account and region.
func (c *compiler) zoneNode(env *schema.Environment) *Node {
	app := c.cfg.App
	zone := envZoneName(app.Name, env.Name, app.Domain.Name)
	t := newTemplate("flightplan: hosted zone " + zone + ".")
	t.add("HostedZone", "AWS::Route53::HostedZone", obj{"Name": zone})
	t.output(outZoneID, ref("HostedZone"), "")
	t.output(outNameServers, joinList(",", getAtt("HostedZone", "NameServers")), "")
	t.output("SubDomain", zone, "")
	n := c.envHome(addr.Zone(env.Name), env)
	n.Stack = &Stack{Name: app.Name + "-" + env.Name + "-zone", Template: t.json(), Tags: c.nodeTags(n.Addr),
		ServiceRole: c.envServiceRole(env)}
	n.DependsOn = []addr.Address{addr.App()}
	return n
}

// dnsNode is the delegation of an environment's zone from the app zone:
// the stack {app}-{env}-delegation in the app's account and region.
func (c *compiler) dnsNode(env *schema.Environment) *Node {
	app := c.cfg.App
	zone := envZoneName(app.Name, env.Name, app.Domain.Name)
	t := newTemplate("flightplan: delegation of " + zone + " from " + appZoneName(app.Name, app.Domain.Name) + ".")
	t.param("AppHostedZoneId", "The ID of the app's hosted zone")
	t.param("NameServers", "The name servers of "+zone+", comma-separated")
	t.add("DelegationRecord", "AWS::Route53::RecordSet", obj{
		"HostedZoneId":    ref("AppHostedZoneId"),
		"Name":            zone + ".",
		"Type":            "NS",
		"TTL":             delegationTTL,
		"ResourceRecords": split(",", ref("NameServers")),
	})
	n := c.appHome(addr.DNS(env.Name))
	n.Stack = &Stack{
		Name:     app.Name + "-" + env.Name + "-delegation",
		Template: t.json(),
		Tags:     c.nodeTags(n.Addr),
		Inputs: []Input{
			{Parameter: "AppHostedZoneId", From: addr.App(), Output: outAppZoneID},
			{Parameter: "NameServers", From: addr.Zone(env.Name), Output: outNameServers},
		},
	}
	n.DependsOn = []addr.Address{addr.App(), addr.Zone(env.Name)}
	if crossAccountParent(app) {
		// The environment's zone resolves only once the app's zone is
		// delegated from its parent: a certificate waiting on dns/{env}
		// must also wait on app/dns, or its validation can time out.
		n.DependsOn = append(n.DependsOn, addr.AppDNS())
	}
	return n
}

// envDomain adds to an environment stack what its domain needs: the zone
// ID (an Input from zone/{env}), the exports Copilot has (HostedZone,
// SubDomain), and the stack's new dependencies. It returns the Inputs.
// With copilot_zones, the zone is a resource of the stack instead, as
// Copilot declares it (EnvironmentHostedZone, its comment included), and
// no Input is needed: its delegation is the one Copilot's custom resource
// made, outside any stack.
func (c *compiler) envDomain(t *template, env *schema.Environment, ex func(string) string) []Input {
	app := c.cfg.App
	zone := envZoneName(app.Name, env.Name, app.Domain.Name)
	t.output("EnvironmentSubdomain", zone, ex("SubDomain"))
	if app.Domain.CopilotZones {
		t.add(copilotEnvZone, "AWS::Route53::HostedZone", obj{"Name": zone,
			"HostedZoneConfig": obj{"Comment": "HostedZone for environment " + env.Name + " - " + zone}})
		t.output(outEnvZoneID, ref(copilotEnvZone), ex("HostedZone"))
		return nil
	}
	t.param(outZoneID, "The ID of the environment's hosted zone")
	t.output(outEnvZoneID, ref(outZoneID), ex("HostedZone"))
	return []Input{{Parameter: outZoneID, From: addr.Zone(env.Name), Output: outZoneID}}
}

// copilotEnvZone is Copilot's logical ID of an environment's hosted zone.
const copilotEnvZone = "EnvironmentHostedZone"

// envZoneRef is the environment's zone ID inside its own stack.
func (c *compiler) envZoneRef() any {
	if c.cfg.App.Domain.CopilotZones {
		return ref(copilotEnvZone)
	}
	return ref(outZoneID)
}

// nodeTags are the tags of a zone or delegation stack: the app's, and the
// node's address.
func (c *compiler) nodeTags(a addr.Address) map[string]string {
	tags := c.appTags()
	tags[tagNode] = a.String()
	return tags
}

// domainZone is where the app's domain's zone lives: the domain's account
// and credentials when it is in another account, else the app's.
func domainZone(app schema.App) *DomainZone {
	d := app.Domain
	if d == nil {
		return nil
	}
	z := &DomainZone{Name: d.Name, ID: d.ZoneID, Account: app.Account, Region: app.Region, Profile: app.Profile, RoleARN: app.RoleARN}
	if crossAccountParent(app) {
		z.Account, z.Profile, z.RoleARN = d.Account, d.Profile, d.RoleARN
	}
	return z
}
