package executor

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// uploadPlan is the test app's plan with an env file to upload for the
// test environment's deployment; withOutput says whether the region stack
// names its bucket.
func uploadPlan(withOutput bool) *planner.Plan {
	p := applyPlan(testApp(), planner.Create, "v1")
	for _, c := range p.Changes {
		switch c.Addr {
		case addr.Region(region):
			if withOutput {
				c.Desired.Stack.Template = []byte(bucketTemplate)
			}
		case addr.Deploy("test", "api"):
			c.Desired.Stack.Uploads = []stacks.Upload{{From: addr.Region(region), Output: "PipelineBucket",
				Key: "manual/env-files/api.env/0123.env", Body: "LOG_LEVEL=info\n"}}
		}
	}
	return p
}

// TestUploadsBeforeTheChangeSet: the env file is written to the bucket the
// region stack names, in the app's account, though the deployment is in
// another account.
func TestUploadsBeforeTheChangeSet(t *testing.T) {
	_, opts := simOptions(t)
	if _, err := Apply(context.Background(), uploadPlan(true), opts); err != nil {
		t.Fatal(err)
	}
	cl, err := opts.Provider.For(context.Background(), cloud.Target{Account: appAccount, Region: region})
	if err != nil {
		t.Fatal(err)
	}
	api := s3.New(cl.S3.Options())
	list, err := api.ListBuckets(context.Background(), &s3.ListBucketsInput{})
	if err != nil || len(list.Buckets) != 1 {
		t.Fatalf("buckets %v, %v", list, err)
	}
	out, err := api.GetObject(context.Background(), &s3.GetObjectInput{Bucket: list.Buckets[0].Name, Key: aws.String("manual/env-files/api.env/0123.env")})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(out.Body)
	if string(body) != "LOG_LEVEL=info\n" {
		t.Errorf("uploaded %q", body)
	}
	assertUnlocked(t, opts)
}

// TestUploadWithoutBucketFails: a region stack without the output fails
// the node, saying which output is missing, before its change set.
func TestUploadWithoutBucketFails(t *testing.T) {
	ts, opts := simOptions(t)
	res, err := Apply(context.Background(), uploadPlan(false), opts)
	if err == nil {
		t.Fatal("Apply succeeded")
	}
	o := res.Outcomes[addr.Deploy("test", "api")]
	if o.Status != Failed || o.Err == nil || !strings.Contains(o.Err.Error(), "uploading manual/env-files/api.env/0123.env: stack demo-infrastructure-"+region+" (app/region/"+region+") has no output PipelineBucket") {
		t.Fatalf("deploy/test/api: %v %v", o.Status, o.Err)
	}
	if ops := opsByStack(ts)["demo-test-api"]; len(ops) != 0 {
		t.Errorf("the stack was deployed without its env file: %v", ops)
	}
	assertUnlocked(t, opts)
}
