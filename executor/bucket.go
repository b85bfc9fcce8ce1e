package executor

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"flightplan/addr"
	"flightplan/awsspec"
	"flightplan/cloud"
)

// bucketStackAPI is the part of CloudFormation that finds a stack's
// buckets and their deletion policies.
type bucketStackAPI interface {
	DescribeStackResources(context.Context, *cloudformation.DescribeStackResourcesInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackResourcesOutput, error)
	GetTemplate(context.Context, *cloudformation.GetTemplateInput, ...func(*cloudformation.Options)) (*cloudformation.GetTemplateOutput, error)
}

// s3API is the part of S3 that empties a bucket.
type s3API interface {
	ListObjectVersions(context.Context, *s3.ListObjectVersionsInput, ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error)
	DeleteObjects(context.Context, *s3.DeleteObjectsInput, ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error)
}

// bucketEmptier empties the buckets of a stack about to be deleted: every
// AWS::S3::Bucket resource whose DeletionPolicy does not retain it, since
// CloudFormation cannot delete a bucket that holds anything (the resource
// ends DELETE_FAILED with S3's BucketNotEmpty, and so does the stack).
type bucketEmptier struct {
	cfn   bucketStackAPI
	s3    s3API
	a     addr.Address
	hooks Hooks
}

const bucketType = "AWS::S3::Bucket"

// empty empties the stack's buckets. Calls run on a context that is not
// cancelled, so a batch in flight finishes; an interrupt stops before the
// next batch (re-running converges).
func (e *bucketEmptier) empty(ctx context.Context, stackID string) error {
	buckets, err := e.buckets(context.WithoutCancel(ctx), stackID)
	if err != nil {
		return err
	}
	for _, name := range buckets {
		if err := e.emptyBucket(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

// buckets are the names of the stack's live buckets that its template does
// not retain. A stack without buckets costs one call.
func (e *bucketEmptier) buckets(ctx context.Context, stackID string) ([]string, error) {
	out, err := e.cfn.DescribeStackResources(ctx, &cloudformation.DescribeStackResourcesInput{StackName: aws.String(stackID)})
	if err != nil {
		return nil, fmt.Errorf("listing the buckets of stack %s: %w", stackID, cloud.Unwrap(err))
	}
	var found []cfntypes.StackResource
	for _, r := range out.StackResources {
		if aws.ToString(r.ResourceType) == bucketType && aws.ToString(r.PhysicalResourceId) != "" && r.ResourceStatus != cfntypes.ResourceStatusDeleteComplete {
			found = append(found, r)
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	retained, err := e.retained(ctx, stackID)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, r := range found {
		if !retained[aws.ToString(r.LogicalResourceId)] {
			names = append(names, aws.ToString(r.PhysicalResourceId))
		}
	}
	return names, nil
}

// retained are the logical IDs whose DeletionPolicy keeps the resource
// when its stack is deleted, read from the live template: a bucket kept
// must keep its objects.
func (e *bucketEmptier) retained(ctx context.Context, stackID string) (map[string]bool, error) {
	out, err := e.cfn.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: aws.String(stackID)})
	if err != nil {
		return nil, fmt.Errorf("reading the template of stack %s: %w", stackID, cloud.Unwrap(err))
	}
	t, err := awsspec.ParseTemplate([]byte(aws.ToString(out.TemplateBody)))
	if err != nil {
		return nil, fmt.Errorf("reading the template of stack %s: %w", stackID, err)
	}
	kept := map[string]bool{}
	resources, _ := t["Resources"].(map[string]any)
	for id, r := range resources {
		res, _ := r.(map[string]any)
		switch res["DeletionPolicy"] {
		case "Retain", "RetainExceptOnCreate":
			kept[id] = true
		}
	}
	return kept, nil
}

// emptyBucket deletes every version and delete marker of a bucket, a page
// (at most 1000, DeleteObjects' limit) at a time. A bucket already gone is
// empty.
func (e *bucketEmptier) emptyBucket(ctx context.Context, name string) error {
	work, deleted := context.WithoutCancel(ctx), 0
	for {
		if ctx.Err() != nil {
			return ErrInterrupted
		}
		page, err := e.s3.ListObjectVersions(work, &s3.ListObjectVersionsInput{Bucket: aws.String(name)})
		if cloud.IsCode(err, "NoSuchBucket") {
			return nil
		}
		if err != nil {
			return fmt.Errorf("emptying bucket %s: %w", name, cloud.Unwrap(err))
		}
		ids := versionIDs(page)
		if len(ids) == 0 {
			return nil
		}
		deleted += len(ids)
		e.hooks.NodeEvent(e.a, Event{Time: time.Now(), LogicalID: name, Type: bucketType, Status: "EMPTYING",
			Reason: fmt.Sprintf("emptying bucket %s: %d objects", name, deleted)})
		if err := e.deleteBatch(work, name, ids); err != nil {
			return err
		}
	}
}

// versionIDs are the versions and delete markers of a listing page.
func versionIDs(page *s3.ListObjectVersionsOutput) []types.ObjectIdentifier {
	ids := make([]types.ObjectIdentifier, 0, len(page.Versions)+len(page.DeleteMarkers))
	for _, v := range page.Versions {
		ids = append(ids, types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
	}
	for _, m := range page.DeleteMarkers {
		ids = append(ids, types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
	}
	return ids
}

// deleteBatch deletes one page of versions; a key S3 refuses fails the
// emptying, naming the first refusal.
func (e *bucketEmptier) deleteBatch(ctx context.Context, name string, ids []types.ObjectIdentifier) error {
	out, err := e.s3.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(name),
		Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
	if err != nil {
		return fmt.Errorf("emptying bucket %s: %w", name, cloud.Unwrap(err))
	}
	if len(out.Errors) > 0 {
		first := out.Errors[0]
		return fmt.Errorf("emptying bucket %s: %d objects could not be deleted: %w", name, len(out.Errors),
			errors.New(aws.ToString(first.Key)+": "+aws.ToString(first.Message)+" ("+aws.ToString(first.Code)+")"))
	}
	return nil
}
