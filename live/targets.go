package live

import (
	"encoding/json"

	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// Targets returns where a desired state lives: the app node's target, and
// every distinct account and region of its nodes (with the credentials of
// the first node there).
func Targets(d *stacks.Desired) (app cloud.Target, all []cloud.Target) {
	seen := map[[2]string]bool{}
	for _, n := range d.Nodes {
		t := cloud.Target{Account: n.Account, Region: n.Region, Profile: n.Profile, RoleARN: n.RoleARN}
		if n.Addr.Kind == "app" {
			app = t
		}
		if key := [2]string{t.Account, t.Region}; !seen[key] {
			seen[key] = true
			all = append(all, t)
		}
	}
	return app, all
}

// stackTargets lists the distinct accounts and regions to read: the app's,
// the given ones, and those of the environment documents, each with
// us-east-1 of its account (where cert/{env} lives). A target found
// only in a document borrows the credentials of a given target of the same
// account.
func stackTargets(appTarget cloud.Target, targets []cloud.Target, params []*planner.LiveParameter) []cloud.Target {
	seen := map[[2]string]bool{}
	creds := map[string]cloud.Target{}
	var out []cloud.Target
	add := func(t cloud.Target) {
		if key := [2]string{t.Account, t.Region}; t.Account != "" && t.Region != "" && !seen[key] {
			seen[key] = true
			out = append(out, t)
		}
		if _, ok := creds[t.Account]; !ok {
			creds[t.Account] = t
		}
	}
	add(appTarget)
	for _, t := range targets {
		add(t)
	}
	for _, p := range params {
		var env struct{ AccountID, Region string }
		if json.Unmarshal([]byte(p.Value), &env) != nil || env.AccountID == "" {
			continue
		}
		c := creds[env.AccountID]
		add(cloud.Target{Account: env.AccountID, Region: env.Region, Profile: c.Profile, RoleARN: c.RoleARN})
		// The environment's CloudFront certificates (cert/{env}) are in
		// us-east-1 of its account, read even once the file no longer asks
		// for them, so that they are planned as deletes.
		add(cloud.Target{Account: env.AccountID, Region: stacks.CloudFrontRegion, Profile: c.Profile, RoleARN: c.RoleARN})
	}
	return out
}

// domainTargets is where the app's parent zone lives when the app's roles
// stack says it is another account (stacks.TagDomainAccount): the app/dns
// stack is read there even after the domain has left the file, so that its
// delegation is deleted rather than left pointing at a deleted zone.
func domainTargets(app string, appTarget cloud.Target, live []*planner.LiveStack) []cloud.Target {
	for _, st := range live {
		acct := st.Tags[stacks.TagDomainAccount]
		if st.Tags[planner.TagApplication] == app && acct != "" && st.Account == appTarget.Account && st.Region == appTarget.Region {
			return []cloud.Target{{Account: acct, Region: appTarget.Region}}
		}
	}
	return nil
}
