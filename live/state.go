package live

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"flightplan/cloud"
	"flightplan/planner"
)

// cfnAPI is the part of CloudFormation the reader calls.
type cfnAPI interface {
	DescribeStacks(context.Context, *cloudformation.DescribeStacksInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error)
	GetTemplate(context.Context, *cloudformation.GetTemplateInput, ...func(*cloudformation.Options)) (*cloudformation.GetTemplateOutput, error)
}

// ssmAPI is the part of SSM Parameter Store the reader calls.
type ssmAPI interface {
	GetParameters(context.Context, *ssm.GetParametersInput, ...func(*ssm.Options)) (*ssm.GetParametersOutput, error)
	GetParametersByPath(context.Context, *ssm.GetParametersByPathInput, ...func(*ssm.Options)) (*ssm.GetParametersByPathOutput, error)
}

var (
	_ cfnAPI = (*cloudformation.Client)(nil)
	_ ssmAPI = (*ssm.Client)(nil)
)

// ReadOptions tune ReadState.
type ReadOptions struct {
	// Parallelism bounds the calls in flight at once (default 10).
	Parallelism int
	// SkipTemplates leaves LiveStack.Template empty, saving one call per
	// stack, for readers that do not diff templates (drift detection).
	SkipTemplates bool
	// OnStack, when set, is called with each stack as its description
	// arrives, before its template is read (concurrently: it must be safe
	// for concurrent use and must not block). The planner's
	// DigestKeys.Prewarm uses it to start its work during the reads.
	OnStack func(*planner.LiveStack)
	// slots, when set, is the bound shared with other reads running at
	// the same time (ReadMore, and ReadState's own reads); nil bounds
	// these reads by Parallelism.
	slots *slots
	// MaxBucketObjects bounds the objects ReadBuckets counts per bucket
	// (default MaxBucketCount).
	MaxBucketObjects int
}

// ReadState reads the live state of app.
//
// SSM: in appTarget, one GetParameters for the app document and one
// recursive, paginated GetParametersByPath under it (a path query does not
// return the parameter named by the path itself). CloudFormation: in every
// distinct account and region of appTarget, targets, and the environment
// documents found in SSM (so an environment removed from the file is still
// read, and planned as a delete), DescribeStacks without a name (paginated),
// keeping the stacks tagged copilot-application={app}, and one GetTemplate
// (Original) per kept stack, started as soon as its page arrives. SSM and
// CloudFormation are read at the same time; all calls share one bound of
// opts.Parallelism calls in flight.
//
// Every known target's account is checked with p.Guard before anything is
// read: if any is wrong, ReadState reads nothing and returns the guard's
// errors (a *cloud.WrongAccountError names both accounts). A target found
// only in an environment document is guarded before its stacks are read.
func ReadState(ctx context.Context, p *cloud.Provider, app string, appTarget cloud.Target, targets []cloud.Target, opts ReadOptions) (*planner.State, error) {
	if opts.Parallelism <= 0 {
		opts.Parallelism = 10
	}
	known := stackTargets(appTarget, targets, nil)
	if err := guardAll(ctx, p, known, opts.Parallelism); err != nil {
		return nil, err
	}
	c, err := p.For(ctx, appTarget)
	if err != nil {
		return nil, err
	}
	// The documents and the stacks of the known targets are read at the
	// same time; the targets found in the documents alone (us-east-1 of
	// each environment's account, an environment the file no longer has)
	// are read as soon as the documents are, while the known stacks still
	// are.
	if opts.slots == nil {
		opts.slots = newSlots(opts.Parallelism)
	}
	var (
		paramsRead []*planner.LiveParameter
		fromDocs   []*planner.LiveStack
		docTargets []cloud.Target
		paramsErr  error
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if paramsRead, paramsErr = readParameters(ctx, c.SSM, app, opts.slots); paramsErr != nil {
			return
		}
		docTargets = stackTargets(appTarget, targets, paramsRead)[len(known):]
		if paramsErr = guardAll(ctx, p, docTargets, opts.Parallelism); paramsErr != nil {
			return
		}
		fromDocs, paramsErr = readStacks(ctx, p, app, docTargets, opts)
	}()
	live, stacksErr := readStacks(ctx, p, app, known, opts)
	<-done
	if err := errors.Join(paramsErr, stacksErr); err != nil {
		return nil, err
	}
	live = append(live, fromDocs...)
	read := map[[2]string]bool{}
	for _, t := range append(slices.Clone(known), docTargets...) {
		read[[2]string{t.Account, t.Region}] = true
	}
	var extra []cloud.Target // the domain's account, found in the app's stack
	for _, t := range stackTargets(appTarget, slices.Concat(targets, domainTargets(app, appTarget, live)), paramsRead) {
		if !read[[2]string{t.Account, t.Region}] {
			extra = append(extra, t)
		}
	}
	if err := guardAll(ctx, p, extra, opts.Parallelism); err != nil {
		return nil, err
	}
	more, err := readStacks(ctx, p, app, extra, opts)
	if err != nil {
		return nil, err
	}
	s := &planner.State{App: app, Stacks: append(live, more...), Parameters: paramsRead}
	s.Sort()
	return s, nil
}

func guardAll(ctx context.Context, p *cloud.Provider, targets []cloud.Target, par int) error {
	errs := make([]error, len(targets))
	cloud.ForEach(len(targets), par, func(i int) {
		errs[i] = p.Guard(ctx, targets[i])
	})
	return errors.Join(errs...)
}

// readParameters reads the app document and every document under it.
func readParameters(ctx context.Context, api ssmAPI, app string, sem *slots) ([]*planner.LiveParameter, error) {
	root := planner.AppPath(app)
	var rootParams []*planner.LiveParameter
	rootDone := make(chan error, 1)
	go func() { // the app document, while its children are paged
		rootDone <- sem.call(func() error {
			out, err := api.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{root}})
			if err != nil {
				return fmt.Errorf("reading SSM parameter %s: %w", root, cloud.Unwrap(err))
			}
			for _, p := range out.Parameters {
				rootParams = append(rootParams, liveParameter(aws.ToString(p.Name), aws.ToString(p.Value), p.Version, p.LastModifiedDate))
			}
			return nil
		})
	}()
	var params []*planner.LiveParameter
	pages := ssm.NewGetParametersByPathPaginator(api, &ssm.GetParametersByPathInput{Path: aws.String(root), Recursive: aws.Bool(true)})
	for pages.HasMorePages() {
		var page *ssm.GetParametersByPathOutput
		if err := sem.list(func() (err error) { page, err = pages.NextPage(ctx); return err }); err != nil {
			<-rootDone
			return nil, fmt.Errorf("reading SSM parameters under %s: %w", root, cloud.Unwrap(err))
		}
		for _, p := range page.Parameters {
			params = append(params, liveParameter(aws.ToString(p.Name), aws.ToString(p.Value), p.Version, p.LastModifiedDate))
		}
	}
	if err := <-rootDone; err != nil {
		return nil, err
	}
	return append(rootParams, params...), nil
}

func liveParameter(name, value string, version int64, modified *time.Time) *planner.LiveParameter {
	return &planner.LiveParameter{Name: name, Value: value, Version: version, LastModified: aws.ToTime(modified).UTC()}
}
