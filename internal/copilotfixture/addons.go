package copilotfixture

import (
	"context"
	"crypto/sha256"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// A workload's addons, as Copilot deploys them: its addons template is
// uploaded to S3 and deployed as the nested stack AddonsStack of the
// workload's stack, given the parameters App, Env and Name. The fixture
// uploads to a bucket of its own ({app}-{env}-copilot-addons) rather than
// the stack set's, whose name CloudFormation generates.

// uploadAddons puts the workload's addons template in the environment's
// addons bucket and returns its URL, "" for a workload without addons.
// The fixture deploys one addon file a workload (Copilot merges several).
func (app App) uploadAddons(ctx context.Context, api *s3.Client, e Env, owner string, addons map[string][]byte) (string, error) {
	if len(addons) == 0 {
		return "", nil
	}
	if len(addons) > 1 {
		return "", fmt.Errorf("%s: the fixture deploys one addon file, not %d", owner, len(addons))
	}
	body := addons[slices.Sorted(maps.Keys(addons))[0]]
	bucket := strings.ToLower(app.Name + "-" + e.Name + "-copilot-addons")
	in := &s3.CreateBucketInput{Bucket: aws.String(bucket)}
	if e.Region != "us-east-1" {
		in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(e.Region)}
	}
	if _, err := api.CreateBucket(ctx, in); err != nil && !strings.Contains(err.Error(), "BucketAlreadyOwnedByYou") {
		return "", fmt.Errorf("creating bucket %s: %w", bucket, err)
	}
	key := fmt.Sprintf("manual/addons/%s/%x.yml", owner, sha256.Sum256(body))
	if _, err := api.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(string(body))}); err != nil {
		return "", fmt.Errorf("uploading %s's addons: %w", owner, err)
	}
	return fmt.Sprintf("https://%s.s3.%s.amazonaws.com/%s", bucket, e.Region, key), nil
}

// addonsStack adds Copilot's AddonsStack to a workload's resources, or
// an environment's for an empty name (which Copilot does not pass).
func addonsStack(res map[string]any, app, env, name, url string) {
	params := map[string]any{"App": app, "Env": env}
	if name != "" {
		params["Name"] = name
	}
	res["AddonsStack"] = map[string]any{"Type": "AWS::CloudFormation::Stack",
		"Metadata":   map[string]any{"aws:copilot:description": "An Addons CloudFormation Stack for your additional AWS resources"},
		"Properties": map[string]any{"TemplateURL": url, "Parameters": params}}
}
