package executor

import (
	"bytes"
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/stacks"
)

// uploadAPI is the part of S3 that writes a file.
type uploadAPI interface {
	PutObject(context.Context, *s3.PutObjectInput, ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

// uploads writes the stack's files (env files) before its change set, in
// the account and region of the node whose output names the bucket. Keys
// are named after the content, so writing again is harmless; every apply
// writes them, which also restores one deleted behind flightplan's back.
func (x *applier) uploads(ctx context.Context, st *stacks.Stack) error {
	for _, u := range st.Uploads {
		if _, _, err := x.putArtifact(ctx, u.From, u.Output, u.Key, []byte(u.Body), ""); err != nil {
			return fmt.Errorf("stack %s: uploading %s: %w", st.Name, u.Key, err)
		}
	}
	return nil
}

// putArtifact writes body under key in the bucket that output of node
// from's stack names (an artifact bucket), in that node's account and
// region, within the call budget; it returns the bucket and the target.
func (x *applier) putArtifact(ctx context.Context, from addr.Address, output, key string, body []byte, contentType string) (string, cloud.Target, error) {
	bucket, err := x.output(ctx, stacks.Input{From: from, Output: output})
	if err != nil {
		return "", cloud.Target{}, err
	}
	t := x.targets.of(x.changes[from])
	cl, err := x.opts.Provider.For(ctx, t)
	if err != nil {
		return "", t, err
	}
	var api uploadAPI = s3.New(cl.S3.Options(), func(o *s3.Options) { o.APIOptions = append(o.APIOptions, x.budgets.APIOption(t.String()+"/s3")) })
	in := &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(body)}
	if contentType != "" {
		in.ContentType = aws.String(contentType)
	}
	if _, err := api.PutObject(ctx, in); err != nil {
		return "", t, fmt.Errorf("putting it in bucket %s: %w", bucket, cloud.Unwrap(err))
	}
	return bucket, t, nil
}
