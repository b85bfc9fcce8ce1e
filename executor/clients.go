package executor

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// cfnAPI is the part of CloudFormation the executor calls.
type cfnAPI interface {
	DescribeStacks(context.Context, *cloudformation.DescribeStacksInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error)
	DescribeStackEvents(context.Context, *cloudformation.DescribeStackEventsInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackEventsOutput, error)
	CreateChangeSet(context.Context, *cloudformation.CreateChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.CreateChangeSetOutput, error)
	DescribeChangeSet(context.Context, *cloudformation.DescribeChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeChangeSetOutput, error)
	ExecuteChangeSet(context.Context, *cloudformation.ExecuteChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.ExecuteChangeSetOutput, error)
	DeleteChangeSet(context.Context, *cloudformation.DeleteChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.DeleteChangeSetOutput, error)
	DeleteStack(context.Context, *cloudformation.DeleteStackInput, ...func(*cloudformation.Options)) (*cloudformation.DeleteStackOutput, error)
}

// ssmAPI is the part of SSM the executor calls (documents and the lock).
type ssmAPI interface {
	PutParameter(context.Context, *ssm.PutParameterInput, ...func(*ssm.Options)) (*ssm.PutParameterOutput, error)
	GetParameter(context.Context, *ssm.GetParameterInput, ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
	DeleteParameter(context.Context, *ssm.DeleteParameterInput, ...func(*ssm.Options)) (*ssm.DeleteParameterOutput, error)
}

// budgetedCFN spends a token of its target's budget before every call.
type budgetedCFN struct {
	api cfnAPI
	b   *bucket
}

func (c budgetedCFN) DescribeStacks(ctx context.Context, in *cloudformation.DescribeStacksInput, o ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error) {
	if err := c.b.wait(ctx); err != nil {
		return nil, err
	}
	return c.api.DescribeStacks(ctx, in, o...)
}

func (c budgetedCFN) DescribeStackEvents(ctx context.Context, in *cloudformation.DescribeStackEventsInput, o ...func(*cloudformation.Options)) (*cloudformation.DescribeStackEventsOutput, error) {
	if err := c.b.wait(ctx); err != nil {
		return nil, err
	}
	return c.api.DescribeStackEvents(ctx, in, o...)
}

func (c budgetedCFN) CreateChangeSet(ctx context.Context, in *cloudformation.CreateChangeSetInput, o ...func(*cloudformation.Options)) (*cloudformation.CreateChangeSetOutput, error) {
	if err := c.b.wait(ctx); err != nil {
		return nil, err
	}
	return c.api.CreateChangeSet(ctx, in, o...)
}

func (c budgetedCFN) DescribeChangeSet(ctx context.Context, in *cloudformation.DescribeChangeSetInput, o ...func(*cloudformation.Options)) (*cloudformation.DescribeChangeSetOutput, error) {
	if err := c.b.wait(ctx); err != nil {
		return nil, err
	}
	return c.api.DescribeChangeSet(ctx, in, o...)
}

func (c budgetedCFN) ExecuteChangeSet(ctx context.Context, in *cloudformation.ExecuteChangeSetInput, o ...func(*cloudformation.Options)) (*cloudformation.ExecuteChangeSetOutput, error) {
	if err := c.b.wait(ctx); err != nil {
		return nil, err
	}
	return c.api.ExecuteChangeSet(ctx, in, o...)
}

func (c budgetedCFN) DeleteChangeSet(ctx context.Context, in *cloudformation.DeleteChangeSetInput, o ...func(*cloudformation.Options)) (*cloudformation.DeleteChangeSetOutput, error) {
	if err := c.b.wait(ctx); err != nil {
		return nil, err
	}
	return c.api.DeleteChangeSet(ctx, in, o...)
}

func (c budgetedCFN) DeleteStack(ctx context.Context, in *cloudformation.DeleteStackInput, o ...func(*cloudformation.Options)) (*cloudformation.DeleteStackOutput, error) {
	if err := c.b.wait(ctx); err != nil {
		return nil, err
	}
	return c.api.DeleteStack(ctx, in, o...)
}
