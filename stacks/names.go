package stacks

import (
	"strings"

	"flightplan/schema"
)

// Copilot's tag keys.
const (
	tagApp      = "copilot-application"
	tagEnv      = "copilot-environment"
	tagWorkload = "copilot-service"
)

// maxStackName is CloudFormation's limit on a stack name.
const maxStackName = 128

// Stack names, as Copilot names them.
func appRolesStackName(app string) string            { return app + "-infrastructure-roles" }
func regionStackName(app, region string) string      { return app + "-infrastructure-" + region }
func envStackName(app, env string) string            { return app + "-" + env }
func workloadStackName(app, env, name string) string { return cut(app+"-"+env+"-"+name, maxStackName) }

// cut shortens s to at most n bytes; names are ASCII.
func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// SSM document paths.
func appParamName(app string) string            { return "/copilot/applications/" + app }
func envParamName(app, env string) string       { return appParamName(app) + "/environments/" + env }
func workloadParamName(app, name string) string { return appParamName(app) + "/components/" + name }

// exportName is the name of an environment stack's export: {app}-{env}-{suffix}.
func exportName(app, env, suffix string) string { return envStackName(app, env) + "-" + suffix }

// Environment role names.
func cfnExecRoleName(app, env string) string    { return app + "-" + env + "-CFNExecutionRole" }
func envManagerRoleName(app, env string) string { return app + "-" + env + "-EnvManagerRole" }

// partition is the AWS partition of a region.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// urlSuffix is the DNS suffix of a region's service endpoints.
func urlSuffix(region string) string {
	if partition(region) == "aws-cn" {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

// roleARN is the ARN of a named IAM role.
func roleARN(region, account, name string) string {
	return "arn:" + partition(region) + ":iam::" + account + ":role/" + name
}

// accountRoot is the ARN of an account's root principal.
func accountRoot(region, account string) string {
	return "arn:" + partition(region) + ":iam::" + account + ":root"
}

// logGroupName is a workload's log group in one environment.
func logGroupName(app, env, name string) string { return "/copilot/" + app + "-" + env + "-" + name }

// namespaceName is an environment's Cloud Map namespace.
func namespaceName(app, env string) string { return env + "." + app + ".local" }

// repoName is the ECR repository of an image.
func repoName(app, image string) string { return app + "/" + image }

// registry is the ECR registry host of an account in a region.
func registry(account, region string) string {
	return account + ".dkr.ecr." + region + "." + urlSuffix(region)
}

// imageURI is the image a deployment runs in an environment. A built image
// lives in the app account's repository in the environment's region (the
// region stack of that region creates it); tag empty means "latest".
func imageURI(cfg *schema.Config, ref schema.ImageRef, envRegion, tag string) string {
	if ref.Name == "" {
		return ref.URI
	}
	if img := cfg.Image(ref.Name); img != nil && img.Build == nil {
		return img.Location
	}
	if tag == "" {
		tag = "latest"
	}
	return registry(cfg.App.Account, envRegion) + "/" + repoName(cfg.App.Name, ref.Name) + ":" + tag
}

// copilotID is a name as Copilot's workload templates put it in a logical
// ID (their template function logicalIDSafe): the name without its
// non-alphanumeric characters, case kept ("order-events" → "orderevents").
// The topic, subscription and queue IDs of a workload stack use it so that
// flightplan's templates keep the logical IDs of a stack Copilot deployed.
func copilotID(name string) string { return alnum(name) }

// logicalID makes a name usable in a logical ID, injectively, as Copilot
// does: the first letter upper-cased and each "-" spelled "DASH" (names are
// lower case, so the result cannot collide with another name's).
func logicalID(name string) string {
	if name == "" {
		return ""
	}
	s := strings.ToUpper(name[:1]) + name[1:]
	return strings.ReplaceAll(s, "-", "DASH")
}
