package stacks

import (
	"fmt"
	"slices"
	"strings"

	"flightplan/addr"
	"flightplan/schema"
)

// workloadNode is a workload's SSM document, in the app's account.
func (c *compiler) workloadNode(w *schema.Workload) *Node {
	app := c.cfg.App.Name
	n := c.appHome(addr.Workload(w.Name))
	n.Parameters = []Parameter{{
		Name:  workloadParamName(app, w.Name),
		Value: compactJSON(workloadDocument{App: app, Name: w.Name, Type: w.Type.CopilotName()}),
		Tags:  map[string]string{tagApp: app, tagWorkload: w.Name},
	}}
	n.DependsOn = []addr.Address{addr.App()}
	return n
}

// workloadDocument is Copilot's workload document (config.Workload).
type workloadDocument struct {
	App  string `json:"app"`
	Name string `json:"name"`
	Type string `json:"type"`
}

// deployNode is a workload's stack {app}-{env}-{name} in one environment.
func (c *compiler) deployNode(w *schema.Workload, envName string) *Node {
	env := c.cfg.Environment(envName)
	app := c.cfg.App.Name
	n := c.envHome(addr.Deploy(envName, w.Name), env)
	tags := c.envTags(env)
	tags[tagWorkload] = w.Name
	ws := c.workloadTemplate(w, env)
	params := map[string]string{"AppName": app, "EnvName": envName, "WorkloadName": w.Name}
	for k, v := range ws.params {
		params[k] = v
	}
	slices.SortFunc(ws.inputs, func(a, b Input) int { return strings.Compare(a.Parameter, b.Parameter) })
	n.Stack = &Stack{
		Name:        workloadStackName(app, envName, w.Name),
		Template:    c.templateFor(ws.template, ws.deployment.Overrides, envName),
		Parameters:  params,
		Tags:        tags,
		Inputs:      ws.inputs,
		ServiceRole: c.envServiceRole(env),
		Uploads:     ws.uploads,
	}
	n.DependsOn = []addr.Address{addr.Env(envName), addr.Workload(w.Name), addr.Region(env.Region)}
	for _, in := range ws.inputs {
		if in.From.Kind == addr.KindCert {
			n.DependsOn = append(n.DependsOn, in.From)
		}
	}
	site, err := c.siteOf(w.Deployments[envName])
	if err != nil {
		c.errs = append(c.errs, err)
	}
	n.Site = site
	if dep := w.Deployments[envName]; dep.Type == schema.TypeRequestDriven && dep.HTTP != nil && len(dep.HTTP.Alias) == 1 {
		n.CustomDomain = strings.ToLower(strings.TrimSuffix(dep.HTTP.Alias[0], "."))
	}
	for _, img := range c.builtImages(w.Deployments[envName]) {
		n.DependsOn = append(n.DependsOn, addr.Image(img))
	}
	for _, dep := range w.DependsOn {
		if other := c.cfg.Workload(dep); other != nil && slices.Contains(other.Environments, envName) {
			n.DependsOn = append(n.DependsOn, addr.Deploy(envName, dep))
		}
	}
	// A subscriber imports its publishers' topic ARNs.
	for _, s := range ws.subscriptions() {
		n.DependsOn = append(n.DependsOn, addr.Deploy(envName, s.Service))
	}
	return n
}

// workloadStack is one workload's stack under construction in one
// environment: the template being built and what it is built from.
type workloadStack struct {
	compiler   *compiler
	template   *template
	workload   *schema.Workload
	deployment *schema.Deployment // the workload's deployment to env
	env        *schema.Environment
	// addonOuts are the wired outputs of the merged addons; params the
	// stack parameters the addons need.
	addonOuts []addonOutput
	params    map[string]string
	inputs    []Input  // parameters read from other nodes' outputs at apply
	uploads   []Upload // files written before the change set
}

// workloadTemplate compiles a service or job for one environment. Errors
// (an addon that does not merge, an addon security group App Runner cannot
// use) are collected in c.errs.
func (c *compiler) workloadTemplate(w *schema.Workload, env *schema.Environment) *workloadStack {
	ws := &workloadStack{compiler: c, workload: w, deployment: w.Deployments[env.Name], env: env,
		template: newTemplate("flightplan: " + w.Type.CopilotName() + " " + w.Name + " in environment " + env.Name + " of " + c.cfg.App.Name + ".")}
	ws.template.param("AppName", "The application's name.")
	ws.template.param("EnvName", "The environment's name.")
	ws.template.param("WorkloadName", "The workload's name.")
	if w.Type == schema.TypeStaticSite {
		ws.staticSite()
		return ws
	}
	ws.mergeAddons()
	ws.topics()
	switch {
	case w.Type == schema.TypeRequestDriven:
		ws.rdws()
		return ws
	case w.Type == schema.TypeWorker:
		ws.worker()
	}
	ws.logGroup()
	ws.executionRole()
	ws.taskRole()
	ws.accessPoint()
	ws.taskDefinition()
	if w.Kind == schema.KindJob {
		ws.job()
	} else {
		ws.service()
	}
	return ws
}

// mergeAddons merges the deployment's addons into its template.
func (ws *workloadStack) mergeAddons() {
	if len(ws.deployment.Addons) == 0 {
		return
	}
	literals := map[string]string{"App": ws.compiler.cfg.App.Name, "Env": ws.env.Name, "Name": ws.workload.Name}
	var merged, nested []*schema.Addon
	for _, a := range ws.deployment.Addons {
		if a.Nested {
			nested = append(nested, a)
		} else {
			merged = append(merged, a)
		}
	}
	outs, params, err := mergeAddons(ws.template, merged, literals)
	if err == nil {
		var more []addonOutput
		more, err = ws.nestedAddons(nested, literals)
		outs = append(outs, more...)
	}
	if err != nil {
		ws.compiler.errs = append(ws.compiler.errs, fmt.Errorf("%s %q in environment %q: %w", ws.workload.Kind, ws.workload.Name, ws.env.Name, err))
		return
	}
	ws.addonOuts, ws.params = outs, params
}

// importEnv imports one of the environment stack's exports.
func (ws *workloadStack) importEnv(suffix string) any {
	return importValue(exportName(ws.compiler.cfg.App.Name, ws.env.Name, suffix))
}

// fullName is {app}-{env}-{name}, the prefix of the workload's AWS names.
func (ws *workloadStack) fullName() string {
	return ws.compiler.cfg.App.Name + "-" + ws.env.Name + "-" + ws.workload.Name
}

// private reports whether the tasks run in the private subnets.
func (ws *workloadStack) private() bool {
	return ws.deployment.Network.Placement == schema.PlacementPrivate
}

// subnets are the tasks' subnets, from the environment's exports.
func (ws *workloadStack) subnets() any {
	if ws.private() {
		return split(",", ws.importEnv("PrivateSubnets"))
	}
	return split(",", ws.importEnv("PublicSubnets"))
}

// assignPublicIP is ENABLED only for tasks in the public subnets.
func (ws *workloadStack) assignPublicIP() string {
	if ws.private() {
		return "DISABLED"
	}
	return "ENABLED"
}

// securityGroups are the environment's security group, the file's, and
// the addons' security groups.
func (ws *workloadStack) securityGroups() list {
	l := append(list{ws.importEnv("EnvironmentSecurityGroup")}, cfnStrings(ws.deployment.Network.SecurityGroups)...)
	return append(l, ws.addonValues(outputSecurityGroup)...)
}

// addonValues are the values of the addons' outputs of one kind.
func (ws *workloadStack) addonValues(kind int) list {
	var l list
	for _, o := range ws.addonOuts {
		if o.kind == kind {
			l = append(l, o.value)
		}
	}
	return l
}

// addonVariables adds the addons' plain outputs to the variables.
func (ws *workloadStack) addonVariables(vars map[string]any) {
	for _, o := range ws.addonOuts {
		if o.kind == outputVariable {
			vars[o.name] = o.value
		}
	}
}

// withAddonPolicies attaches the addons' managed policies to a role.
func (ws *workloadStack) withAddonPolicies(role fields) fields {
	if arns := ws.addonValues(outputPolicy); len(arns) > 0 {
		role.set("ManagedPolicyArns", arns)
	}
	return role
}
