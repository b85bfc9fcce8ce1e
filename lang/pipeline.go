package lang

import (
	"slices"

	"flightplan/schema"
)

var sourceProviders = []string{"GitHub", "Bitbucket", "CodeCommit"}

// loadPipelines evaluates the pipeline blocks, in file order.
func (l *loader) loadPipelines() {
	e := l.evaluator(l.globals("var", "local", "app", "image"), "A pipeline block")
	for _, n := range l.unique("pipeline") {
		l.cfg.Pipelines = append(l.cfg.Pipelines, l.pipeline(e, n))
		l.src.pipelines[n.Labels[0]] = n
	}
}

func (l *loader) pipeline(e *evaluator, n *node) *schema.Pipeline {
	p := &schema.Pipeline{Name: n.Labels[0], DeclRange: n.DefRange}
	if l.checkName(n, "pipeline") {
		for _, dn := range schema.PipelineNames(l.cfg.App.Name, p.Name) {
			l.checkDerived(n.labelRange(), dn)
		}
	}
	if src := n.block("source"); src != nil {
		p.Source.Branch = schema.DefaultSourceBranch
		e.oneOf(src, "provider", &p.Source.Provider, sourceProviders...)
		e.str(src, "repository", &p.Source.Repository)
		e.str(src, "branch", &p.Source.Branch)
		e.str(src, "connection_arn", &p.Source.ConnectionARN)
	} else {
		l.errorf(n.DefRange, "Missing source block", "Pipeline %q needs a source { provider, repository, branch } block saying what it releases.", p.Name)
	}
	if b := n.block("build"); b != nil {
		e.str(b, "image", &p.Build.Image)
		e.str(b, "compute_type", &p.Build.ComputeType)
		e.str(b, "buildspec", &p.Build.Buildspec)
	}
	p.Stages = l.stages(e, n)
	return p
}

// stages reads the stages in order; each names a known environment once.
func (l *loader) stages(e *evaluator, n *node) []schema.Stage {
	var out []schema.Stage
	var envs []string
	for _, env := range l.cfg.Environments {
		envs = append(envs, env.Name)
	}
	seen := map[string]bool{}
	for _, sn := range n.Blocks["stage"] {
		st := schema.Stage{Env: sn.Labels[0]}
		switch {
		case seen[st.Env]:
			l.errorf(sn.labelRange(), "Duplicate stage", "Pipeline %q already has a stage for environment %q; deploy to each environment once per pipeline.", n.Labels[0], st.Env)
		case !slices.Contains(envs, st.Env):
			l.errorf(sn.labelRange(), "Unknown environment", "A stage names an environment; there is no environment %q. The environments are %s.%s", st.Env, known(envs), suggest(st.Env, envs))
		}
		seen[st.Env] = true
		e.flag(sn, "requires_approval", &st.RequiresApproval)
		e.strs(sn, "test_commands", &st.TestCommands)
		e.strs(sn, "depends_on", &st.DependsOn)
		out = append(out, st)
	}
	if len(out) == 0 {
		l.errorf(n.DefRange, "Pipeline without stages", "Add at least one stage \"ENV\" {} block saying where pipeline %q deploys.", n.Labels[0])
	}
	return out
}
