package planner

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"flightplan/addr"
	"flightplan/stacks"
)

// WritePlanFile saves a plan as JSON (the encoding of docs/plan-json.md,
// with each change's desired state) so that `apply FILE` can apply exactly
// it. The file holds sensitive values (they are needed to apply), so it is
// written with mode 0600, atomically (a temporary file renamed).
func WritePlanFile(path string, p *Plan) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the plan: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".plan-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// ReadPlanFile reads a plan saved by WritePlanFile. A file that is not
// JSON, not a plan, or of another format_version is an error saying so;
// Plan.Sensitive is rebuilt from the desired states.
func ReadPlanFile(path string) (*Plan, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var head struct {
		FormatVersion *string `json:"format_version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("%s is not a flightplan plan file (corrupt or truncated?): %w", path, err)
	}
	if head.FormatVersion == nil {
		return nil, fmt.Errorf("%s is not a flightplan plan file: it has no format_version", path)
	}
	if *head.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("%s has plan format_version %q, but this flightplan reads format_version %q: make the plan again with this version",
			path, *head.FormatVersion, FormatVersion)
	}
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%s is a corrupt plan file: %w", path, err)
	}
	p.Sensitive = stacks.SensitiveValues(p.DesiredNodes())
	return &p, nil
}

// DesiredNodes returns the desired state of every change that has one (all
// but deletes), in plan order.
func (p *Plan) DesiredNodes() []*stacks.Node {
	var out []*stacks.Node
	for _, c := range p.Changes {
		if c.Desired != nil {
			out = append(out, c.Desired)
		}
	}
	return out
}

// Desired rebuilds the desired state the plan was made from, nodes sorted
// by address (what apply re-reads the live state and fingerprints with).
func (p *Plan) Desired() *stacks.Desired {
	d := &stacks.Desired{App: p.App, Nodes: p.DesiredNodes()}
	sort.Slice(d.Nodes, func(i, j int) bool { return d.Nodes[i].Addr.Less(d.Nodes[j].Addr) })
	return d
}

// changeFields is Change without its methods, so that UnmarshalJSON can
// decode into it without calling itself.
type changeFields Change

// UnmarshalJSON decodes a change and parses its address. The desired node
// decodes itself (stacks.Node's own encoding).
func (c *Change) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, (*changeFields)(c)); err != nil {
		return err
	}
	a, err := addr.Parse(c.Address)
	if err != nil {
		return err
	}
	c.Addr = a
	return nil
}

// CheckFingerprint compares a saved plan's fingerprint with one computed
// now (NewFingerprint over the plan's Desired and a fresh read) and returns
// one sentence per difference; none means the plan is still valid.
func CheckFingerprint(saved *Plan, now Fingerprint) []string {
	was := saved.Fingerprint
	var out []string
	if was.ConfigHash != now.ConfigHash {
		out = append(out, "the file changed since the plan was made")
	}
	if was.ToolVersion != now.ToolVersion {
		out = append(out, fmt.Sprintf("the plan was made by flightplan %s; this is flightplan %s", was.ToolVersion, now.ToolVersion))
	}
	for _, k := range unionKeys(stackMap(was.Stacks), stackMap(now.Stacks)) {
		if s := stackMoved(k, was.Stacks[k], now.Stacks[k]); s != "" {
			out = append(out, s)
		}
	}
	for _, k := range unionKeys(intMap(was.Parameters), intMap(now.Parameters)) {
		if s := parameterMoved(k, was.Parameters[k], now.Parameters[k]); s != "" {
			out = append(out, s)
		}
	}
	for _, k := range unionKeys(boolMap(was.Images), boolMap(now.Images)) {
		if s := imageMoved(k, was.Images[k], now.Images[k]); s != "" {
			out = append(out, s)
		}
	}
	for _, k := range unionKeys(keySet(was.CustomDomains), keySet(now.CustomDomains)) {
		if w, n := was.CustomDomains[k], now.CustomDomains[k]; w != n {
			out = append(out, fmt.Sprintf("the custom domains of %s changed since the plan was made (%s, now %s)", k, orNone(w), orNone(n)))
		}
	}
	return out
}

func boolMap(m map[string]bool) map[string]any {
	out := map[string]any{}
	for k := range m {
		out[k] = true
	}
	return out
}

func stackMoved(key string, was, now StackPrint) string {
	name := stackLabel(key)
	switch {
	case was == now || was.ID == now.ID && was.Status == now.Status && was.LastUpdated.Equal(now.LastUpdated):
		return ""
	case was.ID == "":
		return fmt.Sprintf("stack %s was created since the plan was made (now %s)", name, printState(now))
	case now.ID == "":
		return fmt.Sprintf("stack %s was deleted since the plan was made (it was %s)", name, printState(was))
	case was.ID != now.ID:
		return fmt.Sprintf("stack %s was deleted and created again since the plan was made (now %s)", name, printState(now))
	}
	return fmt.Sprintf("stack %s changed since the plan was made: %s → %s", name, printState(was), printState(now))
}

// stackLabel turns a fingerprint key "account/region/name" into
// "name (account/region)".
func stackLabel(key string) string {
	parts := strings.SplitN(key, "/", 3)
	if len(parts) != 3 {
		return key
	}
	return fmt.Sprintf("%s (%s/%s)", parts[2], parts[0], parts[1])
}

func printState(s StackPrint) string {
	return s.Status + " at " + s.LastUpdated.UTC().Format(time.DateTime) + " UTC"
}

func parameterMoved(name string, was, now int64) string {
	switch {
	case was == now:
		return ""
	case was == 0:
		return fmt.Sprintf("parameter %s was created since the plan was made (version %d)", name, now)
	case now == 0:
		return fmt.Sprintf("parameter %s was deleted since the plan was made", name)
	}
	return fmt.Sprintf("parameter %s is at version %d, the plan saw %d", name, now, was)
}

func stackMap(m map[string]StackPrint) map[string]any {
	out := map[string]any{}
	for k := range m {
		out[k] = true
	}
	return out
}

func intMap(m map[string]int64) map[string]any {
	out := map[string]any{}
	for k := range m {
		out[k] = true
	}
	return out
}

func keySet(m map[string]string) map[string]any {
	out := map[string]any{}
	for k := range m {
		out[k] = true
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
