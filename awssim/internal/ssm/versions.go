package ssm

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// Versions and labels.
//
// Parameter Store keeps the 100 latest versions of a parameter: a new
// version drops the oldest, unless the oldest carries a label, which fails
// the PutParameter (ParameterMaxVersionLimitExceeded). A label names one
// version of one parameter: labelling another version moves it there. A
// version carries at most 10 labels. Labels that break SSM's label rules
// are not attached and come back as InvalidLabels.

const (
	maxVersions       = 100
	maxLabels         = 10
	maxLabelLength    = 100
	historyPageLimit  = 50
	msgLabelLimit     = "A parameter version can have maximum 10 labels.Move one or more labels to another version and try again."
	msgOldestLabelled = "You attempted to create a new version of %s by calling the PutParameter API with the overwrite flag. " +
		"Version %d, the oldest version, can't be deleted because it has a label associated with it. " +
		"Move the label to another version of the parameter, and try again."
)

// labelRE is what a label may be made of; it may not start with a digit,
// "aws" or "ssm" either (labelValid).
var labelRE = regexp.MustCompile(`^[a-zA-Z0-9_.-]+$`)

// keepHistory makes old's latest version part of p's history, dropping
// the oldest version once the parameter would have more than maxVersions.
func keepHistory(p, old *parameter) error {
	history := append(slices.Clone(old.History), old.paramVersion)
	if len(history) >= maxVersions {
		if oldest := history[0]; len(oldest.Labels) > 0 {
			return simcore.Errorf("ParameterMaxVersionLimitExceeded", msgOldestLabelled, old.Name, oldest.Version)
		}
		history = history[1:]
	}
	p.History = history
	return nil
}

type historyInput struct {
	Name             string
	WithDecryption   bool
	MaxResults       *int
	NextToken        string
	ParameterVersion *int64
	Labels           []string
}

// getParameterHistory lists a parameter's versions, oldest first, at most
// MaxResults (1 to 50, default 50) per page.
func (x *Service) getParameterHistory(c *call) (any, error) {
	var in historyInput
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := checkNameLength("name", in.Name); err != nil {
		return nil, err
	}
	size := historyPageLimit
	if in.MaxResults != nil {
		var err error
		if size, err = pageSize(in.MaxResults, historyPageLimit); err != nil {
			return nil, err
		}
	}
	p := c.find(in.Name)
	if p == nil {
		return nil, simcore.Errorf("ParameterNotFound", "")
	}
	after, err := historyToken(in.NextToken)
	if err != nil {
		return nil, err
	}
	page := []historyView{}
	next := ""
	for _, v := range p.versions() {
		if v.Version <= after {
			continue
		}
		if len(page) == size {
			next = encodeToken(fmt.Sprint(page[size-1].Version))
			break
		}
		page = append(page, c.history(v, in.WithDecryption))
	}
	return withToken(map[string]any{"Parameters": page}, next), nil
}

// historyToken is the version a NextToken of GetParameterHistory names
// as the last one returned; 0 without a token.
func historyToken(token string) (int64, error) {
	after, err := decodeToken(token)
	if err != nil || token == "" {
		return 0, err
	}
	n, err := strconv.ParseInt(after, 10, 64)
	if err != nil {
		return 0, simcore.Errorf("InvalidNextToken", "The specified token isn't valid.")
	}
	return n, nil
}

// historyView is the ParameterHistory shape.
type historyView struct {
	AllowedPattern   string `json:",omitempty"`
	DataType         string
	Description      string `json:",omitempty"`
	KeyId            string `json:",omitempty"`
	Labels           []string
	LastModifiedDate simcore.Epoch
	LastModifiedUser string
	Name             string
	Policies         []struct{}
	Tier             string
	Type             string
	Value            string
	Version          int64
}

func (c *call) history(v *paramVersion, decrypt bool) historyView {
	return historyView{AllowedPattern: v.AllowedPattern, DataType: v.DataType, Description: v.Description,
		KeyId: v.KeyID, Labels: append([]string{}, v.Labels...), LastModifiedDate: simcore.Epoch(v.LastModified),
		LastModifiedUser: v.LastModifiedBy, Name: v.Name, Policies: []struct{}{}, Tier: v.Tier, Type: v.Type,
		Value: shownValue(v, decrypt), Version: v.Version}
}

// labelParameterVersion attaches labels to a version (the latest when none
// is given), moving each from the version that had it.
func (x *Service) labelParameterVersion(c *call) (any, error) {
	var in historyInput
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := checkLabels(in.Labels); err != nil {
		return nil, err
	}
	p, v, err := c.labelled(&in, false)
	if err != nil {
		return nil, err
	}
	var valid, invalid []string
	for _, l := range simcore.Unique(in.Labels) {
		switch {
		case !labelValid(l):
			invalid = append(invalid, l)
		case !slices.Contains(v.Labels, l):
			valid = append(valid, l)
		}
	}
	if len(v.Labels)+len(valid) > maxLabels {
		return nil, simcore.Errorf("ParameterVersionLabelLimitExceeded", msgLabelLimit)
	}
	for _, other := range p.versions() {
		other.Labels = slices.DeleteFunc(other.Labels, func(l string) bool { return slices.Contains(valid, l) })
	}
	v.Labels = append(v.Labels, valid...)
	return map[string]any{"InvalidLabels": orEmpty(invalid), "ParameterVersion": v.Version}, nil
}

// unlabelParameterVersion removes labels from a version; labels the version
// does not carry come back as InvalidLabels.
func (x *Service) unlabelParameterVersion(c *call) (any, error) {
	var in historyInput
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := checkLabels(in.Labels); err != nil {
		return nil, err
	}
	_, v, err := c.labelled(&in, true)
	if err != nil {
		return nil, err
	}
	var removed, invalid []string
	for _, l := range simcore.Unique(in.Labels) {
		if i := slices.Index(v.Labels, l); i >= 0 {
			v.Labels = slices.Delete(v.Labels, i, i+1)
			removed = append(removed, l)
		} else {
			invalid = append(invalid, l)
		}
	}
	return map[string]any{"RemovedLabels": orEmpty(removed), "InvalidLabels": orEmpty(invalid)}, nil
}

// labelled finds the version a label call names; versionRequired is
// UnlabelParameterVersion's rule.
func (c *call) labelled(in *historyInput, versionRequired bool) (*parameter, *paramVersion, error) {
	if err := checkNameLength("name", in.Name); err != nil {
		return nil, nil, err
	}
	if versionRequired && in.ParameterVersion == nil {
		return nil, nil, simcore.Errorf("ValidationException",
			"1 validation error detected: Value null at 'parameterVersion' failed to satisfy constraint: Member must not be null")
	}
	p := c.find(in.Name)
	if p == nil {
		return nil, nil, simcore.Errorf("ParameterNotFound", "")
	}
	if in.ParameterVersion == nil {
		return p, &p.paramVersion, nil
	}
	v := p.version(*in.ParameterVersion)
	if v == nil {
		return nil, nil, versionNotFound(*in.ParameterVersion, p.Name)
	}
	return p, v, nil
}

// checkLabels applies the model's constraints on the Labels member: 1 to
// 10 labels of 1 to 100 characters.
func checkLabels(labels []string) error {
	list := "[" + strings.Join(labels, ", ") + "]"
	switch {
	case len(labels) == 0:
		return validationf("labels", list, "Member must have length greater than or equal to 1")
	case len(labels) > maxLabels:
		return simcore.Errorf("ParameterVersionLabelLimitExceeded", msgLabelLimit)
	}
	for _, l := range labels {
		if l == "" || len(l) > maxLabelLength {
			return validationf("labels", list, "Member must satisfy constraint: "+
				"[Member must have length less than or equal to 100, Member must have length greater than or equal to 1]")
		}
	}
	return nil
}

// labelValid applies SSM's label rules: letters, digits, . - _, not
// starting with a digit, "aws" or "ssm" (case-insensitive).
func labelValid(l string) bool {
	lower := strings.ToLower(l)
	return labelRE.MatchString(l) && !(l[0] >= '0' && l[0] <= '9') &&
		!strings.HasPrefix(lower, "aws") && !strings.HasPrefix(lower, "ssm")
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
