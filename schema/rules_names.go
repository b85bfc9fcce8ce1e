package schema

import "fmt"

// DerivedName is one AWS name built from the names in a file, with the limit
// AWS puts on its length.
type DerivedName struct {
	What string // e.g. "workload stack"
	Name string
	Max  int
}

// Check reports whether the name fits its limit.
func (d DerivedName) Check() error {
	if len(d.Name) > d.Max {
		return fmt.Errorf("the %s name %q is %d characters long; AWS allows %d. Shorten the names it is built from", d.What, d.Name, len(d.Name), d.Max)
	}
	return nil
}

// AppNames are the names derived from the app's name alone, or from the app
// and one region.
func AppNames(app, region string) []DerivedName {
	return []DerivedName{
		{"app roles stack", app + "-infrastructure-roles", 128},
		{"app regional stack", app + "-infrastructure-" + region, 128},
		{"service discovery namespace label", app, 63},
	}
}

// EnvNames are the names derived from the app and one environment: its
// stack and its IAM roles (IAM role names are limited to 64 characters).
func EnvNames(app, env string) []DerivedName {
	return []DerivedName{
		{"environment stack", app + "-" + env, 128},
		{"CloudFormation execution role", app + "-" + env + "-CFNExecutionRole", 64},
		{"environment manager role", app + "-" + env + "-EnvManagerRole", 64},
		{"service discovery namespace label", env, 63},
	}
}

// WorkloadNames are the names derived from a workload in one environment:
// its stack (which must stay unique, so it is checked rather than cut) and
// its log group.
func WorkloadNames(app, env, workload string) []DerivedName {
	return []DerivedName{
		{"workload stack", app + "-" + env + "-" + workload, 128},
		{"log group", "/copilot/" + app + "-" + env + "-" + workload, 512},
	}
}

// ImageNames are the names derived from an image: its ECR repository.
func ImageNames(app, image string) []DerivedName {
	return []DerivedName{{"ECR repository", app + "/" + image, 256}}
}

// PipelineNames are the names derived from a pipeline: its stack.
func PipelineNames(app, pipeline string) []DerivedName {
	return []DerivedName{{"pipeline stack", "pipeline-" + app + "-" + pipeline, 128}}
}
