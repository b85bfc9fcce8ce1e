package executor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"flightplan/cloud"
	"flightplan/stacks"
)

// SimBuilder is the Builder for the simulator (--sim), where there is no
// registry to push to: it builds nothing and registers each push with ECR
// PutImage (a manifest describing the build), so that the next plan finds
// the tag, as it would after a real push. Against AWS it would register
// images that cannot be pulled: use it with a simulator provider only.
type SimBuilder struct {
	Provider *cloud.Provider
}

// Build implements Builder: it says what it would build.
func (s SimBuilder) Build(_ context.Context, b stacks.ImageBuild, out func(string)) (string, error) {
	out(fmt.Sprintf("simulated: %s for %s from %s (nothing is built)", b.Name, b.Platform, b.Dockerfile))
	return "sim/" + b.Name + ":" + b.Tag, nil
}

// Push implements Builder: PutImage of the tag; a tag already there with
// the same manifest is not an error.
func (s SimBuilder) Push(ctx context.Context, localRef string, repo stacks.ImageRepository, tag string, _ ECRAuth, out func(string)) error {
	cl, err := s.Provider.For(ctx, cloud.Target{Account: repo.Account, Region: repo.Region})
	if err != nil {
		return err
	}
	manifest, _ := json.Marshal(map[string]any{"schemaVersion": 2, "flightplanSim": localRef})
	_, err = cl.ECR.PutImage(ctx, &ecr.PutImageInput{RegistryId: aws.String(repo.Account), RepositoryName: aws.String(repo.Name()),
		ImageTag: aws.String(tag), ImageManifest: aws.String(string(manifest))})
	var exists *ecrtypes.ImageAlreadyExistsException
	if err != nil && !errors.As(err, &exists) {
		return cloud.Unwrap(err)
	}
	out("simulated: registered " + repo.Ref(tag))
	return nil
}
