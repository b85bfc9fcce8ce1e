package awssim_test

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim"
	"flightplan/awssim/awssimtest"
)

const repoTemplate = `{"Resources": {
  "Repo": {"Type": "AWS::ECR::Repository", "Properties": {"RepositoryName": "shop/app", "EmptyOnDelete": true}}
}, "Outputs": {"Uri": {"Value": {"Fn::GetAtt": ["Repo", "RepositoryUri"]}}}}`

// putImage registers a tag in a repository, as a pusher would.
func putImage(t testing.TB, c *ecr.Client, repo, tag, manifest string) *ecr.PutImageOutput {
	t.Helper()
	out, err := c.PutImage(context.Background(), &ecr.PutImageInput{RepositoryName: aws.String(repo), ImageTag: aws.String(tag), ImageManifest: aws.String(manifest)})
	if err != nil {
		t.Fatalf("PutImage %s:%s: %v", repo, tag, err)
	}
	return out
}

// TestECRStackRepository checks that a stack's repository is a repository
// in ECR that takes images, and that it goes with its images when the
// stack is deleted.
func TestECRStackRepository(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cfn := cloudformation.NewFromConfig(ts.Config(acctA, "eu-west-1"))
	c := ecr.NewFromConfig(ts.Config(acctA, "eu-west-1"))
	st := createStack(t, cfn, "shop-infrastructure-eu-west-1", repoTemplate)
	if st.StackStatus != cfntypes.StackStatusCreateComplete {
		t.Fatalf("create: %s", st.StackStatus)
	}
	putImage(t, c, "shop/app", "abc123", `{"schemaVersion":2}`)
	out, err := c.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("shop/app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("abc123")}}})
	if err != nil || len(out.ImageDetails) != 1 || !cmp.Equal(out.ImageDetails[0].ImageTags, []string{"abc123"}) {
		t.Fatalf("DescribeImages = %+v, %v", out, err)
	}
	if st = deleteStack(t, cfn, aws.ToString(st.StackId)); st.StackStatus != cfntypes.StackStatusDeleteComplete {
		t.Fatalf("delete: %s", st.StackStatus)
	}
	var nf *types.RepositoryNotFoundException
	if _, err := c.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("shop/app")}); !errors.As(err, &nf) {
		t.Errorf("ListImages after the stack's deletion = %v, want RepositoryNotFoundException", err)
	}
}

// TestECRErrors checks the error codes and messages of ECR with the SDK.
func TestECRErrors(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	createStack(t, cloudformation.NewFromConfig(ts.Config(acctA, "eu-west-1")), "repo", repoTemplate)
	c := ecr.NewFromConfig(ts.Config(acctA, "eu-west-1"))
	putImage(t, c, "shop/app", "v1", "m1")
	tests := map[string]struct {
		call func() error
		code string
		msg  string
	}{
		"no repository": {
			call: func() error {
				_, err := c.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("shop/web")})
				return err
			},
			code: "RepositoryNotFoundException",
			msg:  "The repository with name 'shop/web' does not exist in the registry with id '" + acctA + "'",
		},
		"no repository in that region": {
			call: func() error {
				_, err := ecr.NewFromConfig(ts.Config(acctA, "us-east-1")).ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("shop/app")})
				return err
			},
			code: "RepositoryNotFoundException",
			msg:  "The repository with name 'shop/app' does not exist in the registry with id '" + acctA + "'",
		},
		"no such tag": {
			call: func() error {
				_, err := c.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("shop/app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v2")}}})
				return err
			},
			code: "ImageNotFoundException",
			msg:  "The image with imageId {imageDigest:'null', imageTag:'v2'} does not exist within the repository with name 'shop/app' in the registry with id '" + acctA + "'",
		},
		"a token ECR did not make": {
			call: func() error {
				_, err := c.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("shop/app"), NextToken: aws.String("42")})
				return err
			},
			code: "InvalidParameterException",
			msg:  "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Member must be a token this API returned'",
		},
		"same image and tag again": {
			call: func() error {
				_, err := c.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String("shop/app"), ImageTag: aws.String("v1"), ImageManifest: aws.String("m1")})
				return err
			},
			code: "ImageAlreadyExistsException",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			apiError(t, tc.call(), tc.code, tc.msg)
		})
	}
}

// TestECRImages checks tags moving between images, ListImages and
// BatchDeleteImage with its failures.
func TestECRImages(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	createStack(t, cloudformation.NewFromConfig(ts.Config(acctA, "eu-west-1")), "repo", repoTemplate)
	c := ecr.NewFromConfig(ts.Config(acctA, "eu-west-1"))
	first := putImage(t, c, "shop/app", "v1", "m1")
	putImage(t, c, "shop/app", "latest", "m2")
	putImage(t, c, "shop/app", "v2", "m2")
	putImage(t, c, "shop/app", "latest", "m1") // latest moves to m1
	l, err := c.ListImages(ctx, &ecr.ListImagesInput{RepositoryName: aws.String("shop/app")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, id := range l.ImageIds {
		got = append(got, aws.ToString(id.ImageTag))
	}
	if want := []string{"latest", "v1", "v2"}; !cmp.Equal(got, want) {
		t.Errorf("ListImages tags = %v, want %v", got, want)
	}
	var paged []string
	for p := ecr.NewListImagesPaginator(c, &ecr.ListImagesInput{RepositoryName: aws.String("shop/app"), MaxResults: aws.Int32(1)}); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range page.ImageIds {
			paged = append(paged, aws.ToString(id.ImageTag))
		}
	}
	if !cmp.Equal(paged, got) {
		t.Errorf("ListImages one per page = %v, want %v", paged, got)
	}
	d, err := c.BatchDeleteImage(ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("shop/app"),
		ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v2")}, {ImageTag: aws.String("nope")}}})
	if err != nil || len(d.ImageIds) != 1 || len(d.Failures) != 1 || d.Failures[0].FailureCode != types.ImageFailureCodeImageNotFound {
		t.Fatalf("BatchDeleteImage = %+v, %v", d, err)
	}
	out, err := c.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("shop/app")})
	if err != nil || len(out.ImageDetails) != 1 || aws.ToString(out.ImageDetails[0].ImageDigest) != aws.ToString(first.Image.ImageId.ImageDigest) {
		t.Fatalf("DescribeImages after deleting v2 (m2's last tag) = %+v, %v", out, err)
	}
}

// TestECRAuthorizationToken checks the token's shape and proxy endpoint.
func TestECRAuthorizationToken(t *testing.T) {
	ts := awssimtest.Start(t)
	out, err := ecr.NewFromConfig(ts.Config(acctA, "eu-west-1")).GetAuthorizationToken(context.Background(), &ecr.GetAuthorizationTokenInput{})
	if err != nil || len(out.AuthorizationData) != 1 {
		t.Fatalf("GetAuthorizationToken = %+v, %v", out, err)
	}
	a := out.AuthorizationData[0]
	raw, err := base64.StdEncoding.DecodeString(aws.ToString(a.AuthorizationToken))
	user, pass, ok := strings.Cut(string(raw), ":")
	if err != nil || !ok || user != "AWS" || pass == "" {
		t.Errorf("token %q decodes to %q, %v", aws.ToString(a.AuthorizationToken), raw, err)
	}
	if got, want := aws.ToString(a.ProxyEndpoint), "https://"+acctA+".dkr.ecr.eu-west-1.amazonaws.com"; got != want {
		t.Errorf("proxyEndpoint = %q, want %q", got, want)
	}
	if a.ExpiresAt == nil || !a.ExpiresAt.After(ts.Clock.Now()) {
		t.Errorf("expiresAt = %v", a.ExpiresAt)
	}
}

// TestECRPersisted checks that repositories and images survive a restart
// on the state file.
func TestECRPersisted(t *testing.T) {
	dir := t.TempDir()
	ts := awssimtest.Start(t, awssim.Options{StateDir: dir})
	createStack(t, cloudformation.NewFromConfig(ts.Config(acctA, "eu-west-1")), "repo", repoTemplate)
	putImage(t, ecr.NewFromConfig(ts.Config(acctA, "eu-west-1")), "shop/app", "v1", "m1")
	again := awssimtest.Start(t, awssim.Options{StateDir: dir})
	_, err := ecr.NewFromConfig(again.Config(acctA, "eu-west-1")).DescribeImages(context.Background(),
		&ecr.DescribeImagesInput{RepositoryName: aws.String("shop/app"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v1")}}})
	if err != nil {
		t.Errorf("after a restart: %v", err)
	}
}

// TestECRDescribeRepositories checks that DescribeRepositories lists the
// region's repositories by name, with ARN and URI, or those named, and
// says which named one does not exist.
func TestECRDescribeRepositories(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cfn := cloudformation.NewFromConfig(ts.Config(acctA, "eu-west-1"))
	c := ecr.NewFromConfig(ts.Config(acctA, "eu-west-1"))
	createStack(t, cfn, "repos", `{"Resources": {
  "B": {"Type": "AWS::ECR::Repository", "Properties": {"RepositoryName": "shop/worker"}},
  "A": {"Type": "AWS::ECR::Repository", "Properties": {"RepositoryName": "shop/api"}}}}`)
	out, err := c.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range out.Repositories {
		got = append(got, aws.ToString(r.RepositoryName)+" "+aws.ToString(r.RepositoryArn)+" "+aws.ToString(r.RepositoryUri))
	}
	want := []string{
		"shop/api arn:aws:ecr:eu-west-1:" + acctA + ":repository/shop/api " + acctA + ".dkr.ecr.eu-west-1.amazonaws.com/shop/api",
		"shop/worker arn:aws:ecr:eu-west-1:" + acctA + ":repository/shop/worker " + acctA + ".dkr.ecr.eu-west-1.amazonaws.com/shop/worker",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("repositories (-want +got):\n%s", diff)
	}
	other, err := ecr.NewFromConfig(ts.Config(acctA, "us-east-1")).DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{})
	if err != nil || len(other.Repositories) != 0 {
		t.Errorf("another region lists %v, %v; want none", other, err)
	}
	named, err := c.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"shop/worker"}})
	if err != nil || len(named.Repositories) != 1 || aws.ToString(named.Repositories[0].RepositoryName) != "shop/worker" {
		t.Errorf("by name = %v, %v", named, err)
	}
	_, err = c.DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"shop/none"}})
	var nf *types.RepositoryNotFoundException
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), "The repository with name 'shop/none' does not exist in the registry with id '"+acctA+"'") {
		t.Errorf("a missing name: %v", err)
	}
}
