package stacks

import (
	"path"
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
	id, action string
	image, typ string
	images     []*schema.Image
}

// buildGroups splits the built images by platform (see pipeline.go).
func (x *pl) buildGroups() []buildGroup {
	var amd, arm []*schema.Image
	for _, img := range x.c.cfg.Images {
		switch {
		case img.Build == nil:
		case img.Platform == schema.PlatformARM64:
			arm = append(arm, img)
		default:
			amd = append(amd, img)
		}
	}
	if img := x.p.Build.Image; img != "" && len(amd)+len(arm) > 0 {
		typ := codeBuildX86Type
		if len(amd) == 0 {
			typ = codeBuildARMType
		}
		return []buildGroup{{id: "BuildProject", action: "Build", image: img, typ: typ, images: append(amd, arm...)}}
	}
	var gs []buildGroup
	if len(amd) > 0 {
		gs = append(gs, buildGroup{id: "BuildX86Project", action: "BuildX86", image: codeBuildX86Image, typ: codeBuildX86Type, images: amd})
	}
	if len(arm) > 0 {
		gs = append(gs, buildGroup{id: "BuildArm64Project", action: "BuildArm64", image: codeBuildARMImage, typ: codeBuildARMType, images: arm})
	}
	return gs
}

// buildStage runs the build projects in parallel; nil when nothing is built.
func (x *pl) buildStage() obj {
	var actions list
	for _, g := range x.buildGroups() {
		actions = append(actions, x.codeBuildAction(g.action, g.id, 1, nil))
	}
	if len(actions) == 0 {
		return nil
	}
	return obj{"Name": "Build", "Actions": actions}
}

// projects adds the build, deploy and test projects.
func (x *pl) projects() {
	for _, g := range x.buildGroups() {
		spec := x.buildSpec(g)
		if f := x.p.Build.Buildspec; f != "" {
			spec = path.Join(x.configDir(), f)
		}
		x.project(g.id, "build", "BuildRole", g.image, g.typ, true, spec)
	}
	deploy := x.project("DeployProject", "deploy", "DeployRole", codeBuildX86Image, codeBuildX86Type, false, x.deploySpec())
	deploy["Environment"].(obj)["EnvironmentVariables"] = x.deployEnvironment()
	for _, s := range x.p.Stages {
		if len(s.TestCommands) > 0 {
			x.project(testProjectID(s.Env), "test-"+s.Env, "BuildRole", codeBuildX86Image, codeBuildX86Type, false, testSpec(s))
		}
	}
}

func testProjectID(env string) string { return "Test" + logicalID(env) + "Project" }

// project adds one CodeBuild project fed by the pipeline and returns its
// properties. The file's compute_type sizes the image builds; deploy and
// test projects are small.
func (x *pl) project(id, suffix, role, image, typ string, privileged bool, buildspec string) obj {
	compute := x.p.Build.ComputeType
	if compute == "" || !privileged {
		compute = defaultCompute
	}
	props := obj{
		"Name":          cut(x.projectPrefix()+suffix, 255),
		"ServiceRole":   getAtt(role, "Arn"),
		"EncryptionKey": importValue(artifactKeyExport(x.c.cfg.App.Name)),
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
	x.t.add(id, "AWS::CodeBuild::Project", props)
	return props
}

// projectPrefix starts every project's name; the roles may write the
// logs of projects named so.
func (x *pl) projectPrefix() string { return pipelineStackName(x.c.cfg.App.Name, x.p.Name) + "-" }

// configDir is the configuration's folder in the repository.
func (x *pl) configDir() string { return path.Dir(x.configPath()) }

func (x *pl) configPath() string {
	if p := x.c.opts.ConfigPath; p != "" {
		return p
	}
	return "flightplan.hcl"
}

// roles adds the pipeline's role and the projects' roles.
func (x *pl) roles() {
	app := x.c.cfg.App
	var projects list
	for _, g := range x.buildGroups() {
		projects = append(projects, getAtt(g.id, "Arn"))
	}
	projects = append(projects, getAtt("DeployProject", "Arn"))
	for _, s := range x.p.Stages {
		if len(s.TestCommands) > 0 {
			projects = append(projects, getAtt(testProjectID(s.Env), "Arn"))
		}
	}
	stmts := append(x.artifactStatements(),
		allow([]string{"codebuild:BatchGetBuilds", "codebuild:StartBuild", "codebuild:StopBuild"}, projects))
	stmts = append(stmts, x.sourceStatements()...)
	x.t.add("PipelineRole", "AWS::IAM::Role", x.c.role(app.Account, app.Region,
		trust(servicePrincipal("codepipeline.amazonaws.com")), inlinePolicy("Pipeline", stmts...)))
	x.t.add("BuildRole", "AWS::IAM::Role", x.c.role(app.Account, app.Region,
		trust(servicePrincipal("codebuild.amazonaws.com")), inlinePolicy("Build", append(x.projectStatements(), x.pushStatements()...)...)))
	x.t.add("DeployRole", "AWS::IAM::Role", x.c.role(app.Account, app.Region,
		trust(servicePrincipal("codebuild.amazonaws.com")), inlinePolicy("Deploy", append(x.projectStatements(), x.deployStatements()...)...)))
}

// artifactStatements read and write the artifact bucket with its key.
func (x *pl) artifactStatements() []obj {
	app := x.c.cfg.App
	bucket := join("", "arn:"+partition(app.Region)+":s3:::", importValue(artifactBucketExport(app.Name)))
	return []obj{
		allow([]string{"s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:ListBucket"}, bucket),
		allow([]string{"s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"}, join("", bucket, "/*")),
		allow([]string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"},
			importValue(artifactKeyExport(app.Name))),
	}
}

// sourceStatements use the connection or read the CodeCommit repository.
func (x *pl) sourceStatements() []obj {
	if x.codeStar() {
		return []obj{allow([]string{"codestar-connections:UseConnection"}, x.connectionARN())}
	}
	return []obj{allow([]string{"codecommit:CancelUploadArchive", "codecommit:GetBranch", "codecommit:GetCommit",
		"codecommit:GetUploadArchiveStatus", "codecommit:UploadArchive"}, x.codeCommitARN())}
}

// projectStatements are what every project needs: its logs and artifacts.
func (x *pl) projectStatements() []obj {
	app := x.c.cfg.App
	logs := "arn:" + partition(app.Region) + ":logs:" + app.Region + ":" + app.Account + ":log-group:/aws/codebuild/" + x.projectPrefix() + "*"
	return append([]obj{allow([]string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}, list{logs, logs + ":*"})},
		x.artifactStatements()...)
}

// pushStatements push to the app's repositories of the built images, in
// every region that has them.
func (x *pl) pushStatements() []obj {
	app := x.c.cfg.App
	var repos list
	for _, region := range x.c.regions() {
		for _, g := range x.buildGroups() {
			for _, img := range g.images {
				repos = append(repos, "arn:"+partition(region)+":ecr:"+region+":"+app.Account+":repository/"+repoName(app.Name, img.Name))
			}
		}
	}
	if len(repos) == 0 {
		return nil
	}
	return []obj{
		allow([]string{"ecr:GetAuthorizationToken"}, "*"),
		allow([]string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:GetDownloadUrlForLayer",
			"ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"}, repos),
	}
}

// deployStatements let flightplan read the app's state, write its SSM
// documents and lock, and assume the stage environments' roles.
func (x *pl) deployStatements() []obj {
	app := x.c.cfg.App
	ssm := "arn:" + partition(app.Region) + ":ssm:" + app.Region + ":" + app.Account + ":parameter"
	stmts := []obj{
		allow([]string{"sts:GetCallerIdentity", "ssm:DescribeParameters", "cloudformation:DescribeStacks", "cloudformation:ListStacks"}, "*"),
		allow([]string{"ssm:AddTagsToResource", "ssm:DeleteParameter", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
			"ssm:ListTagsForResource", "ssm:PutParameter"}, list{
			ssm + appParamName(app.Name), ssm + appParamName(app.Name) + "/*", ssm + "/flightplan/locks/" + app.Name,
		}),
		allow([]string{"cloudformation:DescribeStackEvents", "cloudformation:DescribeStackResources", "cloudformation:GetTemplate"},
			"arn:"+partition(app.Region)+":cloudformation:*:"+app.Account+":stack/"+app.Name+"-infrastructure-*"),
	}
	if roles := x.stageRoles(); len(roles) > 0 {
		stmts = append(stmts, allow([]string{"sts:AssumeRole"}, strs(roles)))
	}
	return stmts
}

// stageRoles are the roles the deploy action assumes: each stage
// environment's role_arn, or its EnvManagerRole.
func (x *pl) stageRoles() []string {
	app := x.c.cfg.App.Name
	var roles []string
	for _, s := range x.p.Stages {
		env := x.c.cfg.Environment(s.Env)
		if env == nil {
			continue
		}
		if env.RoleARN != "" {
			roles = append(roles, env.RoleARN)
		} else {
			roles = append(roles, roleARN(env.Region, env.Account, envManagerRoleName(app, env.Name)))
		}
	}
	return sortedUnique(roles)
}

// toolURL is the flightplan download for an architecture ("" for none).
func (x *pl) toolURL(arch string) string {
	return strings.ReplaceAll(x.c.opts.ToolURL, "{arch}", arch)
}
