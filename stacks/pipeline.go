package stacks

import (
	"strings"

	"flightplan/addr"
	"flightplan/schema"
)

// Pipelines: the stack pipeline-{app}-{name} in the app's account and
// region holds a CodePipeline (V2) and its CodeBuild projects:
//
//	Source                 CodeStar connection (GitHub, Bitbucket) or CodeCommit
//	Build                  one action per platform of the built images, in parallel
//	Deploy-{env}, in order [Approve] → Deploy → [Test]
//
// The source connection is created in the stack unless connection_arn
// names an existing one. Artifacts go to the bucket and key of the app's
// region stack, imported from its exports {app}-ArtifactBucket and
// {app}-ArtifactKey.
//
// Builds run natively: arm64 images on an ARM CodeBuild image
// (amazonlinux2-aarch64-standard:3.0, ARM_CONTAINER), amd64 images on
// amazonlinux2-x86_64-standard:5.0 (LINUX_CONTAINER). When the file builds
// images of both platforms, the Build stage has one action per platform,
// running in parallel, rather than emulating one platform on the other
// (slow, and a QEMU install in every build). build.image replaces both by
// one project on that image (ARM_CONTAINER when every built image is
// arm64), which must then be able to build every platform it is given.
//
// Each Deploy action is a CodeBuild build of one shared project that runs
// flightplan itself on the source with the build's image tag (the first 12
// characters of the commit, as the CLI tags a clean work tree):
// `flightplan render` (kept as the action's output for review), then
// `flightplan apply --auto-approve --target deploy/{env}/{workload} …` for
// every workload of the stage's environment (a stage's depends_on
// workloads first, in their own apply). --target brings along what the
// targets depend on, so the environment itself is applied too.
//
// The deploy action reaches each stage environment as Copilot's pipelines
// do, with nothing to set in the file: it assumes the environment's
// {app}-{env}-EnvManagerRole, which trusts the app's account (a role_arn
// of the environment's block is assumed as given instead). The deploy
// project sets EnvManagerRoleVariable, so flightplan in the build runs with
// Options.ViaEnvManagerRole. The EnvManagerRole may drive CloudFormation
// and pass the {app}-{env}-CFNExecutionRole, which CloudFormation runs the
// environment's stacks as (Stack.ServiceRole); so the environment must have
// been applied once, from a machine with its account's credentials, before
// its pipeline stage runs, as with Copilot's env deploy.
//
// The deploy action downloads flightplan from Options.ToolURL; without one,
// a warning in Desired.Warnings says what to set.

// pipelineNode is a pipeline's stack.
func (c *compiler) pipelineNode(p *schema.Pipeline) *Node {
	app := c.cfg.App
	n := c.appHome(addr.Pipeline(p.Name))
	tags := c.appTags()
	tags[tagPipeline] = p.Name
	n.Stack = &Stack{
		Name:     pipelineStackName(app.Name, p.Name),
		Template: c.pipelineTemplate(p).json(),
		Tags:     tags,
	}
	n.DependsOn = []addr.Address{addr.App(), addr.Region(app.Region)}
	for _, s := range p.Stages {
		n.DependsOn = append(n.DependsOn, addr.Env(s.Env))
	}
	return n
}

// tagPipeline is Copilot's pipeline tag.
const tagPipeline = "copilot-pipeline"

func pipelineStackName(app, name string) string { return cut("pipeline-"+app+"-"+name, maxStackName) }

// pipelineStack is one pipeline's stack under construction: the template
// being built and the pipeline it is built from.
type pipelineStack struct {
	compiler *compiler
	template *template
	pipeline *schema.Pipeline
}

func (c *compiler) pipelineTemplate(p *schema.Pipeline) *template {
	ps := &pipelineStack{compiler: c, pipeline: p, template: newTemplate("flightplan: pipeline " + p.Name + " of " + c.cfg.App.Name + ".")}
	ps.connection()
	ps.roles()
	ps.projects()
	stages := list{ps.sourceStage()}
	if b := ps.buildStage(); b != nil {
		stages = append(stages, b)
	}
	for _, s := range p.Stages {
		stages = append(stages, ps.deployStage(s))
	}
	ps.template.add("Pipeline", "AWS::CodePipeline::Pipeline", obj{
		"Name":                     cut(pipelineStackName(c.cfg.App.Name, p.Name), 100),
		"PipelineType":             "V2",
		"RoleArn":                  getAtt("PipelineRole", "Arn"),
		"RestartExecutionOnUpdate": false,
		"ArtifactStore": obj{
			"Type":          "S3",
			"Location":      importValue(artifactBucketExport(c.cfg.App.Name)),
			"EncryptionKey": obj{"Id": importValue(artifactKeyExport(c.cfg.App.Name)), "Type": "KMS"},
		},
		"Stages": stages,
	})
	ps.template.output("PipelineName", ref("Pipeline"), "")
	ps.toolCaution()
	return ps.template
}

// codeStar reports whether the source goes through a CodeStar connection.
func (ps *pipelineStack) codeStar() bool { return ps.pipeline.Source.Provider != "CodeCommit" }

// connection adds the CodeStar connection unless the file names one. The
// connection is created PENDING: someone completes the handshake once in
// the console, as with Copilot.
func (ps *pipelineStack) connection() {
	src := ps.pipeline.Source
	if !ps.codeStar() {
		if src.ConnectionARN != "" {
			ps.compiler.unsupported = append(ps.compiler.unsupported, addr.Pipeline(ps.pipeline.Name).String()+
				": connection_arn is not used with a CodeCommit source")
		}
		return
	}
	if src.ConnectionARN != "" {
		return
	}
	ps.template.add("SourceConnection", "AWS::CodeStarConnections::Connection", obj{
		"ConnectionName": cut(ps.compiler.cfg.App.Name+"-"+ps.pipeline.Name, 32),
		"ProviderType":   src.Provider,
	})
	ps.template.output("SourceConnectionArn", ref("SourceConnection"), "")
}

// connectionARN is the connection the source action uses.
func (ps *pipelineStack) connectionARN() any {
	if arn := ps.pipeline.Source.ConnectionARN; arn != "" {
		return arn
	}
	return getAtt("SourceConnection", "ConnectionArn")
}

// sourceStage fetches the branch.
func (ps *pipelineStack) sourceStage() obj {
	src := ps.pipeline.Source
	action := obj{"Name": "Source", "RunOrder": 1, "OutputArtifacts": mkList(obj{"Name": "SourceOutput"})}
	if ps.codeStar() {
		action["ActionTypeId"] = actionType("Source", "CodeStarSourceConnection")
		action["Configuration"] = obj{
			"ConnectionArn":        ps.connectionARN(),
			"FullRepositoryId":     repositoryID(src.Repository),
			"BranchName":           src.Branch,
			"OutputArtifactFormat": "CODE_ZIP",
		}
	} else {
		action["ActionTypeId"] = actionType("Source", "CodeCommit")
		action["Configuration"] = obj{
			"RepositoryName":       lastSegment(src.Repository),
			"BranchName":           src.Branch,
			"PollForSourceChanges": false,
		}
		ps.codeCommitTrigger()
	}
	return obj{"Name": "Source", "Actions": mkList(action)}
}

// codeCommitTrigger starts the pipeline on a push to the branch.
func (ps *pipelineStack) codeCommitTrigger() {
	app := ps.compiler.cfg.App
	pipelineARN := join("", "arn:"+partition(app.Region)+":codepipeline:"+app.Region+":"+app.Account+":", ref("Pipeline"))
	ps.template.add("SourceEventRole", "AWS::IAM::Role", ps.compiler.role(app.Account, app.Region, serviceTrust("events.amazonaws.com"),
		inlinePolicy("StartPipeline", allow([]string{"codepipeline:StartPipelineExecution"}, pipelineARN))))
	ps.template.add("SourceEventRule", "AWS::Events::Rule", obj{
		"EventPattern": obj{
			"source":      mkList("aws.codecommit"),
			"detail-type": mkList("CodeCommit Repository State Change"),
			"resources":   mkList(ps.codeCommitARN()),
			"detail":      obj{"event": mkList("referenceCreated", "referenceUpdated"), "referenceType": mkList("branch"), "referenceName": mkList(ps.pipeline.Source.Branch)},
		},
		"Targets": mkList(obj{"Arn": pipelineARN, "Id": "Pipeline", "RoleArn": getAtt("SourceEventRole", "Arn")}),
	})
}

func (ps *pipelineStack) codeCommitARN() string {
	app := ps.compiler.cfg.App
	return "arn:" + partition(app.Region) + ":codecommit:" + app.Region + ":" + app.Account + ":" + lastSegment(ps.pipeline.Source.Repository)
}

// deployStage is one environment's stage.
func (ps *pipelineStack) deployStage(s schema.Stage) obj {
	var actions list
	order := 1
	if s.RequiresApproval {
		actions = append(actions, obj{"Name": "Approve", "RunOrder": order, "ActionTypeId": actionType("Approval", "Manual")})
		order++
	}
	deploy := ps.codeBuildAction("Deploy", "DeployProject", order, ps.deployVariables(s))
	deploy["OutputArtifacts"] = list{obj{"Name": "Rendered" + logicalID(s.Env)}}
	actions = append(actions, deploy)
	if len(s.TestCommands) > 0 {
		actions = append(actions, ps.codeBuildAction("Test", testProjectID(s.Env), order+1, nil))
	}
	return obj{"Name": "Deploy-" + s.Env, "Actions": actions}
}

// codeBuildAction runs a project on the source, with extra variables.
func (ps *pipelineStack) codeBuildAction(name, project string, order int, vars []any) obj {
	cfg := obj{"ProjectName": ref(project)}
	if len(vars) > 0 {
		cfg["EnvironmentVariables"] = compactJSON(vars)
	}
	return obj{
		"Name":           name,
		"RunOrder":       order,
		"ActionTypeId":   actionType("Build", "CodeBuild"),
		"InputArtifacts": mkList(obj{"Name": "SourceOutput"}),
		"Configuration":  cfg,
	}
}

// actionType is an AWS-owned action type.
func actionType(category, provider string) obj {
	return obj{"Category": category, "Owner": "AWS", "Provider": provider, "Version": "1"}
}

// repositoryID is "owner/repo" from a repository URL (or as given).
func repositoryID(repo string) string {
	repo = strings.TrimSuffix(strings.TrimSuffix(repo, "/"), ".git")
	for _, host := range []string{"github.com/", "bitbucket.org/"} {
		if _, rest, ok := strings.Cut(repo, host); ok {
			return rest
		}
	}
	return repo
}

// lastSegment is a CodeCommit repository's name from a name, URL or ARN.
func lastSegment(repo string) string {
	repo = strings.TrimSuffix(strings.TrimSuffix(repo, "/"), ".git")
	if i := strings.LastIndexAny(repo, "/:"); i >= 0 {
		return repo[i+1:]
	}
	return repo
}

// toolCaution notes, once per pipeline, that the deploy action has no
// flightplan to download: a warning located at its block (Desired.Warnings).
func (ps *pipelineStack) toolCaution() {
	if ps.compiler.opts.ToolURL == "" {
		ps.compiler.unsupported = append(ps.compiler.unsupported,
			addr.Pipeline(ps.pipeline.Name).String()+": "+toolCautionDetail)
	}
}

// toolCautionSummary and toolCautionDetail say what a pipeline without a
// flightplan download lacks and exactly what to set.
const (
	toolCautionSummary = "Pipeline cannot download flightplan"
	toolCautionDetail  = "the deploy action runs flightplan, which CodeBuild's image does not have, and no download URL is known for it: " +
		"set FLIGHTPLAN_TOOL_URL to the URL of flightplan's Linux binary, \"{arch}\" standing for amd64 or arm64 " +
		"(e.g. https://downloads.example.com/flightplan/1.4.0/flightplan_linux_{arch}), when you plan and apply the pipeline"
)
