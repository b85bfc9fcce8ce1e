package planner

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"flightplan/cloud"
	"flightplan/stacks"
)

// Images: an image/{name} node is planned from whether its tag is in each
// of its repositories (State.Images, read by ReadImages). It is a create
// when the tag is missing from any of them — apply builds the image once
// and pushes it to every repository — and a no-op when it is in all of
// them: a tag names one build, so a present tag is never rebuilt.
//
// A state read without ReadImages has no image presence: its image nodes
// are no-ops (nothing is checked, nothing is built), which is what a
// caller that does not build images wants.

// ImageChange is what an image node's plan says about it.
type ImageChange struct {
	Name     string `json:"name"`
	Platform string `json:"platform"`
	Tag      string `json:"tag"`
	// Repositories are the URIs the image goes to, without tag.
	Repositories []string `json:"repositories"`
	// Missing are the repositories that lack the tag; apply pushes to all
	// of Repositories when any is missing.
	Missing []string `json:"missing,omitempty"`
	// Checked is false when the state was read without images.
	Checked bool `json:"checked"`
}

// ecrAPI is the part of ECR the reader calls.
type ecrAPI interface {
	DescribeImages(context.Context, *ecr.DescribeImagesInput, ...func(*ecr.Options)) (*ecr.DescribeImagesOutput, error)
}

var _ ecrAPI = (*ecr.Client)(nil)

// ImageKey is State.Images' key: "repository-uri:tag".
func ImageKey(repoURI, tag string) string { return repoURI + ":" + tag }

// ReadImages records in s.Images whether each image node of d has its tag
// in each of its repositories: one DescribeImages per repository (by tag),
// at most opts.Parallelism at a time. A repository that does not exist yet
// (its region stack is not applied) lacks the tag. Call it after ReadState,
// whose guard has checked the accounts; d should be cut to the nodes being
// planned, since every image node of d costs one call per repository.
func ReadImages(ctx context.Context, p *cloud.Provider, d *stacks.Desired, s *State, opts ReadOptions) error {
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
	cloud.ForEach(len(jobs), opts.Parallelism, func(i int) {
		j := jobs[i]
		c, err := p.For(ctx, cloud.Target{Account: j.r.Account, Region: j.r.Region, Profile: j.n.Profile, RoleARN: j.n.RoleARN})
		if err != nil {
			errs[i] = err
			return
		}
		ok, err := imagePresent(ctx, c.ECR, j.r, j.n.Image.Tag)
		mu.Lock()
		defer mu.Unlock()
		s.Images[ImageKey(j.r.URI, j.n.Image.Tag)], errs[i] = ok, err
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

// diffImage plans an image node against the images read.
func diffImage(im *stacks.ImageBuild, s *State) (*ImageChange, []string, Action) {
	ic := &ImageChange{Name: im.Name, Platform: im.Platform, Tag: im.Tag}
	var reasons []string
	for _, r := range im.Repositories {
		ic.Repositories = append(ic.Repositories, r.URI)
		present, read := s.Images[ImageKey(r.URI, im.Tag)]
		ic.Checked = ic.Checked || read
		if read && !present {
			ic.Missing = append(ic.Missing, r.URI)
			reasons = append(reasons, fmt.Sprintf("tag %s is not in %s", im.Tag, r.URI))
		}
	}
	if len(ic.Missing) > 0 {
		return ic, reasons, Create
	}
	return ic, nil, NoOp
}

// imagePrints are the fingerprint's image entries: every repository:tag of
// d, false until read present.
func imagePrints(d *stacks.Desired, s *State) map[string]bool {
	out := map[string]bool{}
	for _, n := range d.Nodes {
		if n.Image == nil {
			continue
		}
		for _, r := range n.Image.Repositories {
			k := ImageKey(r.URI, n.Image.Tag)
			out[k] = s != nil && s.Images[k]
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// imageMoved says how an image's presence changed since the plan.
func imageMoved(key string, was, now bool) string {
	switch {
	case was == now:
		return ""
	case now:
		return fmt.Sprintf("image %s was pushed since the plan was made", key)
	}
	return fmt.Sprintf("image %s was deleted since the plan was made", key)
}
