package live

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
)

// StackResourceAPI reads one resource of a stack.
type StackResourceAPI interface {
	DescribeStackResource(context.Context, *cloudformation.DescribeStackResourceInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackResourceOutput, error)
}

// PhysicalID returns the physical ID of a stack's resource; what names it
// in the errors ("log group", "ECS service"). When the stack or the
// resource does not exist, the error says to apply.
func PhysicalID(ctx context.Context, api StackResourceAPI, stack, logicalID, what string) (string, error) {
	out, err := api.DescribeStackResource(ctx, &cloudformation.DescribeStackResourceInput{StackName: aws.String(stack), LogicalResourceId: aws.String(logicalID)})
	if err != nil {
		if strings.Contains(err.Error(), "does not exist") {
			return "", fmt.Errorf("stack %s has no %s: is it deployed (run flightplan apply)?", stack, what)
		}
		return "", fmt.Errorf("finding the %s of stack %s: %w", what, stack, err)
	}
	return aws.ToString(out.StackResourceDetail.PhysicalResourceId), nil
}
