package live

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apprunner"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// OutServiceARN is the output of a request-driven service's stack naming
// its App Runner service.
const OutServiceARN = "ServiceArn"

// ReadCustomDomains reads, for every live stack of a request-driven
// service (its ServiceArn output is an App Runner service), the custom
// domains associated with the service into s.CustomDomains, by the deploy
// node's address (from the stack's copilot-environment and copilot-service
// tags). Stacks that left the file are read too, so that a removed
// service's domains are planned to go with it. One DescribeCustomDomains
// per service (and per five domains), at most opts.Parallelism in flight.
func ReadCustomDomains(ctx context.Context, p *cloud.Provider, d *stacks.Desired, s *planner.State, opts ReadOptions) error {
	if opts.Parallelism <= 0 {
		opts.Parallelism = 10
	}
	type job struct {
		a      addr.Address
		target cloud.Target
		arn    string
	}
	var jobs []job
	for _, st := range s.Stacks {
		arn := st.Outputs[OutServiceARN]
		env, svc := st.Tags["copilot-environment"], st.Tags["copilot-service"]
		if !strings.Contains(arn, ":apprunner:") || env == "" || svc == "" {
			continue
		}
		a := addr.Deploy(env, svc)
		t := cloud.Target{Account: st.Account, Region: st.Region}
		if n := d.Node(a); n != nil && n.Account == st.Account {
			t.Profile, t.RoleARN = n.Profile, n.RoleARN
		} else {
			for _, n := range d.Nodes {
				if n.Account == st.Account {
					t.Profile, t.RoleARN = n.Profile, n.RoleARN
					break
				}
			}
		}
		jobs = append(jobs, job{a, t, arn})
	}
	if s.CustomDomains == nil {
		s.CustomDomains = map[string][]planner.LiveCustomDomain{}
	}
	var mu sync.Mutex
	errs := make([]error, len(jobs))
	opts.each(len(jobs), func(i int) {
		j := jobs[i]
		c, err := p.For(ctx, j.target)
		if err != nil {
			errs[i] = err
			return
		}
		domains, err := CustomDomains(ctx, c.AppRunner, j.arn)
		if err != nil {
			errs[i] = fmt.Errorf("%s: reading the custom domains of %s: %w", j.a, j.arn, err)
			return
		}
		if len(domains) == 0 {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		s.CustomDomains[j.a.String()] = domains
	})
	return errors.Join(errs...)
}

// appRunnerDomains is the part of App Runner that lists a service's
// custom domains.
type appRunnerDomains interface {
	DescribeCustomDomains(context.Context, *apprunner.DescribeCustomDomainsInput, ...func(*apprunner.Options)) (*apprunner.DescribeCustomDomainsOutput, error)
}

// CustomDomains lists the custom domains of an App Runner service.
func CustomDomains(ctx context.Context, api appRunnerDomains, arn string) ([]planner.LiveCustomDomain, error) {
	var out []planner.LiveCustomDomain
	pages := apprunner.NewDescribeCustomDomainsPaginator(api, &apprunner.DescribeCustomDomainsInput{ServiceArn: aws.String(arn)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, cd := range page.CustomDomains {
			out = append(out, planner.LiveCustomDomain{Name: aws.ToString(cd.DomainName), Status: strings.ToLower(string(cd.Status))})
		}
	}
	return out, nil
}
