package live

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// ReadLookups reads the facts of AWS that the desired stacks' Inputs look
// up (stacks.Input.Lookup) into s.Lookups, once per lookup, account and
// region: today the ID of CloudFront's managed prefix list, one
// DescribeManagedPrefixLists each.
func ReadLookups(ctx context.Context, p *cloud.Provider, d *stacks.Desired, s *planner.State, opts ReadOptions) error {
	if opts.Parallelism <= 0 {
		opts.Parallelism = 10
	}
	type job struct {
		key    string
		lookup string
		t      cloud.Target
	}
	var jobs []job
	seen := map[string]bool{}
	for _, n := range d.Nodes {
		if n.Stack == nil {
			continue
		}
		for _, in := range n.Stack.Inputs {
			key := planner.LookupKey(in.Lookup, n.Account, n.Region)
			if in.Lookup != "" && !seen[key] {
				seen[key] = true
				jobs = append(jobs, job{key, in.Lookup, cloud.Target{Account: n.Account, Region: n.Region, Profile: n.Profile, RoleARN: n.RoleARN}})
			}
		}
	}
	if s.Lookups == nil {
		s.Lookups = map[string]string{}
	}
	var mu sync.Mutex
	errs := make([]error, len(jobs))
	opts.each(len(jobs), func(i int) {
		j := jobs[i]
		if j.lookup != stacks.LookupCloudFrontPrefixList {
			errs[i] = fmt.Errorf("unknown lookup %q", j.lookup)
			return
		}
		c, err := p.For(ctx, j.t)
		if err != nil {
			errs[i] = err
			return
		}
		id, err := cloud.PrefixListID(ctx, c.EC2, cloud.CloudFrontPrefixListName)
		if err != nil {
			errs[i] = fmt.Errorf("account %s, %s: %w", j.t.Account, j.t.Region, err)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		s.Lookups[j.key] = id
	})
	return errors.Join(errs...)
}
