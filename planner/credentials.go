package planner

import (
	"slices"
	"strings"

	"flightplan/addr"
	"flightplan/stacks"
)

// Credentials say who makes a change's calls: the caller (the file's
// profile or role_arn, or the default chain when both are empty), and for
// a stack, the service role CloudFormation itself runs the operation as.
type Credentials struct {
	Profile string `json:"profile,omitempty"`
	RoleARN string `json:"role_arn,omitempty"`
	// ServiceRoleARN is the RoleARN of the stack's change set; empty when
	// CloudFormation acts with the caller's own credentials.
	ServiceRoleARN string `json:"service_role_arn,omitempty"`
}

// String is the credentials in a few words: "role app-test-EnvManagerRole,
// CloudFormation as app-test-CFNExecutionRole". Roles are named by their
// name alone: the change's account is shown beside it.
func (c Credentials) String() string {
	caller := "default credentials"
	switch {
	case c.RoleARN != "":
		caller = "role " + roleName(c.RoleARN)
	case c.Profile != "":
		caller = "profile " + c.Profile
	}
	if c.ServiceRoleARN != "" {
		caller += ", CloudFormation as " + roleName(c.ServiceRoleARN)
	}
	return caller
}

func roleName(arn string) string { return arn[strings.LastIndex(arn, "/")+1:] }

// setCredentials fills in every change's Credentials. A change with a
// desired node uses the node's; a delete borrows those of the first node
// of its stack's account, the app's first, as the executor does, and a
// delete of documents alone the app's.
func setCredentials(d *stacks.Desired, s *State, changes []*Change) {
	byAccount := map[string]Credentials{}
	var appCreds Credentials // documents live in the app's account
	if app := d.Node(addr.App()); app != nil {
		appCreds = Credentials{Profile: app.Profile, RoleARN: app.RoleARN}
		byAccount[app.Account] = appCreds
	}
	for _, c := range changes {
		if n := c.Desired; n != nil {
			if _, ok := byAccount[n.Account]; !ok {
				byAccount[n.Account] = Credentials{Profile: n.Profile, RoleARN: n.RoleARN}
			}
		}
	}
	for _, c := range changes {
		creds := byAccount[c.Account] // the default chain for an account the file no longer names
		if c.Stack == nil {
			creds = appCreds
		}
		if n := c.Desired; n != nil {
			creds = Credentials{Profile: n.Profile, RoleARN: n.RoleARN, ServiceRoleARN: serviceRole(d, n, s)}
		}
		c.Credentials = &creds
	}
}

// serviceRole is the service role a node's stack operation runs with: its
// Stack.ServiceRole once that role exists, that is when the stack that
// makes it has it as an output (it is deployed), or when that stack is
// applied before this node (a workload in an environment created by the
// same apply). The very first creation of an environment's stack, which
// makes the role, runs with the caller's credentials.
func serviceRole(d *stacks.Desired, n *stacks.Node, s *State) string {
	if n.Stack == nil || n.Stack.ServiceRole == nil {
		return ""
	}
	r := n.Stack.ServiceRole
	maker := d.Node(r.Env)
	if maker == nil || maker.Stack == nil {
		return ""
	}
	if live := s.Stack(maker.Account, maker.Region, maker.Stack.Name); live != nil && live.Outputs[r.Output] != "" {
		return live.Outputs[r.Output]
	}
	if n.Addr != r.Env && slices.Contains(n.DependsOn, r.Env) {
		return r.ARN
	}
	return ""
}
