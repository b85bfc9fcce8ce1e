package stacks

import (
	"fmt"
	"slices"

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
	n := &Node{
		Addr: addr.Deploy(envName, w.Name), Account: env.Account, Region: env.Region,
		Profile: env.Profile, RoleARN: env.RoleARN,
	}
	tags := c.envTags(env)
	tags[tagWorkload] = w.Name
	x := c.workloadTemplate(w, env)
	params := map[string]string{"AppName": app, "EnvName": envName, "WorkloadName": w.Name}
	for k, v := range x.params {
		params[k] = v
	}
	n.Stack = &Stack{
		Name:       workloadStackName(app, envName, w.Name),
		Template:   x.t.json(),
		Parameters: params,
		Tags:       tags,
		Inputs:     x.inputs,
	}
	n.DependsOn = []addr.Address{addr.Env(envName), addr.Workload(w.Name), addr.Region(env.Region)}
	if img := c.builtImage(w.Deployments[envName]); img != "" {
		n.DependsOn = append(n.DependsOn, addr.Image(img))
	}
	for _, dep := range w.DependsOn {
		if other := c.cfg.Workload(dep); other != nil && slices.Contains(other.Environments, envName) {
			n.DependsOn = append(n.DependsOn, addr.Deploy(envName, dep))
		}
	}
	// A subscriber imports its publishers' topic ARNs.
	for _, s := range x.subscriptions() {
		n.DependsOn = append(n.DependsOn, addr.Deploy(envName, s.Service))
	}
	return n
}

// wl is one workload's stack under construction in one environment.
type wl struct {
	c   *compiler
	t   *template
	w   *schema.Workload
	d   *schema.Deployment
	env *schema.Environment
	// addonOuts are the wired outputs of the merged addons; params the
	// stack parameters the addons need.
	addonOuts []addonOutput
	params    map[string]string
	inputs    []Input // parameters read from other nodes' outputs at apply
}

// workloadTemplate compiles a service or job for one environment. Errors
// (in addons) are collected in c.errs.
func (c *compiler) workloadTemplate(w *schema.Workload, env *schema.Environment) *wl {
	x := &wl{c: c, w: w, d: w.Deployments[env.Name], env: env,
		t: newTemplate("flightplan: " + w.Type.CopilotName() + " " + w.Name + " in environment " + env.Name + " of " + c.cfg.App.Name + ".")}
	x.t.param("AppName", "The application's name.")
	x.t.param("EnvName", "The environment's name.")
	x.t.param("WorkloadName", "The workload's name.")
	x.mergeAddons()
	x.topics()
	switch {
	case w.Type == schema.TypeRequestDriven:
		x.rdws()
		return x
	case w.Type == schema.TypeWorker:
		x.worker()
	}
	x.logGroup()
	x.executionRole()
	x.taskRole()
	x.taskDefinition()
	if w.Kind == schema.KindJob {
		x.job()
	} else {
		x.service()
	}
	return x
}

// mergeAddons merges the deployment's addons into its template.
func (x *wl) mergeAddons() {
	if len(x.d.Addons) == 0 {
		return
	}
	literals := map[string]string{"App": x.c.cfg.App.Name, "Env": x.env.Name, "Name": x.w.Name}
	outs, params, err := mergeAddons(x.t, x.d.Addons, literals)
	if err != nil {
		x.c.errs = append(x.c.errs, fmt.Errorf("%s %q in environment %q: %w", x.w.Kind, x.w.Name, x.env.Name, err))
		return
	}
	x.addonOuts, x.params = outs, params
}

// importEnv imports one of the environment stack's exports.
func (x *wl) importEnv(suffix string) obj {
	return importValue(exportName(x.c.cfg.App.Name, x.env.Name, suffix))
}

// fullName is {app}-{env}-{name}, the prefix of the workload's AWS names.
func (x *wl) fullName() string { return x.c.cfg.App.Name + "-" + x.env.Name + "-" + x.w.Name }

// private reports whether the tasks run in the private subnets.
func (x *wl) private() bool { return x.d.Network.Placement == schema.PlacementPrivate }

// subnets are the tasks' subnets, from the environment's exports.
func (x *wl) subnets() obj {
	if x.private() {
		return split(",", x.importEnv("PrivateSubnets"))
	}
	return split(",", x.importEnv("PublicSubnets"))
}

// assignPublicIP is ENABLED only for tasks in the public subnets.
func (x *wl) assignPublicIP() string {
	if x.private() {
		return "DISABLED"
	}
	return "ENABLED"
}

// securityGroups are the environment's security group, the file's, and
// the addons' security groups.
func (x *wl) securityGroups() list {
	l := append(list{x.importEnv("EnvironmentSecurityGroup")}, strs(x.d.Network.SecurityGroups)...)
	return append(l, x.addonValues(outputSecurityGroup)...)
}

// addonValues are the values of the addons' outputs of one kind.
func (x *wl) addonValues(kind int) list {
	var l list
	for _, o := range x.addonOuts {
		if o.kind == kind {
			l = append(l, o.value)
		}
	}
	return l
}

// addonVariables adds the addons' plain outputs to the variables.
func (x *wl) addonVariables(vars map[string]any) {
	for _, o := range x.addonOuts {
		if o.kind == outputVariable {
			vars[o.name] = o.value
		}
	}
}

// withAddonPolicies attaches the addons' managed policies to a role.
func (x *wl) withAddonPolicies(role obj) obj {
	if arns := x.addonValues(outputPolicy); len(arns) > 0 {
		role["ManagedPolicyArns"] = arns
	}
	return role
}
