package live

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// siteS3 is the part of S3 that lists a static site's objects.
type siteS3 interface {
	ListObjectsV2(context.Context, *s3.ListObjectsV2Input, ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
}

var _ siteS3 = (*s3.Client)(nil)

// ReadSites reads the objects of every static site's bucket into
// s.SiteObjects, keyed by the deploy node's address: the bucket is the
// SiteBucketName output of the node's live stack (read by ReadState); a
// site whose stack does not exist yet, or has no such output, is left out
// (every file is then new). It costs one ListObjectsV2 per 1,000 objects,
// at most opts.Parallelism calls in flight.
func ReadSites(ctx context.Context, p *cloud.Provider, d *stacks.Desired, s *planner.State, opts ReadOptions) error {
	if opts.Parallelism <= 0 {
		opts.Parallelism = 10
	}
	type job struct {
		n      *stacks.Node
		bucket string
	}
	var jobs []job
	for _, n := range d.Nodes {
		if n.Site == nil || n.Stack == nil {
			continue
		}
		if st := s.Stack(n.Account, n.Region, n.Stack.Name); st != nil && st.Outputs[stacks.OutSiteBucket] != "" {
			jobs = append(jobs, job{n, st.Outputs[stacks.OutSiteBucket]})
		}
	}
	if s.SiteObjects == nil {
		s.SiteObjects = map[string]map[string]planner.SiteObject{}
	}
	var mu sync.Mutex
	errs := make([]error, len(jobs))
	opts.each(len(jobs), func(i int) {
		j := jobs[i]
		c, err := p.For(ctx, cloud.Target{Account: j.n.Account, Region: j.n.Region, Profile: j.n.Profile, RoleARN: j.n.RoleARN})
		if err != nil {
			errs[i] = err
			return
		}
		objs, err := siteObjects(ctx, c.S3, j.bucket)
		if err != nil {
			errs[i] = fmt.Errorf("%s: listing bucket %s: %w", j.n.Addr, j.bucket, err)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		s.SiteObjects[j.n.Addr.String()] = objs
	})
	return errors.Join(errs...)
}

// siteObjects lists a bucket's current objects with their ETags.
func siteObjects(ctx context.Context, api siteS3, bucket string) (map[string]planner.SiteObject, error) {
	out := map[string]planner.SiteObject{}
	pages := s3.NewListObjectsV2Paginator(api, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, o := range page.Contents {
			out[aws.ToString(o.Key)] = planner.SiteObject{ETag: aws.ToString(o.ETag)}
		}
	}
	return out, nil
}
