package awssim_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"flightplan/awssim/awssimtest"
)

// TestManagedPrefixLists finds CloudFront's origin-facing prefix list by
// name through the SDK: one ID per region, the same for every account.
func TestManagedPrefixLists(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	find := func(account, region string) string {
		t.Helper()
		c := ec2.NewFromConfig(ts.Config(account, region))
		out, err := c.DescribeManagedPrefixLists(ctx, &ec2.DescribeManagedPrefixListsInput{Filters: []ec2types.Filter{
			{Name: aws.String("prefix-list-name"), Values: []string{"com.amazonaws.global.cloudfront.origin-facing"}}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.PrefixLists) != 1 || aws.ToString(out.PrefixLists[0].OwnerId) != "AWS" {
			t.Fatalf("lists = %+v", out.PrefixLists)
		}
		return aws.ToString(out.PrefixLists[0].PrefixListId)
	}
	east, west := find(acctA, "us-east-1"), find(acctA, "eu-west-1")
	if !strings.HasPrefix(east, "pl-") || east == west {
		t.Errorf("IDs %s (us-east-1) and %s (eu-west-1): want pl- IDs that differ by region", east, west)
	}
	if other := find("222222222222", "us-east-1"); other != east {
		t.Errorf("another account sees %s, want %s", other, east)
	}
	c := ec2.NewFromConfig(ts.Config(acctA, "us-east-1"))
	all, err := c.DescribeManagedPrefixLists(ctx, &ec2.DescribeManagedPrefixListsInput{})
	if err != nil || len(all.PrefixLists) < 2 {
		t.Errorf("unfiltered: %v %d lists", err, len(all.PrefixLists))
	}
}
