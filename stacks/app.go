package stacks

import (
	"flightplan/addr"
)

// appNode is the application: its SSM document and the
// {app}-infrastructure-roles stack in the app's account and region.
func (c *compiler) appNode() *Node {
	app := c.cfg.App
	n := c.appHome(addr.App())
	n.Parameters = []Parameter{{
		Name:  appParamName(app.Name),
		Value: compactJSON(c.appDocument()),
		Tags:  map[string]string{tagApp: app.Name},
	}}
	n.Stack = &Stack{
		Name:     appRolesStackName(app.Name),
		Template: c.appTemplate().json(),
		Tags:     c.appTags(),
	}
	if app.Domain != nil && crossAccountParent(app) {
		// Remembers where app/dns lives, so that the planner still finds
		// (and deletes) the delegation once the domain leaves the file.
		n.Stack.Tags[TagDomainAccount] = app.Domain.Account
	}
	return n
}

// appHome is a node in the app's account and region, with its credentials.
func (c *compiler) appHome(a addr.Address) *Node {
	app := c.cfg.App
	return &Node{Addr: a, Account: app.Account, Region: app.Region, Profile: app.Profile, RoleARN: app.RoleARN}
}

// appDocument is Copilot's application document (config.Application).
type appDocument struct {
	Name                string            `json:"name"`
	Account             string            `json:"account"`
	Domain              string            `json:"domain"`
	DomainHostedZoneID  string            `json:"domainHostedZoneID"`
	Version             string            `json:"version"`
	PermissionsBoundary string            `json:"permissionsBoundary,omitempty"`
	Tags                map[string]string `json:"tags,omitempty"`
}

func (c *compiler) appDocument() appDocument {
	app := c.cfg.App
	doc := appDocument{
		Name:                app.Name,
		Account:             app.Account,
		Version:             "1.0",
		PermissionsBoundary: app.PermissionsBoundary,
		Tags:                app.Tags,
	}
	if app.Domain != nil {
		doc.Domain = app.Domain.Name
		doc.DomainHostedZoneID = app.Domain.ZoneID
	}
	return doc
}

// appTemplate holds the app-level roles that Copilot creates for its
// StackSets (flightplan deploys the regional stacks directly, but keeps
// the roles so that Copilot still finds them), and the app's hosted zone.
func (c *compiler) appTemplate() *template {
	app := c.cfg.App
	t := newTemplate("flightplan: application-level roles and DNS of " + app.Name + ".")
	admin, exec := app.Name+"-adminrole", app.Name+"-executionrole"
	t.add("AdministrationRole", "AWS::IAM::Role", named(c.role(app.Account, app.Region,
		serviceTrust("cloudformation.amazonaws.com"),
		inlinePolicy("AssumeRole-"+exec, allow([]string{"sts:AssumeRole"}, roleARN(app.Region, app.Account, exec))),
	), admin))
	t.add("ExecutionRole", "AWS::IAM::Role", named(c.role(app.Account, app.Region,
		trust(awsPrincipal(getAtt("AdministrationRole", "Arn"))),
		inlinePolicy("ExecutionRolePolicy", allow(appExecutionActions, "*")),
	), exec))
	t.output("AdministrationRoleARN", getAtt("AdministrationRole", "Arn"), "")
	t.output("ExecutionRoleARN", getAtt("ExecutionRole", "Arn"), "")
	if app.Domain != nil {
		c.appDomain(t, app.Domain)
	}
	return t
}

// named sets a role's RoleName.
func named(props fields, name string) fields {
	props.set("RoleName", name)
	return props
}

// appExecutionActions are what Copilot's StackSet execution role may do.
var appExecutionActions = []string{
	"cloudformation:*", "ecr:*", "iam:*", "kms:*", "s3:*", "ssm:*",
}
