package view

import (
	"fmt"
	"sort"

	"flightplan/planner"
	"flightplan/schema"
)

// changeGroup is the changes of one account, region and environment; the
// app-level nodes form the group with no environment.
type changeGroup struct {
	account, region, env string
	changes              []*planner.Change
}

func (g changeGroup) title() string {
	where := fmt.Sprintf("account %s, region %s", g.account, g.region)
	if g.env == "" {
		return where + " (application)"
	}
	if g.express() {
		return where + ", environment " + g.env + " (express mode: resources complete once configured, without waiting to stabilise)"
	}
	return where + ", environment " + g.env
}

// express reports whether the group's stacks deploy in CloudFormation's
// express mode (the environment's deploy_mode).
func (g changeGroup) express() bool {
	for _, c := range g.changes {
		if c.Stack != nil && c.Stack.DeployMode == schema.DeployExpress {
			return true
		}
	}
	return false
}

func (g changeGroup) changed() int {
	n := 0
	for _, c := range g.changes {
		if c.Action != planner.NoOp {
			n++
		}
	}
	return n
}

// groupChanges groups the changes, keeping plan order inside each group;
// groups are sorted by account, region, then environment (the application's
// own nodes first).
func groupChanges(changes []*planner.Change) []changeGroup {
	var groups []changeGroup
	index := map[[3]string]int{}
	for _, c := range changes {
		key := [3]string{c.Account, c.Region, c.Addr.Env}
		i, ok := index[key]
		if !ok {
			i = len(groups)
			index[key] = i
			groups = append(groups, changeGroup{account: key[0], region: key[1], env: key[2]})
		}
		groups[i].changes = append(groups[i].changes, c)
	}
	sort.SliceStable(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if a.account != b.account {
			return a.account < b.account
		}
		if a.region != b.region {
			return a.region < b.region
		}
		return a.env < b.env
	})
	return groups
}
