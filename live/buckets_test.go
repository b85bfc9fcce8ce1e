package live_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim/awssimtest"
	"flightplan/cloud"
	"flightplan/live"
	"flightplan/planner"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

const bucketTemplate = `{"Resources": {
  "Data":    {"Type": "AWS::S3::Bucket"},
  "Logs":    {"Type": "AWS::S3::Bucket"},
  "Kept":    {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"},
  "Group":   {"Type": "AWS::Logs::LogGroup"}
}}`

// ReadBuckets lists the buckets a stack's deletion empties (not those it
// retains) with their object counts, bounded.
func TestReadBuckets(t *testing.T) {
	ts := awssimtest.Start(t)
	p := simProvider(ts)
	ctx := context.Background()
	target := cloud.Target{Account: "111111111111", Region: "us-east-1"}
	c, err := p.For(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	st := &stacks.Stack{Name: "shop-dev", Template: []byte(bucketTemplate)}
	if err := plantest.CreateStack(ctx, c.CFN, st); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, id := range []string{"Data", "Logs", "Kept"} {
		out, err := c.CFN.DescribeStackResource(ctx, &cloudformation.DescribeStackResourceInput{StackName: aws.String("shop-dev"), LogicalResourceId: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		names[id] = aws.ToString(out.StackResourceDetail.PhysicalResourceId)
	}
	for id, n := range map[string]int{"Data": 5, "Kept": 2} {
		for i := range n {
			if _, err := c.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(names[id]), Key: aws.String(fmt.Sprint("k", i)), Body: strings.NewReader("x")}); err != nil {
				t.Fatal(err)
			}
		}
	}
	described, err := c.CFN.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("shop-dev")})
	if err != nil {
		t.Fatal(err)
	}
	ls := &planner.LiveStack{Account: target.Account, Region: target.Region, Name: "shop-dev",
		ID: aws.ToString(described.Stacks[0].StackId), Template: []byte(bucketTemplate)}

	tests := map[string]struct {
		bound int
		want  []planner.Bucket
	}{
		"counted": {want: []planner.Bucket{
			{LogicalID: "Data", Name: names["Data"], Objects: 5},
			{LogicalID: "Logs", Name: names["Logs"], Objects: 0},
		}},
		"bounded": {bound: 3, want: []planner.Bucket{
			{LogicalID: "Data", Name: names["Data"], Objects: 3, AtLeast: true},
			{LogicalID: "Logs", Name: names["Logs"], Objects: 0},
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := live.ReadBuckets(ctx, p, []cloud.Target{target}, []*planner.LiveStack{ls}, live.ReadOptions{MaxBucketObjects: tc.bound})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(map[string][]planner.Bucket{ls.Key(): tc.want}, got); diff != "" {
				t.Errorf("ReadBuckets (-want +got):\n%s", diff)
			}
		})
	}
}
