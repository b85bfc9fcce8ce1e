package stacks

import (
	"path"
	"slices"
	"strings"

	"flightplan/schema"
)

// CodeBuild images, by platform.
const (
	codeBuildX86Image = "aws/codebuild/amazonlinux2-x86_64-standard:5.0"
	codeBuildARMImage = "aws/codebuild/amazonlinux2-aarch64-standard:3.0"
	codeBuildX86Type  = "LINUX_CONTAINER"
	codeBuildARMType  = "ARM_CONTAINER"
	defaultCompute    = "BUILD_GENERAL1_SMALL"
)

// buildGroup is one build project: the images it builds, natively on its
// platform.
type buildGroup struct {
	projectID, actionName string
	buildImage, envType   string // CodeBuild's environment image and type
	images                []*schema.Image
}

// buildGroups splits the built images by platform (see pipeline.go).
func (ps *pipelineStack) buildGroups() []buildGroup {
	var amd, arm []*schema.Image
	for _, img := range ps.compiler.cfg.Images {
		switch {
		case img.Build == nil:
		case img.Platform == schema.PlatformARM64:
			arm = append(arm, img)
		default:
			amd = append(amd, img)
		}
	}
	if img := ps.pipeline.Build.Image; img != "" && len(amd)+len(arm) > 0 {
		envType := codeBuildX86Type
		if len(amd) == 0 {
			envType = codeBuildARMType
		}
		return []buildGroup{{projectID: "BuildProject", actionName: "Build", buildImage: img, envType: envType, images: append(amd, arm...)}}
	}
	var gs []buildGroup
	if len(amd) > 0 {
		gs = append(gs, buildGroup{projectID: "BuildX86Project", actionName: "BuildX86", buildImage: codeBuildX86Image, envType: codeBuildX86Type, images: amd})
	}
	if len(arm) > 0 {
		gs = append(gs, buildGroup{projectID: "BuildArm64Project", actionName: "BuildArm64", buildImage: codeBuildARMImage, envType: codeBuildARMType, images: arm})
	}
	return gs
}

// buildStage runs the build projects in parallel; nil when nothing is built.
func (ps *pipelineStack) buildStage() obj {
	var actions list
	for _, g := range ps.buildGroups() {
		actions = append(actions, ps.codeBuildAction(g.actionName, g.projectID, 1, nil))
	}
	if len(actions) == 0 {
		return nil
	}
	return obj{"Name": "Build", "Actions": actions}
}

// projects adds the build, deploy and test projects.
func (ps *pipelineStack) projects() {
	for _, g := range ps.buildGroups() {
		spec := ps.buildSpec(g)
		if f := ps.pipeline.Build.Buildspec; f != "" {
			spec = path.Join(ps.configDir(), f)
		}
		ps.project(g.projectID, "build", "BuildRole", g.buildImage, g.envType, true, spec)
	}
	deploy := ps.project("DeployProject", "deploy", "DeployRole", codeBuildX86Image, codeBuildX86Type, false, ps.deploySpec())
	deploy["Environment"].(obj)["EnvironmentVariables"] = ps.deployEnvironment()
	for _, s := range ps.pipeline.Stages {
		if len(s.TestCommands) > 0 {
			ps.project(testProjectID(s.Env), "test-"+s.Env, "BuildRole", codeBuildX86Image, codeBuildX86Type, false, testSpec(s))
		}
	}
}

func testProjectID(env string) string { return "Test" + logicalID(env) + "Project" }

// project adds one CodeBuild project fed by the pipeline and returns its
// properties. The file's compute_type sizes the image builds; deploy and
// test projects are small.
func (ps *pipelineStack) project(id, suffix, role, image, typ string, privileged bool, buildspec string) obj {
	compute := ps.pipeline.Build.ComputeType
	if compute == "" || !privileged {
		compute = defaultCompute
	}
	props := obj{
		"Name":          cut(ps.projectPrefix()+suffix, 255),
		"ServiceRole":   getAtt(role, "Arn"),
		"EncryptionKey": importValue(artifactKeyExport(ps.compiler.cfg.App.Name)),
		"Artifacts":     obj{"Type": "CODEPIPELINE"},
		"Source":        obj{"Type": "CODEPIPELINE", "BuildSpec": buildspec},
		"Environment": obj{
			"Type":           typ,
			"Image":          image,
			"ComputeType":    compute,
			"PrivilegedMode": privileged,
		},
		"TimeoutInMinutes": 60,
	}
	ps.template.add(id, "AWS::CodeBuild::Project", props)
	return props
}

// projectPrefix starts every project's name; the roles may write the
// logs of projects named so.
func (ps *pipelineStack) projectPrefix() string {
	return pipelineStackName(ps.compiler.cfg.App.Name, ps.pipeline.Name) + "-"
}

// configDir is the configuration's folder in the repository.
func (ps *pipelineStack) configDir() string { return path.Dir(ps.configPath()) }

func (ps *pipelineStack) configPath() string {
	if p := ps.compiler.opts.ConfigPath; p != "" {
		return p
	}
	return "flightplan.hcl"
}

// roles adds the pipeline's role and the projects' roles.
func (ps *pipelineStack) roles() {
	app := ps.compiler.cfg.App
	var projects list
	for _, g := range ps.buildGroups() {
		projects = append(projects, getAtt(g.projectID, "Arn"))
	}
	projects = append(projects, getAtt("DeployProject", "Arn"))
	for _, s := range ps.pipeline.Stages {
		if len(s.TestCommands) > 0 {
			projects = append(projects, getAtt(testProjectID(s.Env), "Arn"))
		}
	}
	stmts := append(ps.artifactStatements(),
		allow([]string{"codebuild:BatchGetBuilds", "codebuild:StartBuild", "codebuild:StopBuild"}, projects))
	stmts = append(stmts, ps.sourceStatements()...)
	ps.template.add("PipelineRole", "AWS::IAM::Role", ps.compiler.role(app.Account, app.Region,
		serviceTrust("codepipeline.amazonaws.com"), inlinePolicy("Pipeline", stmts...)))
	ps.template.add("BuildRole", "AWS::IAM::Role", ps.compiler.role(app.Account, app.Region,
		serviceTrust("codebuild.amazonaws.com"), inlinePolicy("Build", append(ps.projectStatements(), ps.pushStatements()...)...)))
	ps.template.add("DeployRole", "AWS::IAM::Role", ps.compiler.role(app.Account, app.Region,
		serviceTrust("codebuild.amazonaws.com"), inlinePolicy("Deploy", append(ps.projectStatements(), ps.deployStatements()...)...)))
}

// artifactStatements read and write the artifact bucket with its key.
func (ps *pipelineStack) artifactStatements() []any {
	app := ps.compiler.cfg.App
	bucket := join("", "arn:"+partition(app.Region)+":s3:::", importValue(artifactBucketExport(app.Name)))
	return []any{
		allow([]string{"s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:ListBucket"}, bucket),
		allow([]string{"s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"}, join("", bucket, "/*")),
		allow([]string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"},
			importValue(artifactKeyExport(app.Name))),
	}
}

// sourceStatements use the connection or read the CodeCommit repository.
func (ps *pipelineStack) sourceStatements() []any {
	if ps.codeStar() {
		return []any{allow([]string{"codestar-connections:UseConnection"}, ps.connectionARN())}
	}
	return []any{allow([]string{"codecommit:CancelUploadArchive", "codecommit:GetBranch", "codecommit:GetCommit",
		"codecommit:GetUploadArchiveStatus", "codecommit:UploadArchive"}, ps.codeCommitARN())}
}

// projectStatements are what every project needs: its logs and artifacts.
func (ps *pipelineStack) projectStatements() []any {
	app := ps.compiler.cfg.App
	logs := "arn:" + partition(app.Region) + ":logs:" + app.Region + ":" + app.Account + ":log-group:/aws/codebuild/" + ps.projectPrefix() + "*"
	return append([]any{allow([]string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}, mkList(logs, logs+":*"))},
		ps.artifactStatements()...)
}

// builtRepositories are the app's repositories of the built images, in
// every region that has them.
func (ps *pipelineStack) builtRepositories() list {
	app := ps.compiler.cfg.App
	var repos list
	for _, region := range ps.compiler.regions() {
		for _, g := range ps.buildGroups() {
			for _, img := range g.images {
				repos = append(repos, "arn:"+partition(region)+":ecr:"+region+":"+app.Account+":repository/"+repoName(app.Name, img.Name))
			}
		}
	}
	return repos
}

// pushStatements push to the repositories of the built images.
func (ps *pipelineStack) pushStatements() []any {
	repos := ps.builtRepositories()
	if len(repos) == 0 {
		return nil
	}
	return []any{
		allow([]string{"ecr:GetAuthorizationToken"}, "*"),
		allow([]string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:GetDownloadUrlForLayer",
			"ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"}, repos),
	}
}

// deployStatements let flightplan read the app's state, write its SSM
// documents and lock, and assume the stage environments' roles.
func (ps *pipelineStack) deployStatements() []any {
	app := ps.compiler.cfg.App
	ssm := "arn:" + partition(app.Region) + ":ssm:" + app.Region + ":" + app.Account + ":parameter"
	stmts := []any{
		allow([]string{"sts:GetCallerIdentity", "ssm:DescribeParameters", "cloudformation:DescribeStacks", "cloudformation:ListStacks"}, "*"),
		allow([]string{"ssm:AddTagsToResource", "ssm:DeleteParameter", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
			"ssm:ListTagsForResource", "ssm:PutParameter"}, mkList(
			ssm+appParamName(app.Name), ssm+appParamName(app.Name)+"/*", ssm+"/flightplan/locks/"+app.Name,
		)),
		allow([]string{"cloudformation:DescribeStackEvents", "cloudformation:DescribeStackResources", "cloudformation:GetTemplate"},
			"arn:"+partition(app.Region)+":cloudformation:*:"+app.Account+":stack/"+app.Name+"-infrastructure-*"),
	}
	if repos := ps.builtRepositories(); len(repos) > 0 {
		// The plan looks for the build's tag in the repositories.
		stmts = append(stmts, allow([]string{"ecr:DescribeImages"}, repos))
	}
	if roles := ps.stageRoles(); len(roles) > 0 {
		stmts = append(stmts, allow([]string{"sts:AssumeRole"}, strs(roles)))
	}
	return stmts
}

// stageRoles are the roles the deploy action assumes: each stage
// environment's role_arn, or its EnvManagerRole.
func (ps *pipelineStack) stageRoles() []string {
	app := ps.compiler.cfg.App.Name
	var roles []string
	for _, s := range ps.pipeline.Stages {
		env := ps.compiler.cfg.Environment(s.Env)
		if env == nil {
			continue
		}
		if env.RoleARN != "" {
			roles = append(roles, env.RoleARN)
		} else {
			roles = append(roles, roleARN(env.Region, env.Account, envManagerRoleName(app, env.Name)))
		}
	}
	return slices.Compact(slices.Sorted(slices.Values(roles)))
}

// toolURL is the flightplan download for an architecture ("" for none).
func (ps *pipelineStack) toolURL(arch string) string {
	return strings.ReplaceAll(ps.compiler.opts.ToolURL, "{arch}", arch)
}
