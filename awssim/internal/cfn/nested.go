package cfn

import (
	"maps"
	"slices"
	"strings"
	"time"

	"flightplan/awssim/internal/cfntemplate"
	"flightplan/awssim/internal/simcore"
)

// Nested stacks: an AWS::CloudFormation::Stack resource is a stack of its
// own, {parent}-{logicalId}-{SUFFIX}, made from the template its
// TemplateURL names in the simulated S3. The child is planned with its
// parent, so that Fn::GetAtt Outputs.NAME and the resource's duration are
// known when the parent's operation starts; the child's own operation
// starts when the parent's step for the resource happens.

// cfnNestedAction is what a parent's step does to a child stack.
type cfnNestedAction struct {
	Kind      string        `json:"kind"` // CREATE, UPDATE, DELETE
	ChildID   string        `json:"childId"`
	Parent    string        `json:"parent,omitempty"`
	In        cfnInput      `json:"in,omitzero"`
	Dur       time.Duration `json:"dur,omitempty"`
	FailAfter time.Duration `json:"failAfter,omitempty"`
	DeleteDur time.Duration `json:"deleteDur,omitempty"`
}

// planNested plans the child stack of a nested stack resource that the
// parent creates or may change: its outputs become the resource's
// attributes, and its schedule the resource's duration. Problems fail the
// resource.
func (x *Service) planNested(env cfntemplate.Env, rec, old *Resource, d *cfnDesired) {
	body, err := x.templateFromURL(env.Account, cfntemplate.String(rec.Props["TemplateURL"]))
	if err != nil {
		d.fail(rec.LogicalID, errMessage(err))
		return
	}
	in := cfnInput{Body: body, Params: nestedParams(rec.Props["Parameters"]), Caps: d.caps, Tags: d.tags, Mode: d.mode}
	rec.Nested = simcore.Digest(16, body, propsJSON(rec.Props))
	child, kind := x.stackByID(rec.PhysicalID), "UPDATE"
	if old == nil || child == nil || child.Status == "DELETE_COMPLETE" {
		child, kind = x.transientStack(rec.PhysicalID, env), "CREATE"
	}
	if kind == "UPDATE" && old.Nested == rec.Nested {
		rec.Attrs = old.Attrs
		return
	}
	cp, err := x.prepare(child, in, kind)
	if err != nil {
		d.fail(rec.LogicalID, errMessage(err))
		return
	}
	n := &cfnNestedAction{Kind: kind, ChildID: child.ID, Parent: env.StackID, In: in}
	if kind == "UPDATE" && cp.isEmpty() {
		n.Kind = ""
	}
	steps, _ := cp.build(time.Time{})
	n.Dur = steps[len(steps)-1].At.Sub(time.Time{})
	if why, at := childFailure(steps, kind); why != "" {
		d.fail(rec.LogicalID, "Embedded stack "+child.ID+" was not successfully "+map[string]string{"CREATE": "created", "UPDATE": "updated"}[kind]+": "+why)
		n.FailAfter = at
	}
	n.DeleteDur = measureDelete(child.env(), cp.New)
	rec.Attrs = map[string]any{}
	for _, o := range cp.Cfg.Outputs {
		rec.Attrs["Outputs."+o.Key] = o.Value
	}
	d.nested[rec.LogicalID] = n
}

// transientStack is the child stack of a nested stack resource before it
// exists, named by the resource's physical ID (the child's stack ID).
func (x *Service) transientStack(id string, parent cfntemplate.Env) *cfnStack {
	name := id
	if _, rest, ok := strings.Cut(id, ":stack/"); ok {
		name, _, _ = strings.Cut(rest, "/")
	}
	return &cfnStack{ID: id, Name: name, Account: parent.Account, Region: parent.Region, Created: x.opTime(),
		Resources: map[string]*Resource{}, DriftStatus: "NOT_CHECKED", Parent: parent.StackID}
}

// childFailure is why a child's schedule fails, and when, or "".
func childFailure(steps []cfnStep, kind string) (string, time.Duration) {
	for _, s := range steps {
		ev := s.Event
		if ev.Type == stackType && (ev.Status == "ROLLBACK_IN_PROGRESS" || ev.Status == "UPDATE_ROLLBACK_IN_PROGRESS" || ev.Status == "CREATE_FAILED") {
			return ev.Reason, s.At.Sub(time.Time{})
		}
	}
	return "", 0
}

// measureDelete is how long deleting resources takes.
func measureDelete(env cfntemplate.Env, recs map[string]*Resource) time.Duration {
	p := &cfnPlan{Kind: "DELETE", Env: env, Old: recs, Order: oldOrder(recs)}
	steps, _ := p.build(time.Time{})
	return steps[len(steps)-1].At.Sub(time.Time{})
}

// nestedParams reads a nested stack's Parameters property.
func nestedParams(v any) []cfntemplate.GivenParam {
	m := cfntemplate.AsMap(v)
	var out []cfntemplate.GivenParam
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, cfntemplate.GivenParam{Key: k, Value: cfntemplate.String(m[k])})
	}
	return out
}

func errMessage(err error) string {
	if ae, ok := err.(*simcore.APIError); ok {
		return ae.Message
	}
	return err.Error()
}

// nestedDurations gives the plan the durations and actions of its nested
// stack resources: those planned with it, and the deletion of children
// that exist.
func (x *Service) nestedDurations(p *cfnPlan, planned map[string]*cfnNestedAction) {
	p.Nested = planned
	for id, n := range planned {
		setDur(&p.Durations, id, n.Dur)
		setDur(&p.DeleteDur, id, n.DeleteDur)
		if n.FailAfter > 0 {
			setDur(&p.FailAfter, id, n.FailAfter)
		}
	}
	for id, r := range p.Old {
		if child := x.stackByID(r.PhysicalID); r.Type == stackType && child != nil && p.DeleteDur[id] == 0 {
			setDur(&p.DeleteDur, id, measureDelete(child.env(), child.liveResources()))
		}
	}
}

func setDur(m *map[string]time.Duration, id string, d time.Duration) {
	if *m == nil {
		*m = map[string]time.Duration{}
	}
	(*m)[id] = d
}

// dur is how long an operation on resource r takes in this plan.
func (b *cfnBuilder) dur(r *Resource, op string) time.Duration {
	m := b.plan.Durations
	if op == "delete" {
		m = b.plan.DeleteDur
	}
	if d, ok := m[r.LogicalID]; ok && r.Type == stackType {
		return max(d, time.Second)
	}
	if b.plan.Express {
		return expressDuration(r.Type, op)
	}
	return durationOf(r.Type, op)
}

// nestedStep attaches to the last step what it does to a child stack.
func (b *cfnBuilder) nestedStep(r *Resource, kind string) {
	if r.Type != stackType || len(b.steps) == 0 {
		return
	}
	n := b.plan.Nested[r.LogicalID]
	switch {
	case kind == "DELETE" && r.PhysicalID != "":
		n = &cfnNestedAction{Kind: "DELETE", ChildID: r.PhysicalID}
	case n == nil || n.Kind != kind:
		return
	}
	b.steps[len(b.steps)-1].Nested = n
}

// runNested does what an applied step does to a child stack, as of the
// step's time.
func (x *Service) runNested(s *cfnStep) {
	n := s.Nested
	if n == nil {
		return
	}
	x.opStart = s.At
	defer func() { x.opStart = time.Time{} }()
	child := x.stackByID(n.ChildID)
	switch n.Kind {
	case "CREATE":
		x.createChild(n)
	case "UPDATE":
		if child == nil || updatable(child) != nil {
			return
		}
		if cp, err := x.prepare(child, n.In, "UPDATE"); err == nil && !cp.isEmpty() {
			x.startOp(child, cp, "")
		}
	case "DELETE":
		if child != nil && child.Status != "DELETE_COMPLETE" && !inProgress(child.Status) {
			x.startDelete(child, nil)
		}
	}
}

func (x *Service) createChild(n *cfnNestedAction) {
	parent := x.stackByID(n.Parent)
	if parent == nil {
		return
	}
	child := x.transientStack(n.ChildID, parent.env())
	cp, err := x.prepare(child, n.In, "CREATE")
	if err != nil {
		return
	}
	child.Cfg = cp.Cfg
	child.Cfg.Outputs = nil
	x.st.Stacks = append(x.st.Stacks, child)
	x.startOp(child, cp, "")
}

// opTime is when an operation starting now begins: now, or the time of
// the parent's step that starts a child's operation.
func (x *Service) opTime() time.Time {
	if !x.opStart.IsZero() {
		return x.opStart
	}
	return x.now()
}

// rootOf is the ID of the top stack above a nested stack.
func (x *Service) rootOf(st *cfnStack) string {
	for st.Parent != "" {
		p := x.stackByID(st.Parent)
		if p == nil {
			break
		}
		st = p
	}
	return st.ID
}

// nestedOutput is Fn::GetAtt Outputs.NAME of a nested stack resource: its
// child's output. A missing output fails the resource that reads it.
func (x *Service) nestedOutput(env cfntemplate.Env, r *Resource, attr string, d *cfnDesired) any {
	if v, ok := r.Attrs[attr]; ok {
		return v
	}
	if d.current != "" {
		d.fail(d.current, "Output '"+strings.TrimPrefix(attr, "Outputs.")+"' not found in stack '"+r.PhysicalID+"'")
	}
	return ""
}

// stackXML is a stack as DescribeStacks shows it, with its parent and
// root when it is nested.
func (x *Service) stackXML(st *cfnStack) stackXML {
	s := st.xml()
	if st.Parent != "" {
		s.ParentId, s.RootId = st.Parent, x.rootOf(st)
	}
	return s
}
