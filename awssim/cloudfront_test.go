package awssim_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/smithy-go"

	"flightplan/awssim/awssimtest"
)

const distributionTemplate = `{"Resources": {
  "Bucket": {"Type": "AWS::S3::Bucket"},
  "OAC": {"Type": "AWS::CloudFront::OriginAccessControl", "Properties": {"OriginAccessControlConfig": {"Name": "site", "OriginAccessControlOriginType": "s3", "SigningBehavior": "always", "SigningProtocol": "sigv4"}}},
  "Dist": {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": {"Enabled": true,
    "DefaultCacheBehavior": {"TargetOriginId": "s3", "ViewerProtocolPolicy": "redirect-to-https", "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
    "Origins": [{"Id": "s3", "DomainName": {"Fn::GetAtt": ["Bucket", "RegionalDomainName"]}, "OriginAccessControlId": {"Ref": "OAC"}, "S3OriginConfig": {"OriginAccessIdentity": ""}}]}}}
}, "Outputs": {"Id": {"Value": {"Ref": "Dist"}}, "Domain": {"Value": {"Fn::GetAtt": ["Dist", "DomainName"]}}}}`

func invalidation(dist, ref string, paths ...string) *cloudfront.CreateInvalidationInput {
	return &cloudfront.CreateInvalidationInput{DistributionId: aws.String(dist), InvalidationBatch: &cftypes.InvalidationBatch{
		CallerReference: aws.String(ref), Paths: &cftypes.Paths{Quantity: aws.Int32(int32(len(paths))), Items: paths}}}
}

// TestCloudFrontInvalidations creates a stack's distribution and drives
// its invalidations through the SDK: created InProgress, Completed a
// minute of simulated time later, idempotent by caller reference, listed,
// and refused for a distribution that does not exist.
func TestCloudFrontInvalidations(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cfn := cloudformation.NewFromConfig(ts.Config(acctA, "us-east-1"))
	st := createStack(t, cfn, "site", distributionTemplate)
	if st.StackStatus != cfntypes.StackStatusCreateComplete {
		t.Fatalf("create: %s %s", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	outs := map[string]string{}
	for _, o := range st.Outputs {
		outs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	if !strings.HasPrefix(outs["Domain"], "d") || !strings.HasSuffix(outs["Domain"], ".cloudfront.net") {
		t.Errorf("DomainName = %q, want dxxxx.cloudfront.net", outs["Domain"])
	}
	c := cloudfront.NewFromConfig(ts.Config(acctA, "us-east-1"))
	out, err := c.CreateInvalidation(ctx, invalidation(outs["Id"], "r1", "/*"))
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(out.Invalidation.Id)
	if aws.ToString(out.Invalidation.Status) != "InProgress" || !strings.Contains(aws.ToString(out.Location), id) {
		t.Errorf("created: status %q, location %q", aws.ToString(out.Invalidation.Status), aws.ToString(out.Location))
	}
	again, err := c.CreateInvalidation(ctx, invalidation(outs["Id"], "r1", "/*"))
	if err != nil || aws.ToString(again.Invalidation.Id) != id {
		t.Errorf("same caller reference: %v, id %q want %q", err, aws.ToString(again.Invalidation.Id), id)
	}
	var exists smithy.APIError
	if _, err := c.CreateInvalidation(ctx, invalidation(outs["Id"], "r1", "/index.html")); !errors.As(err, &exists) || exists.ErrorCode() != "InvalidationBatchAlreadyExists" {
		t.Errorf("same caller reference, other paths: %v", err)
	}
	ts.Clock.Advance(2 * time.Minute)
	got, err := c.GetInvalidation(ctx, &cloudfront.GetInvalidationInput{DistributionId: aws.String(outs["Id"]), Id: aws.String(id)})
	if err != nil || aws.ToString(got.Invalidation.Status) != "Completed" || got.Invalidation.InvalidationBatch.Paths.Items[0] != "/*" {
		t.Errorf("GetInvalidation after two minutes: %v %+v", err, got)
	}
	list, err := c.ListInvalidations(ctx, &cloudfront.ListInvalidationsInput{DistributionId: aws.String(outs["Id"])})
	if err != nil || aws.ToInt32(list.InvalidationList.Quantity) != 1 || aws.ToString(list.InvalidationList.Items[0].Id) != id {
		t.Errorf("ListInvalidations: %v %+v", err, list)
	}
	var nsd *cftypes.NoSuchDistribution
	if _, err := c.CreateInvalidation(ctx, invalidation("E0000000000000", "r2", "/*")); !errors.As(err, &nsd) {
		t.Errorf("unknown distribution: %v", err)
	}
	var nsi *cftypes.NoSuchInvalidation
	if _, err := c.GetInvalidation(ctx, &cloudfront.GetInvalidationInput{DistributionId: aws.String(outs["Id"]), Id: aws.String("INOPE")}); !errors.As(err, &nsi) {
		t.Errorf("unknown invalidation: %v", err)
	}
}
