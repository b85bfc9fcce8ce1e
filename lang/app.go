package lang

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"flightplan/schema"
)

// loadApp finds the one app block, checks its name and puts app.name and
// app.domain in scope. The domain's name is evaluated here, before the
// locals, so that locals can use it; it may refer to variables only.
func (l *loader) loadApp() {
	apps := l.top["app"]
	if len(apps) == 0 {
		l.errorf(hcl.Range{Filename: l.opts.File, Start: hcl.InitialPos, End: hcl.InitialPos}, "Missing app block",
			"A flightplan file declares exactly one application: add an app \"NAME\" { account = \"...\", region = \"...\" } block.")
		l.scope["app"] = objectOf(map[string]string{"name": "", "domain": ""})
		return
	}
	for _, extra := range apps[1:] {
		l.errorf(extra.DefRange, "More than one app block",
			"A file declares exactly one application; the first app block is at %s. Split other applications into their own files.", apps[0].DefRange)
	}
	n := apps[0]
	l.cfg.App = schema.App{Name: n.Labels[0], DeclRange: n.DefRange}
	l.checkName(n, "app")
	domain := ""
	if d := n.block("domain"); d != nil {
		e := l.evaluator(map[string]cty.Value{"var": l.scope["var"], "app": objectOf(map[string]string{"name": n.Labels[0]})}, "The app's domain name")
		e.str(d, "name", &domain)
	}
	l.scope["app"] = objectOf(map[string]string{"name": n.Labels[0], "domain": domain})
}

// loadAppBody evaluates the rest of the app block.
func (l *loader) loadAppBody() {
	if len(l.top["app"]) == 0 {
		return
	}
	n := l.top["app"][0]
	e := l.evaluator(l.globals("var", "local", "app"), "The app block")
	app := &l.cfg.App
	l.account(e, n, &app.Account)
	l.region(e, n, &app.Region)
	l.credentials(e, n, &app.Credentials)
	e.str(n, "permissions_boundary", &app.PermissionsBoundary)
	e.tags(n, "tags", &app.Tags)
	if d := n.block("domain"); d != nil {
		app.Domain = l.domain(e, d)
	}
	for _, dn := range schema.AppNames(app.Name, app.Region) {
		l.checkDerived(n.labelRange(), dn)
	}
}

func (l *loader) domain(e *evaluator, n *node) *schema.Domain {
	d := &schema.Domain{}
	e.str(n, "name", &d.Name)
	e.str(n, "zone_id", &d.ZoneID)
	e.flag(n, "copilot_zones", &d.CopilotZones)
	if !l.account(e, n, &d.Account) {
		d.Account = l.cfg.App.Account
	}
	l.credentials(e, n, &d.Credentials)
	return d
}

// globals returns the named variables of the scope shared by all blocks.
func (l *loader) globals(names ...string) map[string]cty.Value {
	m := make(map[string]cty.Value, len(names)+1)
	for _, name := range names {
		if v, ok := l.scope[name]; ok {
			m[name] = v
		}
	}
	return m
}

// account reads and checks an account attribute; it reports whether it
// was set.
func (l *loader) account(e *evaluator, n *node, dst *string) bool {
	a := e.str(n, "account", dst)
	return a != nil && e.check(a, "Invalid account", schema.CheckAccount(*dst))
}

func (l *loader) region(e *evaluator, n *node, dst *string) bool {
	a := e.str(n, "region", dst)
	return a != nil && e.check(a, "Invalid region", schema.CheckRegion(*dst))
}

func (l *loader) credentials(e *evaluator, n *node, c *schema.Credentials) {
	p := e.str(n, "profile", &c.Profile)
	r := e.str(n, "role_arn", &c.RoleARN)
	if p != nil && r != nil {
		e.errorf(r.Range, "Conflicting credentials", "Set either profile or role_arn, not both: role_arn is assumed with the default credentials.")
	}
}

// checkName checks a block's name label.
func (l *loader) checkName(n *node, kind string) bool {
	if err := schema.CheckName(kind, n.Labels[0]); err != nil {
		l.errorf(n.labelRange(), "Invalid "+kind+" name", "%s.", capitalize(err.Error()))
		return false
	}
	return true
}

// checkDerived reports a derived AWS name that is too long, at rng.
func (l *loader) checkDerived(rng hcl.Range, dn schema.DerivedName) {
	if err := dn.Check(); err != nil {
		l.errorf(rng, "Name too long", "%s.", capitalize(err.Error()))
	}
}

// capitalize upper-cases the first letter of a message, unless its first
// word is an identifier such as healthy_threshold or autoscaling.max.
func capitalize(s string) string {
	first, _, _ := strings.Cut(s, " ")
	if s == "" || s[0] < 'a' || s[0] > 'z' || strings.ContainsAny(first, "_.") {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
