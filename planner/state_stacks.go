package planner

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"flightplan/cloud"
)

// readStacks reads the app's stacks in every target: first every target's
// DescribeStacks pages, then every kept stack's template, each phase in
// parallel (two phases, so that no call waits for a slot held by its own
// caller).
func readStacks(ctx context.Context, p *cloud.Provider, app string, targets []cloud.Target, par int) ([]*LiveStack, error) {
	found := make([][]*LiveStack, len(targets))
	apis := make([]cfnAPI, len(targets))
	errs := make([]error, len(targets))
	forEach(len(targets), par, func(i int) {
		c, err := p.For(ctx, targets[i])
		if err != nil {
			errs[i] = err
			return
		}
		apis[i] = c.CFN
		found[i], errs[i] = describeStacks(ctx, c.CFN, app, targets[i])
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var all []*LiveStack
	var allAPIs []cfnAPI
	for i, list := range found {
		for _, st := range list {
			all, allAPIs = append(all, st), append(allAPIs, apis[i])
		}
	}
	errs = make([]error, len(all))
	forEach(len(all), par, func(i int) {
		errs[i] = readTemplate(ctx, allAPIs[i], all[i])
	})
	return all, errors.Join(errs...)
}

// describeStacks lists the stacks of one target tagged for the app.
func describeStacks(ctx context.Context, api cfnAPI, app string, t cloud.Target) ([]*LiveStack, error) {
	var out []*LiveStack
	pages := cloudformation.NewDescribeStacksPaginator(api, &cloudformation.DescribeStacksInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing the stacks of %s: %w", t, cloud.Unwrap(err))
		}
		for _, s := range page.Stacks {
			if st := liveStack(t, s); st.Tags[TagApplication] == app {
				out = append(out, st)
			}
		}
	}
	return out, nil
}

func liveStack(t cloud.Target, s cfntypes.Stack) *LiveStack {
	st := &LiveStack{
		Account: t.Account, Region: t.Region, Name: aws.ToString(s.StackName), ID: aws.ToString(s.StackId),
		Status: string(s.StackStatus), StatusReason: aws.ToString(s.StackStatusReason),
		LastUpdated: aws.ToTime(s.CreationTime).UTC(),
		Parameters:  map[string]string{}, Tags: map[string]string{}, Outputs: map[string]string{},
	}
	if s.LastUpdatedTime != nil {
		st.LastUpdated = s.LastUpdatedTime.UTC()
	}
	for _, p := range s.Parameters {
		st.Parameters[aws.ToString(p.ParameterKey)] = aws.ToString(p.ParameterValue)
	}
	for _, tag := range s.Tags {
		st.Tags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
	}
	for _, o := range s.Outputs {
		st.Outputs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	return st
}

// readTemplate fetches the template the stack was deployed with.
func readTemplate(ctx context.Context, api cfnAPI, st *LiveStack) error {
	out, err := api.GetTemplate(ctx, &cloudformation.GetTemplateInput{
		StackName: aws.String(st.ID), TemplateStage: cfntypes.TemplateStageOriginal,
	})
	if err != nil {
		return fmt.Errorf("reading the template of stack %s in %s/%s: %w", st.Name, st.Account, st.Region, cloud.Unwrap(err))
	}
	st.Template = []byte(aws.ToString(out.TemplateBody))
	return nil
}

func liveParameter(name, value string, version int64, modified *time.Time) *LiveParameter {
	return &LiveParameter{Name: name, Value: value, Version: version, LastModified: aws.ToTime(modified).UTC()}
}
