package executor

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"flightplan/addr"
	"flightplan/planner"
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
		sum := sha256.Sum256(body)
		key := "manual/templates/" + stack + "/" + hex.EncodeToString(sum[:]) + ".json"
		bucket, t, err := x.putArtifact(ctx, from, bucketOutput, key, body, "application/json")
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("https://%s.s3.%s.amazonaws.com/%s", bucket, t.Region, key), nil
	}
}
