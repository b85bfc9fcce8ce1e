package executor

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// bucketOutput is the output of a region stack that names its artifact
// bucket (stacks/region.go).
const bucketOutput = "PipelineBucket"

// templateUploader returns how the stack of an environment or of a service
// in one passes a template over CloudFormation's 51,200-byte inline limit:
// uploaded to the artifact bucket of the app's stack in the stack's region
// (which the node depends on, so it exists), as Copilot does, and passed by
// TemplateURL (CloudFormation reads a TemplateURL from a bucket in the
// stack's region). Nil for other nodes, or when the plan does not hold that
// region's node (a plan cut by --target must include it).
func (x *applier) templateUploader(a addr.Address, c *planner.Change) func(context.Context, string, []byte) (string, error) {
	from := addr.Region(c.Region)
	rc := x.changes[from]
	if a.Env == "" || rc == nil || rc.Desired == nil || rc.Desired.Stack == nil {
		return nil
	}
	return func(ctx context.Context, stack string, body []byte) (string, error) {
		bucket, err := x.output(ctx, stacks.Input{From: from, Output: bucketOutput})
		if err != nil {
			return "", err
		}
		t := x.targets.of(rc)
		cl, err := x.opts.Provider.For(ctx, t)
		if err != nil {
			return "", err
		}
		api := s3.New(cl.S3.Options(), func(o *s3.Options) { o.APIOptions = append(o.APIOptions, x.budgets.APIOption(t.String()+"/s3")) })
		sum := sha256.Sum256(body)
		key := "manual/templates/" + stack + "/" + hex.EncodeToString(sum[:]) + ".json"
		_, err = api.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
			Body: bytes.NewReader(body), ContentType: aws.String("application/json")})
		if err != nil {
			return "", fmt.Errorf("putting it in bucket %s: %w", bucket, cloud.Unwrap(err))
		}
		return fmt.Sprintf("https://%s.s3.%s.amazonaws.com/%s", bucket, t.Region, key), nil
	}
}
