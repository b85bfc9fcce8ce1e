package ecr

import (
	"fmt"
	"slices"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// describeRepositories lists the registry's repositories in the call's
// region, sorted by name, or those named (each must exist), as ECR
// describes them: ARN, URI, creation time.
func (x *Service) describeRepositories(c *ecrCall) (any, error) {
	var in struct {
		RegistryID      string   `json:"registryId"`
		RepositoryNames []string `json:"repositoryNames"`
		NextToken       string   `json:"nextToken"`
		MaxResults      int      `json:"maxResults"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var found []*ecrRepo
	for _, name := range in.RepositoryNames {
		r, err := x.lookup(c, in.RegistryID, name)
		if err != nil {
			return nil, err
		}
		found = append(found, r)
	}
	if len(in.RepositoryNames) == 0 {
		reg := c.registry(in.RegistryID)
		for _, r := range x.st.Repos {
			if r.Account == reg && r.Region == c.Region {
				found = append(found, r)
			}
		}
		slices.SortFunc(found, func(a, b *ecrRepo) int { return strings.Compare(a.Name, b.Name) })
	}
	page, next, err := pageOf(found, in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	repos := make([]any, 0, len(page))
	for _, r := range page {
		repos = append(repos, map[string]any{
			"registryId": r.Account, "repositoryName": r.Name,
			"repositoryArn": fmt.Sprintf("arn:aws:ecr:%s:%s:repository/%s", r.Region, r.Account, r.Name),
			"repositoryUri": fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s", r.Account, r.Region, r.Name),
			"createdAt":     simcore.Epoch(r.Created),
		})
	}
	return map[string]any{"repositories": repos, "nextToken": next}, nil
}
