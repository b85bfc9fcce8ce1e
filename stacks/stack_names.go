package stacks

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"flightplan/addr"
	"flightplan/schema"
)

// checkStackNames refuses two nodes whose stacks would have the same name
// in the same account and region. Stack names are built by joining names
// with hyphens, as Copilot does ({app}-{env}-{svc}, {app}-{env}-delegation,
// {app}-{env}-{svc}-alias, {app}-{env}-cloudfront-cert), so different
// declarations can meet: environment "dev" with service "api-web" and
// environment "dev-api" with service "web", or a service named
// "delegation". Left alone, the two nodes would write over one stack and a
// later plan would delete one's resources to make the other's. The error
// is placed on the declaration of the second node's owner (the service,
// or the environment) and names both.
func checkStackNames(cfg *schema.Config, nodes []*Node) hcl.Diagnostics {
	type where struct{ account, region, name string }
	first := map[where]addr.Address{}
	var diags hcl.Diagnostics
	for _, n := range nodes {
		if n.Stack == nil {
			continue
		}
		w := where{n.Account, n.Region, n.Stack.Name}
		other, taken := first[w]
		if !taken {
			first[w] = n.Addr
			continue
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  fmt.Sprintf("%s and %s would both deploy the stack %s (account %s, region %s)", other, n.Addr, n.Stack.Name, n.Account, n.Region),
			Detail: "Stack names join the app's, environment's and service's names with hyphens, so these two declarations meet. " +
				"Rename the service or the environment so that their stack names differ.",
			Subject: declRange(ownerRange(cfg, n.Addr)),
		})
	}
	return diags
}

// ownerRange is where the declaration behind a node is: its workload's,
// environment's or pipeline's block, else the app's.
func ownerRange(cfg *schema.Config, a addr.Address) hcl.Range {
	if a.Name != "" {
		if w := cfg.Workload(a.Name); w != nil {
			return w.DeclRange
		}
	}
	if a.Env != "" {
		if e := cfg.Environment(a.Env); e != nil {
			return e.DeclRange
		}
	}
	return cfg.App.DeclRange
}
