package ssm

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"flightplan/awssim/internal/simcore"
)

const (
	msgTagsOverwrite = "Invalid request: tags and overwrite can't be used together. " +
		"To create a parameter with tags, please remove overwrite flag. " +
		"To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource."
	msgAlreadyExists = "The parameter already exists. To overwrite this value, set the overwrite option in the request to true."
	defaultKeyID     = "alias/aws/ssm"
)

type putParameterInput struct {
	Name, Value, Type, Description, KeyId, AllowedPattern, Tier, DataType string
	Overwrite                                                             *bool
	Tags                                                                  []tag
}

// putParameter creates a parameter at version 1, or with Overwrite replaces
// its value as the next version, keeping its tags.
func (x *Service) putParameter(c *call) (any, error) {
	var in putParameterInput
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	overwrite := in.Overwrite != nil && *in.Overwrite
	if err := checkPut(&in, overwrite); err != nil {
		return nil, err
	}
	old := c.find(in.Name)
	if old != nil && !overwrite {
		return nil, simcore.Errorf("ParameterAlreadyExists", msgAlreadyExists)
	}
	p, err := newVersion(old, &in, c)
	if err != nil {
		return nil, err
	}
	c.params[p.Name] = p
	return map[string]any{"Version": p.Version, "Tier": p.Tier}, nil
}

// checkPut validates a PutParameter request on its own, before the store is
// consulted, as AWS does.
func checkPut(in *putParameterInput, overwrite bool) error {
	if err := checkName(in.Name); err != nil {
		return err
	}
	if overwrite && len(in.Tags) > 0 {
		return simcore.Errorf("ValidationException", msgTagsOverwrite)
	}
	if in.Value == "" {
		return sensitiveValidation("value", "Member must have length greater than or equal to 1")
	}
	if in.Type != "" && !slices.Contains([]string{"String", "StringList", "SecureString"}, in.Type) {
		return validationf("type", in.Type, "Member must satisfy enum value set: [SecureString, StringList, String]")
	}
	if in.DataType != "" && !slices.Contains([]string{"text", "aws:ec2:image", "aws:ssm:integration"}, in.DataType) {
		return simcore.Errorf("ValidationException", "The following data type is not supported: %s (Data type names are all lowercase.)", in.DataType)
	}
	if in.Tier != "" && !slices.Contains([]string{"Standard", "Advanced", "Intelligent-Tiering"}, in.Tier) {
		return validationf("tier", in.Tier, "Member must satisfy enum value set: [Advanced, Intelligent-Tiering, Standard]")
	}
	return checkTags(in.Tags)
}

// newVersion builds the parameter that in makes of old (nil when new).
func newVersion(old *parameter, in *putParameterInput, c *call) (*parameter, error) {
	p := &parameter{Tags: in.Tags, paramVersion: paramVersion{Name: in.Name, Type: in.Type, Value: in.Value, Version: 1,
		DataType: in.DataType, Description: in.Description, AllowedPattern: in.AllowedPattern, KeyID: in.KeyId,
		Tier: in.Tier, LastModified: c.now, LastModifiedBy: c.user}}
	if old != nil {
		inherit(p, old)
		if err := keepHistory(p, old); err != nil {
			return nil, err
		}
	}
	if p.Type == "" {
		return nil, simcore.Errorf("ValidationException", "A parameter type is required when you create a parameter.")
	}
	if p.DataType == "" {
		p.DataType = "text"
	}
	if p.Type == "SecureString" && p.KeyID == "" {
		p.KeyID = defaultKeyID
	}
	if p.Type != "SecureString" && in.KeyId != "" {
		return nil, simcore.Errorf("ValidationException", "KeyId is required for SecureString type parameter only.")
	}
	if err := checkTier(p); err != nil {
		return nil, err
	}
	return p, checkPattern(p)
}

// inherit carries over what an overwrite leaves unsaid.
func inherit(p, old *parameter) {
	p.Name = old.Name
	p.Version = old.Version + 1
	p.Tags = old.Tags
	p.Type = cmpOr(p.Type, old.Type)
	p.Description = cmpOr(p.Description, old.Description)
	p.AllowedPattern = cmpOr(p.AllowedPattern, old.AllowedPattern)
	p.DataType = cmpOr(p.DataType, old.DataType)
	p.Tier = cmpOr(p.Tier, old.Tier)
	if p.Type == old.Type {
		p.KeyID = cmpOr(p.KeyID, old.KeyID)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// checkTier sets the tier and enforces its value size: 4 KB standard, 8 KB
// advanced. A standard parameter is never silently upgraded.
func checkTier(p *parameter) error {
	if p.Tier == "" || p.Tier == "Intelligent-Tiering" {
		p.Tier = "Standard"
		if len(p.Value) > 4096 {
			p.Tier = "Advanced"
		}
	}
	switch {
	case p.Tier == "Standard" && len(p.Value) > 4096:
		return simcore.Errorf("ValidationException", "Standard tier parameters support a maximum parameter value of 4096 characters. "+
			"To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. "+
			"For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html")
	case len(p.Value) > 8192:
		return sensitiveValidation("value", "Member must have length less than or equal to 8192")
	}
	return nil
}

// checkPattern enforces AllowedPattern on the value.
func checkPattern(p *parameter) error {
	if p.AllowedPattern == "" {
		return nil
	}
	re, err := regexp.Compile(p.AllowedPattern)
	if err != nil {
		return simcore.Errorf("InvalidAllowedPatternException", "The request does not meet the regular expression requirement.")
	}
	if !re.MatchString(p.Value) {
		return simcore.Errorf("ParameterPatternMismatchException", "Parameter value, cannot be validated against allowedPattern: %s", p.AllowedPattern)
	}
	return nil
}

type getParameterInput struct {
	Name           string
	Names          []string
	WithDecryption bool
}

// getParameter returns one parameter; a missing one is ParameterNotFound
// with an empty message, as AWS answers.
func (x *Service) getParameter(c *call) (any, error) {
	var in getParameterInput
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := checkNameLength("name", in.Name); err != nil {
		return nil, err
	}
	_, v, err := c.resolve(in.Name)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Parameter": c.view(v, in.WithDecryption, selectorOf(in.Name))}, nil
}

// getParameters returns the parameters found, in the order asked, and the
// names not found (parameters, versions or labels) as InvalidParameters.
func (x *Service) getParameters(c *call) (any, error) {
	var in getParameterInput
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := checkNameCount(in.Names); err != nil {
		return nil, err
	}
	found, invalid := []parameterView{}, []string{}
	for _, name := range simcore.Unique(in.Names) {
		if _, v, err := c.resolve(name); err == nil {
			found = append(found, c.view(v, in.WithDecryption, selectorOf(name)))
		} else {
			invalid = append(invalid, name)
		}
	}
	return map[string]any{"Parameters": found, "InvalidParameters": invalid}, nil
}

// checkNameCount enforces the 1 to 10 names of GetParameters and
// DeleteParameters.
func checkNameCount(names []string) error {
	if len(names) == 0 {
		return validationf("names", "[]", "Member must have length greater than or equal to 1")
	}
	if len(names) > 10 {
		return validationf("names", "["+strings.Join(names, ", ")+"]", "Member must have length less than or equal to 10")
	}
	return nil
}

// deleteParameter removes a parameter and all its versions.
func (x *Service) deleteParameter(c *call) (any, error) {
	var in getParameterInput
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	p := c.find(in.Name)
	if p == nil {
		return nil, simcore.Errorf("ParameterNotFound", "")
	}
	delete(c.params, p.Name)
	return nil, nil
}

// deleteParameters removes up to ten parameters, reporting the names it did
// not find rather than failing.
func (x *Service) deleteParameters(c *call) (any, error) {
	var in getParameterInput
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := checkNameCount(in.Names); err != nil {
		return nil, err
	}
	deleted, invalid := []string{}, []string{}
	for _, name := range simcore.Unique(in.Names) {
		if p := c.find(name); p != nil {
			delete(c.params, p.Name)
			deleted = append(deleted, name)
		} else {
			invalid = append(invalid, name)
		}
	}
	return map[string]any{"DeletedParameters": deleted, "InvalidParameters": invalid}, nil
}

// parameterView is the Parameter shape of the Get calls.
type parameterView struct {
	ARN              string
	DataType         string
	LastModifiedDate simcore.Epoch
	Name             string
	Selector         string `json:",omitempty"`
	Type             string
	Value            string
	Version          int64
}

// view renders version v of a parameter as read with selector (":3",
// ":label" or "").
func (c *call) view(v *paramVersion, decrypt bool, selector string) parameterView {
	return parameterView{ARN: c.arn(v.Name), DataType: v.DataType, LastModifiedDate: simcore.Epoch(v.LastModified),
		Name: v.Name, Selector: selector, Type: v.Type, Value: shownValue(v, decrypt), Version: v.Version}
}

// shownValue is v's value as a read shows it: a SecureString read without
// decryption shows an opaque stand-in for the ciphertext, never the value.
func shownValue(v *paramVersion, decrypt bool) string {
	if v.Type == "SecureString" && !decrypt {
		return ciphertext(v)
	}
	return v.Value
}

func ciphertext(p *paramVersion) string {
	return base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "awssim-kms:%s:%s:%d", p.KeyID, p.Name, p.Version))
}
