package executor

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apprunner"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/route53"

	"flightplan/cloud"
	"flightplan/stacks"
)

// TestDomainOpIsIdempotent associates a custom domain on the simulator
// twice (the second call finds it associated and writes the same records
// again), reads the validation and alias records back from Route 53, then
// disassociates it twice (the second finds nothing to do): no record is
// left, and a zone found by name serves as well as one given by ID.
func TestDomainOpIsIdempotent(t *testing.T) {
	ctx := context.Background()
	_, opts := simOptions(t)
	cl, err := opts.Provider.For(ctx, cloud.Target{Account: appAccount, Region: region})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cl.CFN.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("shop-test-api"), TemplateBody: aws.String(`{"Resources": {"Service": {"Type": "AWS::AppRunner::Service", "Properties": {
		"ServiceName": "shop-test-api", "SourceConfiguration": {"ImageRepository": {"ImageIdentifier": "public.ecr.aws/example/api:1", "ImageRepositoryType": "ECR_PUBLIC"}}}}},
		"Outputs": {"ServiceArn": {"Value": {"Ref": "Service"}}}}`)}); err != nil {
		t.Fatal(err)
	}
	var arn string
	for i := 0; arn == "" && i < 100; i++ {
		outs, err := stackOutputs(ctx, cl.CFN, "shop-test-api")
		if err != nil {
			t.Fatal(err)
		}
		arn = outs["ServiceArn"]
	}
	if _, err := cl.Route53.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: aws.String("example.com"), CallerReference: aws.String("z")}); err != nil {
		t.Fatal(err)
	}
	d := &domainOp{ar: cl.AppRunner, r53: cl.Route53, zone: &stacks.DomainZone{Name: "example.com", Account: appAccount, Region: region}, arn: arn, poll: time.Millisecond}
	for range 2 {
		if err := d.associate(ctx, "api.example.com"); err != nil {
			t.Fatal(err)
		}
	}
	recs := records(t, cl.Route53, d)
	if len(recs) != 2 || recs[0] != "api.example.com. CNAME" || !strings.HasPrefix(recs[1], "_") || !strings.HasSuffix(recs[1], ".api.example.com. CNAME") {
		t.Fatalf("records %v; want the validation record and the alias", recs)
	}
	out, err := cl.AppRunner.DescribeCustomDomains(ctx, &apprunner.DescribeCustomDomainsInput{ServiceArn: aws.String(arn)})
	if err != nil || len(out.CustomDomains) != 1 || out.CustomDomains[0].Status != "active" {
		t.Fatalf("domains %+v, %v; want api.example.com active", out, err)
	}
	for range 2 {
		if err := d.disassociate(ctx, "api.example.com"); err != nil {
			t.Fatal(err)
		}
	}
	if recs := records(t, cl.Route53, d); len(recs) != 0 {
		t.Fatalf("records left: %v", recs)
	}
}

// records lists the zone's records but its NS and SOA, as "NAME TYPE".
func records(t *testing.T, c *route53.Client, d *domainOp) []string {
	t.Helper()
	id, err := d.zoneID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.ListResourceRecordSets(context.Background(), &route53.ListResourceRecordSetsInput{HostedZoneId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range out.ResourceRecordSets {
		if r.Type != "NS" && r.Type != "SOA" {
			got = append(got, aws.ToString(r.Name)+" "+string(r.Type))
		}
	}
	return got
}
