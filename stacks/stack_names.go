package stacks

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"flightplan/addr"
)

// checkStackNames refuses two nodes whose stacks would have the same name
// in the same account and region. Stack names are built by joining names
// with hyphens, as Copilot does ({app}-{env}-{svc}, {app}-{env}-delegation,
// {app}-{env}-{svc}-alias, {app}-{env}-cloudfront-cert), so different
// declarations can meet: environment "dev" with service "api-web" and
// environment "dev-api" with service "web", or a service named
// "delegation". Left alone, the two nodes would write over one stack and a
// later plan would delete one's resources to make the other's. The error
// is placed on the block that declares the second node and names both.
func (c *compiler) checkStackNames(nodes []*Node) hcl.Diagnostics {
	type where struct{ account, region, name string }
	first := make(map[where]addr.Address, len(nodes)) // sized once
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
			Subject: c.subject(n.Addr),
		})
	}
	return diags
}
