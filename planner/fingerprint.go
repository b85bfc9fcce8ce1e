package planner

import (
	"slices"
	"strings"

	"flightplan/stacks"
)

// NewFingerprint records what a plan is computed against: every live stack
// of the app (ID, status, last update) and every live document (version),
// plus the desired stacks and documents that do not exist yet (recorded
// empty, so that their creation by someone else is noticed), the file's
// hash and the tool's version, and whether each image's tag was in each of
// its repositories (so that an image pushed meanwhile makes the plan stale), and the custom domains of request-driven services. Apply of a saved plan computes it again from
// the plan's own desired state and a fresh read, and compares the two with
// CheckFingerprint.
func NewFingerprint(d *stacks.Desired, s *State, configHash, toolVersion string) Fingerprint {
	f := Fingerprint{ConfigHash: configHash, ToolVersion: toolVersion, Stacks: map[string]StackPrint{}, Parameters: map[string]int64{},
		Images: imagePrints(d, s)}
	for _, n := range d.Nodes {
		if n.Stack != nil {
			f.Stacks[stackKey(n.Account, n.Region, n.Stack.Name)] = StackPrint{}
		}
		for _, p := range n.Parameters {
			f.Parameters[p.Name] = 0
		}
	}
	if s == nil {
		return f
	}
	for _, st := range s.Stacks {
		f.Stacks[st.Key()] = StackPrint{ID: st.ID, Status: st.Status, LastUpdated: st.LastUpdated.UTC()}
	}
	for _, p := range s.Parameters {
		f.Parameters[p.Name] = p.Version
	}
	for a, domains := range s.CustomDomains {
		names := make([]string, 0, len(domains))
		for _, d := range domains {
			names = append(names, d.Name)
		}
		if len(names) > 0 {
			if f.CustomDomains == nil {
				f.CustomDomains = map[string]string{}
			}
			slices.Sort(names)
			f.CustomDomains[a] = strings.Join(names, ",")
		}
	}
	return f
}
