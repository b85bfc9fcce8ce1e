package ssm

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	"flightplan/awssim/internal/simcore"
)

type listInput struct {
	Path             string
	Recursive        bool
	WithDecryption   bool
	MaxResults       *int
	NextToken        string
	ParameterFilters []paramFilter
	Filters          []paramFilter
}

// getParametersByPath lists the parameters under a path, one level or
// recursively, in name order, at most MaxResults (1 to 10, default 10) per
// page, with a NextToken while more remain.
func (x *Service) getParametersByPath(c *call) (any, error) {
	var in listInput
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if err := checkPath(in.Path); err != nil {
		return nil, err
	}
	size, err := pageSize(in.MaxResults, 10)
	if err != nil {
		return nil, err
	}
	filters, err := compileFilters(in.ParameterFilters, byPathFilters)
	if err != nil {
		return nil, err
	}
	filters = append(filters, underPath(in.Path, in.Recursive))
	page, next, err := paginate(c.params, filters, in.NextToken, size)
	if err != nil {
		return nil, err
	}
	views := make([]parameterView, len(page))
	for i, p := range page {
		views[i] = c.view(&p.paramVersion, in.WithDecryption, "")
	}
	return withToken(map[string]any{"Parameters": views}, next), nil
}

// describeParameters lists parameter metadata matching the filters, in name
// order, at most MaxResults (1 to 50, default 10) per page.
func (x *Service) describeParameters(c *call) (any, error) {
	var in listInput
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	size, err := pageSize(in.MaxResults, 50)
	if err != nil {
		return nil, err
	}
	filters, err := describeParameterFilters(&in)
	if err != nil {
		return nil, err
	}
	page, next, err := paginate(c.params, filters, in.NextToken, size)
	if err != nil {
		return nil, err
	}
	views := make([]metadataView, len(page))
	for i, p := range page {
		views[i] = c.metadata(p)
	}
	return withToken(map[string]any{"Parameters": views}, next), nil
}

func describeParameterFilters(in *listInput) ([]paramMatch, error) {
	if len(in.Filters) > 0 && len(in.ParameterFilters) > 0 {
		return nil, simcore.Errorf("ValidationException", "You can use either Filters or ParameterFilters in a single request.")
	}
	if len(in.Filters) > 0 {
		return compileFilters(in.Filters, legacyFilters)
	}
	return compileFilters(in.ParameterFilters, describeFilters)
}

// pageSize checks MaxResults against the action's limit; the default page
// is 10 items for both list actions.
func pageSize(max *int, limit int) (int, error) {
	switch {
	case max == nil:
		return 10, nil
	case *max < 1:
		return 0, validationf("maxResults", fmt.Sprint(*max), "Member must have value greater than or equal to 1")
	case *max > limit:
		return 0, validationf("maxResults", fmt.Sprint(*max), fmt.Sprintf("Member must have value less than or equal to %d", limit))
	}
	return *max, nil
}

// paginate returns, in name order, up to size parameters matching every
// filter that sort after the token, and the token of the next page ("" when
// this is the last). The token names the last parameter returned, so pages
// stay consistent while parameters are added or deleted between calls.
func paginate(params map[string]*parameter, filters []paramMatch, token string, size int) ([]*parameter, string, error) {
	after, err := decodeToken(token)
	if err != nil {
		return nil, "", err
	}
	var matched []*parameter
	for _, p := range params {
		if (token == "" || p.Name > after) && matchAll(p, filters) {
			matched = append(matched, p)
		}
	}
	slices.SortFunc(matched, func(a, b *parameter) int { return strings.Compare(a.Name, b.Name) })
	if len(matched) <= size {
		return matched, "", nil
	}
	page := matched[:size]
	return page, encodeToken(page[size-1].Name), nil
}

func encodeToken(name string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("awssim:" + name))
}

func decodeToken(token string) (string, error) {
	if token == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || !strings.HasPrefix(string(b), "awssim:") {
		return "", simcore.Errorf("InvalidNextToken", "The specified token isn't valid.")
	}
	return strings.TrimPrefix(string(b), "awssim:"), nil
}

func withToken(out map[string]any, next string) map[string]any {
	if next != "" {
		out["NextToken"] = next
	}
	return out
}

// metadataView is the ParameterMetadata shape of DescribeParameters.
type metadataView struct {
	ARN              string
	AllowedPattern   string `json:",omitempty"`
	DataType         string
	Description      string `json:",omitempty"`
	KeyId            string `json:",omitempty"`
	LastModifiedDate simcore.Epoch
	LastModifiedUser string
	Name             string
	Policies         []struct{}
	Tier             string
	Type             string
	Version          int64
}

func (c *call) metadata(p *parameter) metadataView {
	return metadataView{ARN: c.arn(p.Name), AllowedPattern: p.AllowedPattern, DataType: p.DataType,
		Description: p.Description, KeyId: p.KeyID, LastModifiedDate: simcore.Epoch(p.LastModified),
		LastModifiedUser: p.LastModifiedBy, Name: p.Name, Policies: []struct{}{}, Tier: p.Tier,
		Type: p.Type, Version: p.Version}
}
