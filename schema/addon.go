package schema

import (
	"fmt"
	"slices"
)

// addonSections are the top-level sections of an addon template that can
// be merged into the template of the stack the addon belongs to.
var addonSections = []string{"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Conditions", "Mappings", "Resources", "Outputs"}

// CheckAddonSection reports whether a top-level section of an addon
// template can be merged into its stack's template. flightplan merges an
// addon's sections into the workload's or environment's own template
// instead of deploying it as a nested stack, so a section that applies to a
// whole template (Transform, Rules) has nowhere to go.
func CheckAddonSection(name string) error {
	if slices.Contains(addonSections, name) {
		return nil
	}
	if name == "Transform" {
		return fmt.Errorf("section Transform cannot be merged into the stack: a transform (such as AWS::Serverless-2016-10-31) applies to a whole template, and an addon's resources join the workload's or environment's own template; write out the resources the transform would generate")
	}
	return fmt.Errorf("section %s cannot be merged into the stack (supported: Parameters, Conditions, Mappings, Resources, Outputs)", name)
}
