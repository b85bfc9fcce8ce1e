package executor

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// Images (image/{name} nodes): a create builds the image once, with
// Options.Builder, then, for each of its repositories in turn, asks ECR for
// a password in the repository's account and region
// (GetAuthorizationToken) and pushes the tag there. The node's dependents —
// the deployments that run the image — start only once every push is done;
// a failed build or push fails the node, which skips them and nothing
// else. Every line the builder prints is a NodeEvent of the node
// (LogicalID "docker", Status "build" or "push {repository}").

// Builder builds images and pushes them to ECR. Implementations must be
// safe for concurrent use: two image nodes may build at once.
type Builder interface {
	// Build builds b for b.Platform and returns the local reference of the
	// result, which Push is then given. b's paths are relative to b.Dir.
	// out receives the build's output, one line per call.
	Build(ctx context.Context, b stacks.ImageBuild, out func(line string)) (localRef string, err error)
	// Push signs in to the repository's registry with auth and pushes
	// localRef as repo.URI:tag.
	Push(ctx context.Context, localRef string, repo stacks.ImageRepository, tag string, auth ECRAuth, out func(line string)) error
}

// ECRAuth is what GetAuthorizationToken gives to sign in to a registry.
type ECRAuth struct {
	Username string // "AWS"
	Password string // never on a command line, never printed
	// Endpoint is the registry, "https://{account}.dkr.ecr.{region}.amazonaws.com".
	Endpoint string
}

// image builds and pushes one image node.
func (x *applier) image(ctx context.Context, a addr.Address, c *planner.Change) error {
	b := *c.Desired.Image
	out := func(status string) func(string) {
		return func(line string) {
			x.opts.Hooks.NodeEvent(a, Event{Time: time.Now(), LogicalID: "docker", Status: status, Reason: line})
		}
	}
	ref, err := x.opts.Builder.Build(ctx, b, out("build"))
	if err != nil {
		return fmt.Errorf("building image %s: %w", b.Name, err)
	}
	for _, r := range b.Repositories {
		auth, err := x.ecrAuth(ctx, c, r)
		if err != nil {
			return err
		}
		if err := x.opts.Builder.Push(ctx, ref, r, b.Tag, auth, out("push "+r.URI)); err != nil {
			return fmt.Errorf("pushing image %s to %s: %w", b.Name, r.URI, err)
		}
	}
	return nil
}

// ecrAuth asks ECR for the password of a repository's registry.
func (x *applier) ecrAuth(ctx context.Context, c *planner.Change, r stacks.ImageRepository) (ECRAuth, error) {
	cl, err := x.opts.Provider.For(ctx, cloud.Target{Account: r.Account, Region: r.Region, Profile: c.Desired.Profile, RoleARN: c.Desired.RoleARN})
	if err != nil {
		return ECRAuth{}, err
	}
	out, err := cl.ECR.GetAuthorizationToken(ctx, &ecr.GetAuthorizationTokenInput{})
	if err != nil {
		return ECRAuth{}, fmt.Errorf("signing in to ECR in %s/%s: %w", r.Account, r.Region, cloud.Unwrap(err))
	}
	if len(out.AuthorizationData) == 0 {
		return ECRAuth{}, fmt.Errorf("signing in to ECR in %s/%s: no authorization data", r.Account, r.Region)
	}
	d := out.AuthorizationData[0]
	raw, err := base64.StdEncoding.DecodeString(aws.ToString(d.AuthorizationToken))
	user, pass, ok := strings.Cut(string(raw), ":")
	if err != nil || !ok {
		return ECRAuth{}, errors.New("signing in to ECR: the authorization token is not base64 of user:password")
	}
	return ECRAuth{Username: user, Password: pass, Endpoint: aws.ToString(d.ProxyEndpoint)}, nil
}
