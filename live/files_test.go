package live_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"flightplan/addr"
	"flightplan/awssim/awssimtest"
	"flightplan/cloud"
	"flightplan/live"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

// ReadSites lists a static site's objects with their ETags, from the
// bucket its live stack's SiteBucketName output names; a site whose stack
// does not exist yet is left out.
func TestReadSites(t *testing.T) {
	ts := awssimtest.Start(t)
	p := simProvider(ts)
	ctx := context.Background()
	c, err := p.For(ctx, cloud.Target{Account: "111111111111", Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	st := &stacks.Stack{Name: "shop-dev-www", Template: []byte(`{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}},
  "Outputs": {"SiteBucketName": {"Value": {"Ref": "Bucket"}}}}`),
		Tags: map[string]string{"copilot-application": "shop", "copilot-environment": "dev", "copilot-service": "www"}}
	if err := plantest.CreateStack(ctx, c.CFN, st); err != nil {
		t.Fatal(err)
	}
	state, err := live.ReadState(ctx, p, "shop", cloud.Target{Account: "111111111111", Region: "us-east-1"}, nil, live.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var bucket string
	for _, s := range state.Stacks {
		if s.Name == "shop-dev-www" {
			bucket = s.Outputs[stacks.OutSiteBucket]
		}
	}
	if bucket == "" {
		t.Fatal("the live state has no shop-dev-www with its SiteBucketName output")
	}
	for _, key := range []string{"index.html", "css/main.css"} {
		if _, err := c.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(key)}); err != nil {
			t.Fatal(err)
		}
	}
	d := &stacks.Desired{App: "shop", Nodes: []*stacks.Node{
		{Addr: addr.Deploy("dev", "www"), Account: "111111111111", Region: "us-east-1", Stack: &stacks.Stack{Name: "shop-dev-www"}, Site: &stacks.Site{}},
		{Addr: addr.Deploy("prod", "www"), Account: "111111111111", Region: "us-east-1", Stack: &stacks.Stack{Name: "shop-prod-www"}, Site: &stacks.Site{}},
	}}
	if err := live.ReadSites(ctx, p, d, state, live.ReadOptions{}); err != nil {
		t.Fatal(err)
	}
	objs := state.SiteObjects["deploy/dev/www"]
	if len(objs) != 2 || !strings.HasPrefix(objs["index.html"].ETag, `"`) {
		t.Errorf("deploy/dev/www objects = %v", objs)
	}
	if _, ok := state.SiteObjects["deploy/prod/www"]; ok {
		t.Error("a site whose stack does not exist was read")
	}
}
