package planner

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/stacks"
)

// A region stack created where Copilot's stack set has an instance takes
// its resources over: repositories matched by name, the key and the bucket
// by type; what has no place is listed as left; an instance in a region
// with no region stack to create is noted and left alone.
func TestTakeovers(t *testing.T) {
	const instance = `Resources:
  KMSKey: {Type: AWS::KMS::Key}
  PipelineBuiltArtifactBucket: {Type: AWS::S3::Bucket}
  PipelineBuiltArtifactBucketPolicy: {Type: AWS::S3::BucketPolicy, Properties: {Bucket: !Ref PipelineBuiltArtifactBucket}}
  ECRRepoapi: {Type: AWS::ECR::Repository, Properties: {RepositoryName: shop/api}}
  ECRRepoold: {Type: AWS::ECR::Repository, Properties: {RepositoryName: shop/old}}
`
	const region = `{"Resources":{"ArtifactKey":{"Type":"AWS::KMS::Key"},"ArtifactBucket":{"Type":"AWS::S3::Bucket"},` +
		`"ECRRepoApi":{"Type":"AWS::ECR::Repository","Properties":{"RepositoryName":"shop/api"}},` +
		`"ECRRepoWeb":{"Type":"AWS::ECR::Repository","Properties":{"RepositoryName":"shop/web"}}}}`
	d := &stacks.Desired{App: "shop", Nodes: []*stacks.Node{{Addr: addr.App(), Account: "1", Region: "us-east-1"}}}
	create := &Change{Addr: addr.Region("us-east-1"), Action: Create, Account: "1", Region: "us-east-1",
		Stack:   &StackChange{Name: "shop-infrastructure-us-east-1", Action: Create, Resources: []ResourceChange{{LogicalID: "ECRRepoApi", Action: Create}, {LogicalID: "ECRRepoWeb", Action: Create}}},
		Desired: &stacks.Node{Stack: &stacks.Stack{Template: []byte(region)}}}
	s := &State{App: "shop", Stacks: []*LiveStack{
		{Account: "1", Region: "us-east-1", Name: "StackSet-shop-infrastructure-aaaa", Template: []byte(instance)},
		{Account: "1", Region: "eu-west-1", Name: "StackSet-shop-infrastructure-bbbb", Template: []byte(instance)},
	}}
	notes, err := takeovers(d, s, []*Change{create})
	if err != nil {
		t.Fatal(err)
	}
	want := &Takeover{StackSet: "shop-infrastructure", Region: "us-east-1", Instance: "StackSet-shop-infrastructure-aaaa",
		Imports: []Import{{LogicalID: "ECRRepoApi", From: "ECRRepoapi", Type: "AWS::ECR::Repository"},
			{LogicalID: "ArtifactKey", From: "KMSKey", Type: "AWS::KMS::Key"},
			{LogicalID: "ArtifactBucket", From: "PipelineBuiltArtifactBucket", Type: "AWS::S3::Bucket"}},
		Left: []string{"ECRRepoold (AWS::ECR::Repository)", "PipelineBuiltArtifactBucketPolicy (AWS::S3::BucketPolicy)"}}
	if diff := cmp.Diff(want, create.Stack.Takeover); diff != "" {
		t.Errorf("take-over (-want +got):\n%s", diff)
	}
	if got := create.Stack.Resources[0].ImportedFrom; got != "StackSet-shop-infrastructure-aaaa (ECRRepoapi)" {
		t.Errorf("ECRRepoApi imported from %q", got)
	}
	if got := create.Stack.Resources[1].ImportedFrom; got != "" {
		t.Errorf("ECRRepoWeb (created) imported from %q", got)
	}
	wantNotes := []string{"stack StackSet-shop-infrastructure-bbbb (1/eu-west-1) is an instance of Copilot's stack set shop-infrastructure; " +
		"no region stack is created there, so it is left alone"}
	if diff := cmp.Diff(wantNotes, notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}
