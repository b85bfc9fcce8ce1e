package executor

import (
	"context"
	"errors"
	"sort"

	"flightplan/cloud"
	"flightplan/planner"
)

// guardPlan checks, before any write, that the credentials of every target
// of the plan and of the app target reach the account the file declares.
// It checks them all and returns every failure (each a
// *cloud.WrongAccountError or a credentials error), so that one run shows
// every misconfigured account.
func guardPlan(ctx context.Context, p *planner.Plan, opts Options) error {
	ts := newTargets(p, opts.AppTarget)
	var errs []error
	for _, t := range ts.all(p) {
		if err := opts.Provider.Guard(ctx, t); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// targets finds the target of each change. A change being deleted carries
// only its account and region; it borrows the credentials (profile, role)
// that the file gives the same account elsewhere, else the default chain.
type targets struct {
	app   cloud.Target
	creds map[string]cloud.Target // by account
}

func newTargets(p *planner.Plan, app cloud.Target) targets {
	ts := targets{app: app, creds: map[string]cloud.Target{app.Account: app}}
	for _, c := range p.Changes {
		if n := c.Desired; n != nil {
			if _, ok := ts.creds[n.Account]; !ok {
				ts.creds[n.Account] = cloud.Target{Account: n.Account, Profile: n.Profile, RoleARN: n.RoleARN}
			}
		}
	}
	return ts
}

// of is the target of a change.
func (ts targets) of(c *planner.Change) cloud.Target {
	if n := c.Desired; n != nil {
		return cloud.Target{Account: n.Account, Region: n.Region, Profile: n.Profile, RoleARN: n.RoleARN}
	}
	t := ts.creds[c.Account]
	t.Account, t.Region = c.Account, c.Region
	return t
}

func hasStack(c *planner.Change) bool {
	return c.Stack != nil || (c.Desired != nil && c.Desired.Stack != nil)
}

// all lists the distinct targets that a plan writes to, the app's first.
func (ts targets) all(p *planner.Plan) []cloud.Target {
	seen := map[cloud.Target]bool{ts.app: true}
	var rest []cloud.Target
	for _, c := range p.Changes {
		if c.Action == planner.NoOp || !hasStack(c) {
			continue // documents live in the app target
		}
		if t := ts.of(c); !seen[t] {
			seen[t] = true
			rest = append(rest, t)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i].String() < rest[j].String() })
	return append([]cloud.Target{ts.app}, rest...)
}
