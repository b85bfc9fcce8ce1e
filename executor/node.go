package executor

import (
	"context"
	"errors"
	"fmt"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// applier is the nodeRunner that talks to AWS.
type applier struct {
	opts    Options
	app     string
	targets targets
	budgets *cloud.Budgets
	changes map[addr.Address]*planner.Change // read-only during the walk
	digests digests
}

func newApplier(p *planner.Plan, opts Options) *applier {
	return &applier{opts: opts, app: p.App, targets: newTargets(p, opts.AppTarget), budgets: cloud.NewBudgets(opts.CallsPerSecond),
		changes: changesByAddr(p), digests: newDigests()}
}

// runNode applies one change: stack first, then documents; for a delete,
// stack first, documents last (see the package comment).
func (x *applier) runNode(ctx context.Context, a addr.Address, c *planner.Change) Outcome {
	action, changed, err := x.node(ctx, a, c)
	o := Outcome{Status: Succeeded, Action: action, Err: err}
	switch {
	case errors.Is(err, ErrInterrupted) || errors.Is(err, context.Canceled):
		// Canceled can only come from a call made before the node's first
		// write: writes and waits after it run on uncancelled contexts.
		o.Status, o.Err = Skipped, ErrInterrupted
	case err != nil:
		o.Status, o.RootCause = Failed, rootCauseOf(err)
	case !changed:
		o.Status = Unchanged
	}
	return o
}

// node does the work and returns what was done and whether anything
// changed in AWS.
func (x *applier) node(ctx context.Context, a addr.Address, c *planner.Change) (planner.Action, bool, error) {
	docs, err := x.documents(ctx)
	if err != nil {
		return c.Action, false, err
	}
	if c.Action == planner.Delete {
		return planner.Delete, true, x.deleteNode(ctx, a, c, docs)
	}
	if c.Action == planner.NoOp { // foundInProgress: waited for, never changed
		return planner.NoOp, false, x.awaitSettled(ctx, a, c)
	}
	if c.Desired == nil {
		return c.Action, false, errors.New("the plan holds no desired state for this node")
	}
	if c.Desired.Image != nil {
		return c.Action, true, x.image(ctx, a, c)
	}
	action, stackChanged := c.Action, false
	if st := c.Desired.Stack; st != nil {
		op, err := x.stackOp(ctx, a, x.targets.of(c), st.Name)
		if err != nil {
			return action, false, err
		}
		if c.Credentials != nil {
			op.serviceRole = c.Credentials.ServiceRoleARN
		}
		op.modes = x.opts.modesFor(st)
		op.upload = x.templateUploader(a, c)
		if st, err = x.withInputs(ctx, st, x.targets.of(c)); err != nil {
			return c.Action, false, err
		}
		if err := x.uploads(ctx, st); err != nil {
			return c.Action, false, err
		}
		if st, err = x.digests.withSensitiveDigest(st); err != nil {
			return c.Action, false, err
		}
		if c.Stack != nil && len(c.Stack.RetainFirst) > 0 {
			if err := op.retainFirst(ctx, c.Stack.RetainFirst); err != nil {
				return c.Action, false, err
			}
		}
		if c.Stack != nil && c.Stack.Takeover != nil {
			if err := x.takeover(ctx, c, op, st); err != nil {
				return c.Action, false, err
			}
		}
		if action, err = op.apply(ctx, st); err != nil {
			return c.Action, false, err
		}
		if c.Stack != nil && c.Stack.Takeover != nil && c.Action == planner.Create {
			action = planner.Create // by import, then an update: the stack is new
		}
		stackChanged = action != planner.NoOp
		if !stackChanged {
			action = c.Action
		}
	}
	filesChanged := false
	if c.Desired.Site != nil && c.Files != nil && len(c.Files.Added)+len(c.Files.Changed)+len(c.Files.Removed) > 0 {
		if err := x.siteFiles(context.WithoutCancel(ctx), a, c); err != nil {
			return c.Action, stackChanged, err
		}
		filesChanged = true
	}
	domainChanged := false
	if dc := c.CustomDomain; dc != nil && (dc.Associate != "" || len(dc.Disassociate) > 0) && c.Desired.Stack != nil {
		arn, err := x.serviceARN(ctx, c, c.Desired.Stack.Name)
		if err == nil {
			err = x.customDomain(context.WithoutCancel(ctx), a, c, arn)
		}
		if err != nil {
			return c.Action, stackChanged || filesChanged, err
		}
		domainChanged = true
	}
	n, err := docs.write(context.WithoutCancel(ctx), c)
	return action, stackChanged || filesChanged || domainChanged || n > 0, err
}

// deleteNode deletes the node's stack, its buckets emptied first (see
// bucket.go; ECR repositories empty themselves: EmptyOnDelete), then its
// documents.
func (x *applier) deleteNode(ctx context.Context, a addr.Address, c *planner.Change, docs documents) error {
	if dc := c.CustomDomain; dc != nil && len(dc.Disassociate) > 0 && c.Stack != nil {
		// The domains go before the service: App Runner forgets them with
		// it, but their records in the domain's zone would stay.
		arn, err := x.serviceARN(ctx, c, c.Stack.Name)
		if err == nil {
			err = x.customDomain(context.WithoutCancel(ctx), a, c, arn)
		}
		if err != nil {
			return err
		}
	}
	if c.Stack != nil {
		t := x.targets.of(c)
		op, err := x.stackOp(ctx, a, t, c.Stack.Name)
		if err != nil {
			return err
		}
		if op.beforeDelete, err = x.bucketEmptier(ctx, a, t); err != nil {
			return err
		}
		op.guardDelete = x.deleteGuard(a, op)
		if err := op.destroy(ctx); err != nil {
			return err
		}
	}
	return docs.removeAll(context.WithoutCancel(ctx), c)
}

func (x *applier) stackOp(ctx context.Context, a addr.Address, t cloud.Target, name string) (*stackOp, error) {
	cl, err := x.opts.Provider.For(ctx, t)
	if err != nil {
		return nil, err
	}
	api := cloudformation.New(cl.CFN.Options(), x.budgets.Limit(t.String()))
	return &stackOp{api: api, a: a, app: x.app, name: name, region: t.Region, hooks: x.opts.Hooks, poll: x.opts.PollInterval, timeout: x.opts.StackTimeout}, nil
}

// bucketEmptier returns the step that empties the buckets of a node's
// stack: its CloudFormation calls share the target's budget, its S3 calls
// have a budget of their own per account and region.
func (x *applier) bucketEmptier(ctx context.Context, a addr.Address, t cloud.Target) (func(context.Context, string) error, error) {
	cl, err := x.opts.Provider.For(ctx, t)
	if err != nil {
		return nil, err
	}
	api := s3.New(cl.S3.Options(), func(o *s3.Options) { o.APIOptions = append(o.APIOptions, x.budgets.APIOption(t.String()+"/s3")) })
	cfn := cloudformation.New(cl.CFN.Options(), x.budgets.Limit(t.String()))
	e := &bucketEmptier{cfn: cfn, s3: api, a: a, hooks: x.opts.Hooks}
	return e.empty, nil
}

func (x *applier) documents(ctx context.Context) (documents, error) {
	cl, err := x.opts.Provider.For(ctx, x.opts.AppTarget)
	if err != nil {
		return documents{}, err
	}
	return documents{api: cl.SSM, app: x.app}, nil
}

// rootCauseOf is the text to show as a failed node's cause: for a stack
// operation, its final status and why ("UPDATE_ROLLBACK_COMPLETE: Topic
// (AWS::SNS::Topic): …"), so that the one line says both what state the
// stack was left in and what to fix.
func rootCauseOf(err error) string {
	var se *StackError
	if errors.As(err, &se) && se.RootCause != "" {
		return se.Status + ": " + se.RootCause
	}
	return err.Error()
}

// takeover moves the resources of Copilot's stack set instance into the
// node's stack before its apply (takeover.go).
func (x *applier) takeover(ctx context.Context, c *planner.Change, op *stackOp, st *stacks.Stack) error {
	t := x.targets.of(c)
	home := t
	if r := c.Stack.Takeover.Region; r != "" {
		home.Region = r
	}
	cl, err := x.opts.Provider.For(ctx, home)
	if err != nil {
		return err
	}
	set := cloudformation.New(cl.CFN.Options(), x.budgets.Limit(home.String()))
	res, ok := op.api.(resourcesAPI)
	if !ok {
		return errors.New("the take-over needs DescribeStackResources, which this client lacks")
	}
	k := &takeoverOp{op: op, set: set, res: res, t: c.Stack.Takeover, account: t.Account}
	return k.run(ctx, st)
}

// foundInProgress reports whether a change's stack had an operation in
// progress when the plan was made (someone else's, or one an interrupted
// apply left).
func foundInProgress(c *planner.Change) bool {
	return c.Stack != nil && planner.StackInProgress(c.Stack.Status)
}

// awaitSettled waits, without changing it, for the operation a no-op
// node's stack was found in when planned to end: its dependents must not
// start on a stack still being created or updated (an environment whose
// certificate needs the delegation records a delegation stack is still
// writing). An operation that ends in a failure or a rollback fails the
// node, so that its dependents are skipped, and the plan is to be made
// again against what the stack became.
func (x *applier) awaitSettled(ctx context.Context, a addr.Address, c *planner.Change) error {
	op, err := x.stackOp(ctx, a, x.targets.of(c), c.Stack.Name)
	if err != nil {
		return err
	}
	live, err := op.settledFor(ctx, "before the nodes that depend on it start (it is not changed)")
	switch {
	case err != nil:
		return err
	case live == nil:
		return fmt.Errorf("stack %s was in %s when planned and no longer exists: run plan again", c.Stack.Name, c.Stack.Status)
	case !succeeded(live.status):
		recovery := recoveryFor(live.status, c.Stack.Name, c.Region)
		if recovery == "" {
			recovery = fmt.Sprintf("It was %s when planned: run plan again, against what it became.", c.Stack.Status)
		}
		return &StackError{Stack: c.Stack.Name, Status: live.status, RootCause: live.reason, Recovery: recovery}
	}
	return nil
}
