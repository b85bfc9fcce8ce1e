package awssim_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/smithy-go"

	"flightplan/awssim/awssimtest"
)

func r53Client(ts *awssimtest.TestServer, account string) *route53.Client {
	return route53.NewFromConfig(aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("SIM"+account, "sim", ""),
		BaseEndpoint: aws.String(ts.URL),
	})
}

// TestRoute53 drives the Route 53 API through the SDK: a zone and its name
// servers, a change batch, listing, and every refusal.
func TestRoute53(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	c := r53Client(ts, "999999999999")
	z, err := c.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: aws.String("Example.com"), CallerReference: aws.String("r1")})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(z.HostedZone.Id)
	if aws.ToString(z.HostedZone.Name) != "example.com." || len(z.DelegationSet.NameServers) != 4 {
		t.Fatalf("zone %+v, name servers %v", z.HostedZone, z.DelegationSet.NameServers)
	}
	ns := func(action types.ChangeAction, name string) *route53.ChangeResourceRecordSetsInput {
		return &route53.ChangeResourceRecordSetsInput{HostedZoneId: aws.String(id), ChangeBatch: &types.ChangeBatch{Changes: []types.Change{{
			Action: action, ResourceRecordSet: &types.ResourceRecordSet{Name: aws.String(name), Type: types.RRTypeNs, TTL: aws.Int64(900),
				ResourceRecords: []types.ResourceRecord{{Value: aws.String("ns-1.awsdns-01.org")}, {Value: aws.String("ns-1.awsdns-02.com")}}},
		}}}}
	}
	if _, err := c.ChangeResourceRecordSets(ctx, ns(types.ChangeActionCreate, "app.example.com")); err != nil {
		t.Fatal(err)
	}
	recs, err := c.ListResourceRecordSets(ctx, &route53.ListResourceRecordSetsInput{HostedZoneId: aws.String(id)})
	if err != nil || len(recs.ResourceRecordSets) != 3 || len(recs.ResourceRecordSets[2].ResourceRecords) != 2 {
		t.Fatalf("records %+v, %v", recs, err)
	}
	refusals := map[string]struct {
		call func() error
		code string
	}{
		"create twice": {func() error {
			_, err := c.ChangeResourceRecordSets(ctx, ns(types.ChangeActionCreate, "app.example.com"))
			return err
		}, "InvalidChangeBatch"},
		"outside the zone": {func() error {
			_, err := c.ChangeResourceRecordSets(ctx, ns(types.ChangeActionUpsert, "app.example.org"))
			return err
		}, "InvalidChangeBatch"},
		"delete a non-empty zone": {func() error {
			_, err := c.DeleteHostedZone(ctx, &route53.DeleteHostedZoneInput{Id: aws.String(id)})
			return err
		}, "HostedZoneNotEmpty"},
		"another account's zone": {func() error {
			_, err := r53Client(ts, "111111111111").GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: aws.String(id)})
			return err
		}, "NoSuchHostedZone"},
		"caller reference reused": {func() error {
			_, err := c.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: aws.String("example.org"), CallerReference: aws.String("r1")})
			return err
		}, "HostedZoneAlreadyExists"},
	}
	for name, tc := range refusals {
		t.Run(name, func(t *testing.T) {
			var apiErr smithy.APIError
			if err := tc.call(); !errors.As(err, &apiErr) || apiErr.ErrorCode() != tc.code {
				t.Errorf("error %v, want %s", err, tc.code)
			}
		})
	}
	if _, err := c.ChangeResourceRecordSets(ctx, ns(types.ChangeActionDelete, "app.example.com")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteHostedZone(ctx, &route53.DeleteHostedZoneInput{Id: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	list, err := c.ListHostedZonesByName(ctx, &route53.ListHostedZonesByNameInput{})
	if err != nil || len(list.HostedZones) != 0 {
		t.Fatalf("zones after delete: %+v, %v", list, err)
	}
}
