package planner

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"flightplan/addr"
	"flightplan/stacks"
)

// Taking over Copilot's stack set.
//
// Copilot keeps an application's ECR repositories (with their images), its
// pipeline bucket and its KMS key in the stack set {app}-infrastructure,
// one instance per region: a stack StackSet-{app}-infrastructure-{uuid} in
// the application's account. flightplan keeps the same things in its
// region stack {app}-infrastructure-{region}. When the region stack does
// not exist yet and such an instance does, its create is a take-over:
//
//  1. the stack set is updated so that every resource of the instance has
//     DeletionPolicy Retain;
//  2. the instance is deleted from the stack set (its stack with it): its
//     resources stay in the account, managed by no stack;
//  3. an IMPORT change set creates the region stack with those resources,
//     matched to flightplan's (repositories by name, the key and the
//     bucket by type), physical IDs kept — images, objects and keys stay;
//  4. an update brings the region stack to its full template.
//
// Resources of the instance that flightplan has no place for (a repository
// of a workload no longer built) stay in the account, retained, and are
// named in the plan.

// Takeover is how a region stack's create takes the resources of Copilot's
// stack set instance over.
type Takeover struct {
	StackSet string `json:"stack_set"`
	// Region is the stack set's own region (the application's), where its
	// operations are called.
	Region string `json:"region"`
	// Instance is the name of the instance's stack.
	Instance string   `json:"instance"`
	Imports  []Import `json:"imports"`
	// Left are the instance's resources that are retained and not
	// imported: they stay in the account, managed by no stack.
	Left []string `json:"left,omitempty"`
}

// Import is one resource that moves: its logical ID in the instance and in
// the region stack.
type Import struct {
	LogicalID string `json:"logical_id"`
	From      string `json:"from"`
	Type      string `json:"type"`
}

// stackSetName is the name of Copilot's stack set of an application.
func stackSetName(app string) string { return app + "-infrastructure" }

// isStackSetInstance reports whether a live stack is an instance of the
// app's stack set (AWS names them StackSet-{name}-{uuid}).
func isStackSetInstance(app string, st *LiveStack) bool {
	return strings.HasPrefix(st.Name, "StackSet-"+stackSetName(app)+"-")
}

// takeovers plans the take-over of every region stack created where an
// instance of Copilot's stack set lives, and notes the instances that no
// region stack takes over.
func takeovers(d *stacks.Desired, s *State, changes []*Change) ([]string, error) {
	var notes []string
	for _, st := range s.Stacks {
		if !isStackSetInstance(d.App, st) {
			continue
		}
		c := regionCreate(changes, st.Account, st.Region)
		if c == nil {
			notes = append(notes, fmt.Sprintf("stack %s (%s/%s) is an instance of Copilot's stack set %s; no region stack is created there, so it is left alone",
				st.Name, st.Account, st.Region, stackSetName(d.App)))
			continue
		}
		t, err := planTakeover(d.App, st, c)
		if err != nil {
			return nil, err
		}
		if home := d.Node(addr.App()); home != nil {
			t.Region = home.Region
		}
		c.Stack.Takeover = t
		c.Reasons = append(c.Reasons, fmt.Sprintf("takes over the resources of Copilot's stack set %s (instance %s) by import: nothing is created anew", t.StackSet, t.Instance))
	}
	return notes, nil
}

// regionCreate is the change that creates the region stack of that
// account and region, or nil.
func regionCreate(changes []*Change, account, region string) *Change {
	for _, c := range changes {
		if c.Addr.Kind == addr.KindRegion && c.Account == account && c.Region == region &&
			c.Action == Create && c.Stack != nil && c.Desired != nil && c.Desired.Stack != nil {
			return c
		}
	}
	return nil
}

// planTakeover matches the instance's resources to the region stack's:
// repositories by RepositoryName, the KMS key and the bucket by type.
func planTakeover(app string, inst *LiveStack, c *Change) (*Takeover, error) {
	from, err := parseTemplate(inst.Template)
	if err != nil {
		return nil, fmt.Errorf("reading the template of %s: %w", inst.Name, err)
	}
	to, err := parseTemplate(c.Desired.Stack.Template)
	if err != nil {
		return nil, err
	}
	t := &Takeover{StackSet: stackSetName(app), Instance: inst.Name}
	fromRes, toRes := asMap(from["Resources"]), asMap(to["Resources"])
	taken := map[string]bool{}
	for _, id := range slices.Sorted(maps.Keys(fromRes)) {
		typ, _ := asMap(fromRes[id])["Type"].(string)
		target := importTarget(asMap(fromRes[id]), toRes, taken)
		if target == "" {
			t.Left = append(t.Left, fmt.Sprintf("%s (%s)", id, typ))
			continue
		}
		taken[target] = true
		t.Imports = append(t.Imports, Import{LogicalID: target, From: id, Type: typ})
	}
	for i := range c.Stack.Resources {
		r := &c.Stack.Resources[i]
		if j := slices.IndexFunc(t.Imports, func(im Import) bool { return im.LogicalID == r.LogicalID }); j >= 0 {
			r.ImportedFrom = t.Instance + " (" + t.Imports[j].From + ")"
		}
	}
	return t, nil
}

// importable are the types a take-over imports.
var importable = []string{"AWS::ECR::Repository", "AWS::KMS::Key", "AWS::S3::Bucket"}

// importTarget is the logical ID in the region stack's resources that a
// resource of the instance becomes, or "".
func importTarget(res map[string]any, to map[string]any, taken map[string]bool) string {
	typ, _ := res["Type"].(string)
	if !slices.Contains(importable, typ) {
		return ""
	}
	name := asMap(res["Properties"])["RepositoryName"]
	for _, id := range slices.Sorted(maps.Keys(to)) {
		r := asMap(to[id])
		if taken[id] || r["Type"] != typ {
			continue
		}
		if typ != "AWS::ECR::Repository" || asMap(r["Properties"])["RepositoryName"] == name {
			return id
		}
	}
	return ""
}
