package drift

import (
	"context"
	"fmt"
	"strings"

	"flightplan/cloud"
	"flightplan/live"
	"flightplan/stacks"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
)

// Detect checks the application d against AWS and returns what drifted.
//
// It reads the live state with live.ReadState (which guards every
// account first), compares the inventory and the SSM documents with d,
// then runs CloudFormation's drift detection on every live stack of the
// nodes in scope whose status allows it, opts.Parallelism stacks at a time
// within each account and region's call budget. Stacks in progress are not
// checked and are named in Report.Notes.
//
// The error is non-nil only when nothing could be checked: the live state
// could not be read, or a target is not a node. A stack whose detection
// fails is one of Report.Errors and the rest is still checked. Detect is
// safe to call concurrently; it does not modify d.
func Detect(ctx context.Context, d *stacks.Desired, p *cloud.Provider, opts Options) (*Report, error) {
	opts = opts.withDefaults()
	appT, all := live.Targets(d)
	state, err := live.ReadState(ctx, p, d.App, appT, all, live.ReadOptions{Parallelism: opts.Parallelism, SkipTemplates: true})
	if err != nil {
		return nil, err
	}
	inv := newInventory(d, state)
	scope, err := inv.scope(opts.Targets)
	if err != nil {
		return nil, err
	}
	r := &Report{FormatVersion: FormatVersion, ToolVersion: opts.ToolVersion, App: d.App,
		CheckedAt: opts.Now.UTC(), Findings: []*Finding{}, Sensitive: stacks.SensitiveValues(d.Nodes, opts.Sensitive...)}
	if len(opts.Targets) == 0 {
		r.Notes = append(r.Notes, inv.unmanaged...)
	}
	var checks []stackCheck
	for _, ns := range scope {
		r.Findings = append(r.Findings, inv.checkNode(ns)...)
		countNode(&r.Counts, ns)
		checks = append(checks, inv.stackChecks(ns, r)...)
	}
	if err := runChecks(ctx, p, all, checks, opts, r); err != nil {
		return nil, err
	}
	r.finish()
	return r, nil
}

// countNode adds the stacks and documents of a node, desired or live.
func countNode(c *Counts, ns *nodeState) {
	c.Stacks += len(ns.extraStacks)
	c.Documents += len(ns.extraParams)
	if ns.want == nil {
		return
	}
	if ns.want.Stack != nil {
		c.Stacks++
	}
	c.Documents += len(ns.want.Parameters)
}

// stackChecks lists the node's live stacks that CloudFormation can check,
// and notes the ones in progress.
func (inv *inventory) stackChecks(ns *nodeState, r *Report) []stackCheck {
	var out []stackCheck
	for _, st := range ns.liveStacks() {
		switch {
		case strings.HasSuffix(st.Status, "_IN_PROGRESS"):
			r.Notes = append(r.Notes, fmt.Sprintf("stack %s (%s) is %s: not checked for drift; run again once it settles", st.Name, ns.addr, st.Status))
		case detectable(st.Status):
			out = append(out, stackCheck{addr: ns.addr, live: st})
		}
	}
	return out
}

// runChecks runs every stack's detection, at most opts.Parallelism at once,
// and adds what they found to r.
func runChecks(ctx context.Context, p *cloud.Provider, targets []cloud.Target, checks []stackCheck, opts Options, r *Report) error {
	b := cloud.NewBudgets(opts.CallsPerSecond)
	for i := range checks {
		st := checks[i].live
		c, err := p.For(ctx, targetFor(targets, st.Account, st.Region))
		if err != nil {
			return err
		}
		checks[i].api = cloudformation.New(c.CFN.Options(), b.Limit(st.Account+"/"+st.Region))
	}
	results := make([]stackResult, len(checks))
	cloud.ForEach(len(checks), opts.Parallelism, func(i int) {
		results[i] = detectStack(ctx, checks[i], opts)
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, res := range results {
		r.Findings = append(r.Findings, res.findings...)
		if res.note != "" {
			r.Notes = append(r.Notes, res.note)
		}
		if res.err != nil {
			r.Errors = append(r.Errors, &Problem{Address: checks[i].addr.String(), Message: res.err.Error()})
		}
	}
	return nil
}

// targetFor returns the target of an account and region: the one Targets
// gave, or, for a stack found elsewhere (an environment the file no longer
// lists), one borrowing the credentials of a target of the same account.
func targetFor(targets []cloud.Target, account, region string) cloud.Target {
	t := cloud.Target{Account: account, Region: region}
	for _, x := range targets {
		if x.Account == account && x.Region == region {
			return x
		}
		if x.Account == account && t.Profile == "" && t.RoleARN == "" {
			t.Profile, t.RoleARN = x.Profile, x.RoleARN
		}
	}
	return t
}
