package cloud

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// CloudFrontPrefixListName is the AWS-managed prefix list of CloudFront's
// origin-facing addresses.
const CloudFrontPrefixListName = "com.amazonaws.global.cloudfront.origin-facing"

// PrefixListAPI is the part of EC2 that finds a managed prefix list.
type PrefixListAPI interface {
	DescribeManagedPrefixLists(context.Context, *ec2.DescribeManagedPrefixListsInput, ...func(*ec2.Options)) (*ec2.DescribeManagedPrefixListsOutput, error)
}

// PrefixListID returns the ID of the managed prefix list of that name in
// the client's region.
func PrefixListID(ctx context.Context, api PrefixListAPI, name string) (string, error) {
	out, err := api.DescribeManagedPrefixLists(ctx, &ec2.DescribeManagedPrefixListsInput{
		Filters: []ec2types.Filter{{Name: aws.String("prefix-list-name"), Values: []string{name}}},
	})
	if err != nil {
		return "", fmt.Errorf("finding prefix list %s: %w", name, Unwrap(err))
	}
	for _, pl := range out.PrefixLists {
		if aws.ToString(pl.PrefixListName) == name {
			return aws.ToString(pl.PrefixListId), nil
		}
	}
	return "", fmt.Errorf("there is no prefix list %s in this region", name)
}
