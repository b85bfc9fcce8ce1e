package live

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"flightplan/awsspec"
	"flightplan/cloud"
	"flightplan/planner"
)

// MaxBucketCount is the default bound of the object versions counted per
// bucket (ReadOptions.MaxBucketObjects): past it, the count says "at
// least" (a bucket of millions of objects would otherwise take thousands of
// calls to plan).
const MaxBucketCount = 10_000

const bucketType = "AWS::S3::Bucket"

// bucketCFN is the part of CloudFormation that finds a stack's buckets.
type bucketCFN interface {
	DescribeStackResources(context.Context, *cloudformation.DescribeStackResourcesInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackResourcesOutput, error)
}

// bucketS3 is the part of S3 that counts a bucket's objects.
type bucketS3 interface {
	ListObjectVersions(context.Context, *s3.ListObjectVersionsInput, ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error)
}

var (
	_ bucketCFN = (*cloudformation.Client)(nil)
	_ bucketS3  = (*s3.Client)(nil)
)

// ReadBuckets reads the buckets that deleting these stacks will empty
// first (what the executor empties: every AWS::S3::Bucket of the stack
// whose DeletionPolicy, in the stack's Template, does not retain it), and
// counts their object versions and delete markers, up to
// opts.MaxBucketObjects.
// It costs one DescribeStackResources per stack and one ListObjectVersions
// per 1,000 objects, at most opts.Parallelism calls in flight. Each stack
// is read in the target of its account and region among targets (the
// app's first), or with the credentials of a target of its account. The
// result is keyed by LiveStack.Key; a bucket already gone is left out.
func ReadBuckets(ctx context.Context, p *cloud.Provider, targets []cloud.Target, stacks []*planner.LiveStack, opts ReadOptions) (map[string][]planner.Bucket, error) {
	if opts.Parallelism <= 0 {
		opts.Parallelism = 10
	}
	if opts.MaxBucketObjects <= 0 {
		opts.MaxBucketObjects = MaxBucketCount
	}
	found := make([][]planner.Bucket, len(stacks))
	errs := make([]error, len(stacks))
	cloud.ForEach(len(stacks), opts.Parallelism, func(i int) {
		c, err := p.For(ctx, targetOf(targets, stacks[i]))
		if err != nil {
			errs[i] = err
			return
		}
		found[i], errs[i] = stackBuckets(ctx, c.CFN, c.S3, stacks[i], opts.MaxBucketObjects)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := map[string][]planner.Bucket{}
	for i, st := range stacks {
		if len(found[i]) > 0 {
			out[st.Key()] = found[i]
		}
	}
	return out, nil
}

// targetOf is the target to read a stack in.
func targetOf(targets []cloud.Target, st *planner.LiveStack) cloud.Target {
	t := cloud.Target{Account: st.Account, Region: st.Region}
	for _, c := range targets {
		if c.Account == st.Account && c.Region == st.Region {
			return c
		}
	}
	for _, c := range targets {
		if c.Account == st.Account {
			t.Profile, t.RoleARN = c.Profile, c.RoleARN
			return t
		}
	}
	return t
}

// stackBuckets lists and counts one stack's buckets that a delete empties,
// sorted by logical ID.
func stackBuckets(ctx context.Context, cfn bucketCFN, api bucketS3, st *planner.LiveStack, bound int) ([]planner.Bucket, error) {
	out, err := cfn.DescribeStackResources(ctx, &cloudformation.DescribeStackResourcesInput{StackName: aws.String(st.ID)})
	if err != nil {
		return nil, fmt.Errorf("listing the buckets of stack %s in %s/%s: %w", st.Name, st.Account, st.Region, cloud.Unwrap(err))
	}
	retained := retainedResources(st.Template)
	var buckets []planner.Bucket
	for _, r := range out.StackResources {
		id, name := aws.ToString(r.LogicalResourceId), aws.ToString(r.PhysicalResourceId)
		if aws.ToString(r.ResourceType) != bucketType || name == "" || r.ResourceStatus == cfntypes.ResourceStatusDeleteComplete || retained[id] {
			continue
		}
		n, more, gone, err := countVersions(ctx, api, name, bound)
		if err != nil {
			return nil, err
		}
		if !gone {
			buckets = append(buckets, planner.Bucket{LogicalID: id, Name: name, Objects: n, AtLeast: more})
		}
	}
	slices.SortFunc(buckets, func(a, b planner.Bucket) int { return cmp.Compare(a.LogicalID, b.LogicalID) })
	return buckets, nil
}

// retainedResources are the logical IDs whose DeletionPolicy keeps the
// resource when its stack is deleted; a template that does not parse
// retains nothing (the count then errs on the side of saying more).
func retainedResources(template []byte) map[string]bool {
	kept := map[string]bool{}
	t, err := awsspec.ParseTemplate(template)
	if err != nil {
		return kept
	}
	resources, _ := t["Resources"].(map[string]any)
	for id, r := range resources {
		res, _ := r.(map[string]any)
		switch res["DeletionPolicy"] {
		case "Retain", "RetainExceptOnCreate":
			kept[id] = true
		}
	}
	return kept
}

// countVersions counts a bucket's object versions and delete markers, up
// to bound (more says there are others); gone says the bucket no longer
// exists.
func countVersions(ctx context.Context, api bucketS3, bucket string, bound int) (n int, more, gone bool, err error) {
	in := &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)}
	for {
		in.MaxKeys = aws.Int32(int32(min(1000, bound-n)))
		page, err := api.ListObjectVersions(ctx, in)
		if cloud.IsCode(err, "NoSuchBucket") {
			return 0, false, true, nil
		}
		if err != nil {
			return 0, false, false, fmt.Errorf("counting the objects of bucket %s: %w", bucket, cloud.Unwrap(err))
		}
		n += len(page.Versions) + len(page.DeleteMarkers)
		if !aws.ToBool(page.IsTruncated) {
			return n, false, false, nil
		}
		if n >= bound {
			return n, true, false, nil
		}
		in.KeyMarker, in.VersionIdMarker = page.NextKeyMarker, page.NextVersionIdMarker
	}
}
