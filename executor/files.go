package executor

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/stacks"
)

// siteFiles uploads a static site's changed files to its bucket, removes
// the files no longer listed, and invalidates the distribution's cache
// when the plan says so, once the site's stack is applied (its outputs
// name the bucket and the distribution). A file whose content no longer
// has the ETag the plan recorded is refused: the plan was made from other
// files.
func (x *applier) siteFiles(ctx context.Context, a addr.Address, c *planner.Change) error {
	site, fc := c.Desired.Site, c.Files
	cl, err := x.opts.Provider.For(ctx, x.targets.of(c))
	if err != nil {
		return err
	}
	outs, err := stackOutputs(ctx, cl.CFN, c.Desired.Stack.Name)
	if err != nil {
		return err
	}
	bucket, dist := outs[stacks.OutSiteBucket], outs[stacks.OutSiteDistribution]
	if bucket == "" || dist == "" {
		return fmt.Errorf("stack %s has no %s or %s output to upload the files to", c.Desired.Stack.Name, stacks.OutSiteBucket, stacks.OutSiteDistribution)
	}
	byKey := map[string]stacks.SiteFile{}
	for _, f := range site.Files {
		byKey[f.Key] = f
	}
	api := s3.New(cl.S3.Options(), func(o *s3.Options) {
		o.APIOptions = append(o.APIOptions, x.budgets.APIOption(x.targets.of(c).String()+"/s3"))
	})
	for _, key := range append(append([]string{}, fc.Added...), fc.Changed...) {
		if err := putSiteFile(ctx, api, bucket, site.Dir, byKey[key]); err != nil {
			return err
		}
	}
	for _, key := range fc.Removed {
		if _, err := api.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}); err != nil {
			return fmt.Errorf("removing %s from bucket %s: %w", key, bucket, err)
		}
	}
	x.opts.Hooks.NodeEvent(a, Event{LogicalID: "Bucket", Type: "files", Status: "UPLOADED",
		Reason: fmt.Sprintf("%d added, %d changed, %d removed", len(fc.Added), len(fc.Changed), len(fc.Removed))})
	if !fc.Invalidate {
		return nil
	}
	inv, err := cl.CloudFront.CreateInvalidation(ctx, &cloudfront.CreateInvalidationInput{
		DistributionId: aws.String(dist),
		InvalidationBatch: &cftypes.InvalidationBatch{CallerReference: aws.String(callerReference(site, fc)),
			Paths: &cftypes.Paths{Quantity: aws.Int32(1), Items: []string{"/*"}}},
	})
	if err != nil {
		return fmt.Errorf("invalidating the cache of distribution %s: %w", dist, err)
	}
	x.opts.Hooks.NodeEvent(a, Event{LogicalID: "CloudFrontDistribution", Type: "AWS::CloudFront::Invalidation", Status: "CREATED",
		Reason: "invalidation " + aws.ToString(inv.Invalidation.Id) + " of /*"})
	return nil
}

// callerReference names one invalidation by the content it follows, so
// that a retried apply of the same files does not invalidate twice.
func callerReference(site *stacks.Site, fc *planner.FilesChange) string {
	h := md5.New()
	for _, f := range site.Files {
		fmt.Fprintf(h, "%s %s\n", f.Key, f.ETag)
	}
	fmt.Fprintf(h, "- %s\n", strings.Join(fc.Removed, " "))
	return "flightplan-" + hex.EncodeToString(h.Sum(nil))
}

// putSiteFile uploads one file with its content type, after checking that
// its content is what the plan saw.
func putSiteFile(ctx context.Context, api *s3.Client, bucket, dir string, f stacks.SiteFile) error {
	body, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
	if err != nil {
		return err
	}
	sum := md5.Sum(body)
	if etag := `"` + hex.EncodeToString(sum[:]) + `"`; etag != f.ETag {
		return fmt.Errorf("%s changed since the plan was made; plan again", f.Path)
	}
	_, err = api.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(f.Key),
		Body: bytes.NewReader(body), ContentType: aws.String(f.ContentType)})
	if err != nil {
		return fmt.Errorf("uploading %s to bucket %s: %w", f.Key, bucket, err)
	}
	return nil
}

// stackOutputs reads a stack's outputs.
func stackOutputs(ctx context.Context, api *cloudformation.Client, name string) (map[string]string, error) {
	out, err := api.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, st := range out.Stacks {
		for _, o := range st.Outputs {
			m[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
		}
	}
	return m, nil
}
