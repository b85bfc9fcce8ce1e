package awssim_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apprunner"
	artypes "github.com/aws/aws-sdk-go-v2/service/apprunner/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/smithy-go"

	"flightplan/awssim/awssimtest"
)

const appRunnerTemplate = `Resources:
  Service:
    Type: AWS::AppRunner::Service
    Properties:
      ServiceName: shop-test-api
      SourceConfiguration:
        ImageRepository: {ImageIdentifier: public.ecr.aws/nginx/nginx:latest, ImageRepositoryType: ECR_PUBLIC}
Outputs:
  ServiceURL:
    Value: !GetAtt Service.ServiceUrl
`

// TestAppRunnerCustomDomains drives App Runner's custom domains through
// the real client: an association pending until its validation records
// are in Route 53, then active; paging; disassociation; the refusals; and
// the association gone with its service's stack.
func TestAppRunnerCustomDomains(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cf := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	st := createStack(t, cf, "shop-test-api", appRunnerTemplate)
	arn := physicalID(t, cf, "shop-test-api", "Service")
	url := aws.ToString(st.Outputs[0].OutputValue)
	c := apprunner.NewFromConfig(ts.Config(testAccount, "us-east-1"))

	out, err := c.AssociateCustomDomain(ctx, &apprunner.AssociateCustomDomainInput{ServiceArn: aws.String(arn), DomainName: aws.String("api.example.com"), EnableWWWSubdomain: aws.Bool(false)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.DNSTarget) != url {
		t.Errorf("DNSTarget %s, want the service's ServiceUrl %s", aws.ToString(out.DNSTarget), url)
	}
	d := out.CustomDomain
	if d.Status != "pending_certificate_dns_validation" || len(d.CertificateValidationRecords) != 1 || aws.ToBool(d.EnableWWWSubdomain) {
		t.Fatalf("associated %+v; want pending with one validation record", d)
	}
	rec := d.CertificateValidationRecords[0]
	if aws.ToString(rec.Type) != "CNAME" || rec.Status != "PENDING_VALIDATION" {
		t.Fatalf("validation record %+v", rec)
	}

	// The record in Route 53 validates the certificate.
	r53 := route53.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	z, err := r53.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: aws.String("example.com"), CallerReference: aws.String("z")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: z.HostedZone.Id, ChangeBatch: &r53types.ChangeBatch{Changes: []r53types.Change{{
		Action: r53types.ChangeActionUpsert, ResourceRecordSet: &r53types.ResourceRecordSet{Name: rec.Name, Type: r53types.RRTypeCname, TTL: aws.Int64(300),
			ResourceRecords: []r53types.ResourceRecord{{Value: rec.Value}}}}}}}); err != nil {
		t.Fatal(err)
	}
	// With the www subdomain (App Runner's default), two records.
	if _, err := c.AssociateCustomDomain(ctx, &apprunner.AssociateCustomDomainInput{ServiceArn: aws.String(arn), DomainName: aws.String("shop.example.com")}); err != nil {
		t.Fatal(err)
	}
	desc, err := c.DescribeCustomDomains(ctx, &apprunner.DescribeCustomDomainsInput{ServiceArn: aws.String(arn), MaxResults: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(desc.CustomDomains) != 1 || desc.NextToken == nil || desc.CustomDomains[0].Status != "active" ||
		desc.CustomDomains[0].CertificateValidationRecords[0].Status != "SUCCESS" {
		t.Fatalf("first page %+v, next %v; want api.example.com active and a next page", desc.CustomDomains, desc.NextToken)
	}
	desc, err = c.DescribeCustomDomains(ctx, &apprunner.DescribeCustomDomainsInput{ServiceArn: aws.String(arn), MaxResults: aws.Int32(1), NextToken: desc.NextToken})
	if err != nil {
		t.Fatal(err)
	}
	if len(desc.CustomDomains) != 1 || aws.ToString(desc.CustomDomains[0].DomainName) != "shop.example.com" || len(desc.CustomDomains[0].CertificateValidationRecords) != 2 ||
		desc.CustomDomains[0].Status != "pending_certificate_dns_validation" || desc.NextToken != nil {
		t.Fatalf("second page %+v", desc.CustomDomains)
	}

	refusals := map[string]struct {
		call func() error
		code string
	}{
		"associated twice": {func() error {
			_, err := c.AssociateCustomDomain(ctx, &apprunner.AssociateCustomDomainInput{ServiceArn: aws.String(arn), DomainName: aws.String("api.example.com")})
			return err
		}, "InvalidRequestException"},
		"unknown service": {func() error {
			_, err := c.DescribeCustomDomains(ctx, &apprunner.DescribeCustomDomainsInput{ServiceArn: aws.String(arn + "x")})
			return err
		}, "ResourceNotFoundException"},
		"another region": {func() error {
			_, err := apprunner.NewFromConfig(ts.Config(testAccount, "eu-west-1")).DescribeCustomDomains(ctx, &apprunner.DescribeCustomDomainsInput{ServiceArn: aws.String(arn)})
			return err
		}, "ResourceNotFoundException"},
		"not associated": {func() error {
			_, err := c.DisassociateCustomDomain(ctx, &apprunner.DisassociateCustomDomainInput{ServiceArn: aws.String(arn), DomainName: aws.String("www.example.com")})
			return err
		}, "ResourceNotFoundException"},
	}
	for name, r := range refusals {
		var apiErr smithy.APIError
		if err := r.call(); !errors.As(err, &apiErr) || apiErr.ErrorCode() != r.code {
			t.Errorf("%s: %v, want %s", name, err, r.code)
		}
	}

	dis, err := c.DisassociateCustomDomain(ctx, &apprunner.DisassociateCustomDomainInput{ServiceArn: aws.String(arn), DomainName: aws.String("api.example.com")})
	if err != nil {
		t.Fatal(err)
	}
	if dis.CustomDomain.Status != artypes.CustomDomainAssociationStatus("deleting") {
		t.Errorf("disassociated status %s, want deleting", dis.CustomDomain.Status)
	}
	desc, err = c.DescribeCustomDomains(ctx, &apprunner.DescribeCustomDomainsInput{ServiceArn: aws.String(arn)})
	if err != nil || len(desc.CustomDomains) != 1 {
		t.Fatalf("after disassociating: %+v, %v; want shop.example.com only", desc, err)
	}

	// The service's stack deleted, its associations go with it: the same
	// service name created again has none.
	deleteStack(t, cf, aws.ToString(st.StackId))
	if _, err := c.DescribeCustomDomains(ctx, &apprunner.DescribeCustomDomainsInput{ServiceArn: aws.String(arn)}); err == nil {
		t.Fatal("a deleted service's domains are described")
	}
}
