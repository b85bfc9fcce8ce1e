package ssm

import (
	"fmt"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// The messages SSM returns for names it refuses.
const (
	msgNameChars = `Parameter name: can't be prefixed with "aws" or "ssm" (case-insensitive). ` +
		`If formed as a path, it can consist of sub-paths divided by slash symbol; ` +
		`each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_`
	msgNameQualified = "Parameter name must be a fully qualified name."
	msgNameSlash     = "Parameter name must not end with slash."
	maxNameLength    = 2048
	maxHierarchy     = 15
)

// checkName applies SSM's rules for a parameter name: 1 to 2048 characters
// of letters, digits and . - _ /, hierarchical names start with a slash and
// do not end with one, at most 15 levels, and no "aws" or "ssm" prefix
// (case-insensitive) since those are reserved for AWS.
func checkName(name string) error {
	if err := checkNameLength("name", name); err != nil {
		return err
	}
	if strings.Contains(name, "/") && !strings.HasPrefix(name, "/") {
		return simcore.Errorf("ValidationException", msgNameQualified)
	}
	if strings.HasSuffix(name, "/") {
		return simcore.Errorf("ValidationException", msgNameSlash)
	}
	if strings.Count(name, "/") > maxHierarchy {
		return simcore.Errorf("HierarchyLevelLimitExceededException",
			"A hierarchy can have a maximum of %d levels.", maxHierarchy)
	}
	lower := strings.ToLower(strings.TrimPrefix(name, "/"))
	if !validNameChars(name) || strings.HasPrefix(lower, "aws") || strings.HasPrefix(lower, "ssm") {
		return simcore.Errorf("ValidationException", msgNameChars)
	}
	return nil
}

// checkNameLength applies the model's length constraint on a name member.
func checkNameLength(member, name string) error {
	switch {
	case name == "":
		return validationf(member, name, "Member must have length greater than or equal to 1")
	case len(name) > maxNameLength:
		return validationf(member, name, fmt.Sprintf("Member must have length less than or equal to %d", maxNameLength))
	}
	return nil
}

// checkPath applies the rules for the Path of GetParametersByPath.
func checkPath(path string) error {
	if err := checkNameLength("path", path); err != nil {
		return err
	}
	if !strings.HasPrefix(path, "/") || !validNameChars(path) || strings.Contains(path, "//") {
		return simcore.Errorf("ValidationException",
			"The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\". "+
				"It can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, numbers, "+
				"or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. "+
				"All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.")
	}
	return nil
}

func validNameChars(name string) bool {
	for _, c := range name {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '.' || c == '-' || c == '_' || c == '/'
		if !ok {
			return false
		}
	}
	return true
}

// sensitiveValidation is validationf for a member whose value AWS does not
// repeat in its messages (a parameter's value).
func sensitiveValidation(member, constraint string) *simcore.APIError {
	return simcore.Errorf("ValidationException",
		"1 validation error detected: Value at '%s' failed to satisfy constraint: %s", member, constraint)
}

// validationf builds the "1 validation error detected" message AWS returns
// when a request breaks a constraint of the service model.
func validationf(member, value, constraint string) *simcore.APIError {
	return simcore.Errorf("ValidationException",
		"1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s", value, member, constraint)
}
