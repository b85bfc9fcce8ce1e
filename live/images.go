package live

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// ecrAPI is the part of ECR the reader calls.
type ecrAPI interface {
	DescribeImages(context.Context, *ecr.DescribeImagesInput, ...func(*ecr.Options)) (*ecr.DescribeImagesOutput, error)
}

var _ ecrAPI = (*ecr.Client)(nil)

// ReadImages records in s.Images whether each image node of d has its tag
// in each of its repositories: one DescribeImages per repository (by tag),
// at most opts.Parallelism at a time. A repository that does not exist yet
// (its region stack is not applied) lacks the tag. Call it after ReadState,
// whose guard has checked the accounts; d should be cut to the nodes being
// planned, since every image node of d costs one call per repository.
func ReadImages(ctx context.Context, p *cloud.Provider, d *stacks.Desired, s *planner.State, opts ReadOptions) error {
	if opts.Parallelism <= 0 {
		opts.Parallelism = 10
	}
	type job struct {
		n *stacks.Node
		r stacks.ImageRepository
	}
	var jobs []job
	for _, n := range d.Nodes {
		if n.Image != nil {
			for _, r := range n.Image.Repositories {
				jobs = append(jobs, job{n, r})
			}
		}
	}
	if s.Images == nil {
		s.Images = map[string]bool{}
	}
	var mu sync.Mutex
	errs := make([]error, len(jobs))
	opts.each(len(jobs), func(i int) {
		j := jobs[i]
		c, err := p.For(ctx, cloud.Target{Account: j.r.Account, Region: j.r.Region, Profile: j.n.Profile, RoleARN: j.n.RoleARN})
		if err != nil {
			errs[i] = err
			return
		}
		ok, err := imagePresent(ctx, c.ECR, j.r, j.n.Image.Tag)
		mu.Lock()
		defer mu.Unlock()
		s.Images[planner.ImageKey(j.r.URI, j.n.Image.Tag)], errs[i] = ok, err
	})
	return errors.Join(errs...)
}

// imagePresent reports whether the tag is in the repository.
func imagePresent(ctx context.Context, api ecrAPI, r stacks.ImageRepository, tag string) (bool, error) {
	_, err := api.DescribeImages(ctx, &ecr.DescribeImagesInput{
		RegistryId: aws.String(r.Account), RepositoryName: aws.String(r.Name()),
		ImageIds: []ecrtypes.ImageIdentifier{{ImageTag: aws.String(tag)}},
	})
	var noImage *ecrtypes.ImageNotFoundException
	var noRepo *ecrtypes.RepositoryNotFoundException
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &noImage), errors.As(err, &noRepo):
		return false, nil
	}
	return false, fmt.Errorf("reading ECR repository %s: %w", r.URI, cloud.Unwrap(err))
}
