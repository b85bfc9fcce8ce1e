package live

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"flightplan/cloud"
	"flightplan/planner"
)

// readStacks reads the app's stacks in every target. Each target's
// DescribeStacks pages are listed in turn, and every kept stack's template is
// fetched as soon as its page arrives, so that templates load while later
// pages and other targets are still being listed. opts.slots (set by
// ReadState) bounds the calls in flight; a goroutine holds a slot only for the duration of one call, so no
// call waits for a slot held by its own caller.
func readStacks(ctx context.Context, p *cloud.Provider, app string, targets []cloud.Target, opts ReadOptions) ([]*planner.LiveStack, error) {
	var (
		mu   sync.Mutex
		all  []*planner.LiveStack
		errs []error
		wg   sync.WaitGroup
	)
	fail := func(err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() }
	for _, t := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := p.For(ctx, t)
			if err != nil {
				fail(err)
				return
			}
			err = describeStacks(ctx, c.CFN, app, t, opts.slots, func(st *planner.LiveStack) {
				mu.Lock()
				all = append(all, st)
				mu.Unlock()
				if opts.OnStack != nil {
					opts.OnStack(st)
				}
				if opts.SkipTemplates {
					return
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := opts.slots.call(func() error { return readTemplate(ctx, c.CFN, st) }); err != nil {
						fail(err)
					}
				}()
			})
			if err != nil {
				fail(err)
			}
		}()
	}
	wg.Wait()
	return all, errors.Join(errs...)
}

// describeStacks lists the stacks of one target tagged for the app, handing
// each to keep as soon as its page arrives. A nested stack (one with a
// parent, such as a workload's AddonsStack) is left out: it carries its
// parent's tags, but it is a resource of its parent's template, planned and
// deployed through it.
func describeStacks(ctx context.Context, api cfnAPI, app string, t cloud.Target, sem *slots, keep func(*planner.LiveStack)) error {
	pages := cloudformation.NewDescribeStacksPaginator(api, &cloudformation.DescribeStacksInput{})
	for pages.HasMorePages() {
		var page *cloudformation.DescribeStacksOutput
		err := sem.list(func() (err error) { page, err = pages.NextPage(ctx); return err })
		if err != nil {
			return fmt.Errorf("listing the stacks of %s: %w", t, cloud.Unwrap(err))
		}
		for _, s := range page.Stacks {
			if aws.ToString(s.ParentId) != "" {
				continue
			}
			if st := liveStack(t, s); st.Tags[planner.TagApplication] == app {
				keep(st)
			}
		}
	}
	return nil
}

func liveStack(t cloud.Target, s cfntypes.Stack) *planner.LiveStack {
	st := &planner.LiveStack{
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
func readTemplate(ctx context.Context, api cfnAPI, st *planner.LiveStack) error {
	out, err := api.GetTemplate(ctx, &cloudformation.GetTemplateInput{
		StackName: aws.String(st.ID), TemplateStage: cfntypes.TemplateStageOriginal,
	})
	if err != nil {
		return fmt.Errorf("reading the template of stack %s in %s/%s: %w", st.Name, st.Account, st.Region, cloud.Unwrap(err))
	}
	st.Template = []byte(aws.ToString(out.TemplateBody))
	return nil
}
