package stacks

// Alias records in a hosted zone of another account than the
// environment's (hosted_zone = { id, account }): the apex example.com in
// the app's account, say, for a production environment in its own
// account. CloudFormation writes records only in the account of the stack
// that declares them, and exports do not cross accounts, so they go the
// way the environments' NS delegations go (dns.go): a stack of their own,
// {app}-{env}-{svc}-alias (node alias/{env}/{svc}), in the zone's account
// with the credentials the file gives that account, whose parameters are
// read by apply from the environment stack's outputs (the load balancer's
// DNS name and canonical hosted zone ID, or the CloudFront distribution's
// domain name). It comes after the service's deployment, so that the
// name answers once its listener rule is there, and it is tagged
// flightplan:node so that live state finds it, and plans its deletion,
// once the file no longer has it.
//
// The account must be one the file names: the app's, its domain's, or an
// environment's (the language checks it). The environment's certificate
// is validated by DNS in its own account's zones only, so such an alias
// is not one of its names: an environment with a domain serves it with
// one of its http.certificates (the language requires one).

import (
	"fmt"

	"flightplan/addr"
	"flightplan/schema"
)

// Parameters of an alias stack.
const (
	aliasParamDNS  = "TargetDNSName"
	aliasParamZone = "TargetHostedZoneId"
)

// aliasStackName is the stack of alias/{env}/{svc}.
func aliasStackName(app, env, svc string) string { return app + "-" + env + "-" + svc + "-alias" }

// foreignAlias reports whether an alias of a rule has its hosted zone in
// another account than the environment's.
func foreignAlias(env *schema.Environment, rules []*schema.ServiceHTTP, alias string) (account string, ok bool) {
	for _, r := range rules {
		if a := r.AliasAccounts[alias]; a != "" && a != env.Account {
			return a, true
		}
	}
	return "", false
}

// aliasNode is the node alias/{env}/{svc} of a load-balanced web service
// with aliases in another account's zone, or nil.
func (c *compiler) aliasNode(w *schema.Workload, envName string) *Node {
	env := c.cfg.Environment(envName)
	d := w.Deployments[envName]
	if env == nil || d == nil || w.Type != schema.TypeLoadBalancedWeb {
		return nil
	}
	h := lbHTTP(d)
	if h == nil {
		return nil
	}
	rules := h.AllRules()
	aliases, zones := serviceAliases(rules)
	var account string
	t := newTemplate(fmt.Sprintf("flightplan: alias records of service %s in environment %s, in hosted zones of account ", w.Name, envName))
	var inputs []Input
	target := obj{"DNSName": ref(aliasParamDNS), "HostedZoneId": ref(aliasParamZone)}
	if a := albRef(w, d); a != "" {
		lb := c.importedALB(a)
		target = obj{"DNSName": lb.DNSName, "HostedZoneId": lb.CanonicalHostedZoneID}
	} else if c.cdnServesAliases(env) {
		target = obj{"DNSName": ref(aliasParamDNS), "HostedZoneId": cloudFrontZoneID}
	}
	for i, alias := range aliases {
		acct, ok := foreignAlias(env, rules, alias)
		if !ok {
			continue
		}
		account = acct
		t.add(fmt.Sprintf("AliasRecord%d", i), "AWS::Route53::RecordSet", obj{
			"HostedZoneId": zones[alias],
			"Name":         alias + ".",
			"Type":         "A",
			"AliasTarget":  target,
		})
	}
	if account == "" {
		return nil
	}
	t.description += account + "."
	if albRef(w, d) == "" {
		t.param(aliasParamDNS, "The DNS name the records alias")
		inputs = append(inputs, Input{Parameter: aliasParamDNS, From: addr.Env(envName), Output: "PublicLoadBalancerDNSName"})
		if c.cdnServesAliases(env) {
			inputs[0].Output = outCDNDomain
		} else {
			t.param(aliasParamZone, "The canonical hosted zone ID of the load balancer")
			inputs = append(inputs, Input{Parameter: aliasParamZone, From: addr.Env(envName), Output: "PublicLoadBalancerCanonicalHostedZoneID"})
		}
	}
	n := c.accountHome(addr.Alias(envName, w.Name), account)
	n.Stack = &Stack{
		Name:     aliasStackName(c.cfg.App.Name, envName, w.Name),
		Template: t.json(),
		Tags:     c.nodeTags(n.Addr),
		Inputs:   inputs,
	}
	n.DependsOn = []addr.Address{addr.Env(envName), addr.Deploy(envName, w.Name)}
	return n
}

// accountHome is a node in an account the file names, with the
// credentials it gives that account: the app's (in the app's region), the
// domain's (in the app's region), or the first environment's there (in
// its region).
func (c *compiler) accountHome(a addr.Address, account string) *Node {
	app := c.cfg.App
	if account == app.Account {
		return c.appHome(a)
	}
	if d := app.Domain; d != nil && d.Account == account {
		return &Node{Addr: a, Account: account, Region: app.Region, Profile: d.Profile, RoleARN: d.RoleARN}
	}
	for _, env := range c.cfg.Environments {
		if env.Account == account {
			return c.envHome(a, env)
		}
	}
	return &Node{Addr: a, Account: account, Region: app.Region}
}
