package executor

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

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
		bucket, err := x.output(ctx, stacks.Input{From: u.From, Output: u.Output})
		if err != nil {
			return fmt.Errorf("stack %s: uploading %s: %w", st.Name, u.Key, err)
		}
		t := x.targets.of(x.changes[u.From])
		cl, err := x.opts.Provider.For(ctx, t)
		if err != nil {
			return err
		}
		var api uploadAPI = s3.New(cl.S3.Options(), func(o *s3.Options) { o.APIOptions = append(o.APIOptions, x.budgets.APIOption(t.String()+"/s3")) })
		_, err = api.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(u.Key), Body: strings.NewReader(u.Body)})
		if err != nil {
			return fmt.Errorf("stack %s: uploading %s to bucket %s: %w", st.Name, u.Key, bucket, cloud.Unwrap(err))
		}
	}
	return nil
}
