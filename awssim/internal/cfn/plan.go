package cfn

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"flightplan/awssim/internal/cfntemplate"
)

// cfnPlan is everything a stack operation is built from. Building the
// schedule from a plan is deterministic, so a cancel rebuilds the same
// schedule with a stop time.
type cfnPlan struct {
	Kind   string               `json:"kind"` // CREATE, UPDATE, DELETE
	Env    cfntemplate.Env      `json:"env"`
	Old    map[string]*Resource `json:"old,omitempty"`
	New    map[string]*Resource `json:"new,omitempty"`
	Order  []string             `json:"order,omitempty"`
	Cfg    cfnConfig            `json:"cfg"`
	OldCfg cfnConfig            `json:"oldCfg"`
	Faults map[string]string    `json:"faults,omitempty"`
	// FailAfter is when a faulty resource fails, where not half its
	// duration (a certificate that cannot validate times out).
	FailAfter map[string]time.Duration `json:"failAfter,omitempty"`
	StackFail string                   `json:"stackFail,omitempty"`
	OnFailure string                   `json:"onFailure,omitempty"`
	// Express is DeploymentConfig Mode EXPRESS: each resource completes
	// once its configuration is applied (expressDuration).
	Express bool `json:"express,omitempty"`
	// Reverted are the resources a drift-aware change set (DeploymentMode
	// REVERT_DRIFT) updates only to put their drifted properties back.
	Reverted map[string]bool `json:"reverted,omitempty"`
	Stop     time.Time       `json:"stop,omitzero"`
	// Durations and DeleteDur are the durations of nested stack
	// resources, from their child's schedule; Nested what their steps do
	// to the child.
	Durations map[string]time.Duration    `json:"durations,omitempty"`
	DeleteDur map[string]time.Duration    `json:"deleteDur,omitempty"`
	Nested    map[string]*cfnNestedAction `json:"nested,omitempty"`
}

// cfnDesired is a template evaluated against a stack: the resources it
// wants, in dependency order, and its outputs.
type cfnDesired struct {
	Resources map[string]*Resource
	Order     []string
	Outputs   []cfnOutput
	Imports   []string
	// AttrErrors are why resources will fail, found while evaluating them
	// (reading a custom resource's attribute its handler does not answer,
	// a nested stack whose child cannot be made); current is the resource
	// being evaluated.
	AttrErrors map[string]string
	current    string
	// imported are the resources an import brings in, by logical ID.
	imported map[string]*cfnRetained
	// nested are the planned child stacks; caps and tags what they get
	// from their parent.
	nested map[string]*cfnNestedAction
	caps   []string
	tags   []cfnTag
	mode   string // the parent's DeploymentConfig Mode, which children inherit
}

// fail records why resource id will fail, keeping the first reason.
func (d *cfnDesired) fail(id, why string) {
	if d.AttrErrors == nil {
		d.AttrErrors = map[string]string{}
	}
	if d.AttrErrors[id] == "" {
		d.AttrErrors[id] = why
	}
}

// evaluate evaluates template t with params for the stack at env, reusing
// the physical IDs of old resources that are not replaced.
func (x *Service) evaluate(env cfntemplate.Env, t *cfntemplate.Template, params []cfntemplate.Param, old map[string]*Resource, d *cfnDesired) (*cfnDesired, error) {
	d.Resources, d.nested = map[string]*Resource{}, map[string]*cfnNestedAction{}
	ctx := x.evalContext(env, t, params, d)
	order, err := t.Order()
	if err != nil {
		return nil, err
	}
	for _, id := range order {
		d.current = id
		rec, err := x.planResource(ctx, env, t.Resources[id], old[id], d)
		if err != nil {
			return nil, err
		}
		if rec != nil {
			d.Resources[id] = rec
			d.Order = append(d.Order, id)
		}
	}
	d.current = ""
	if d.Outputs, err = evalOutputs(ctx, t); err != nil {
		return nil, err
	}
	d.Imports = ctx.Imports()
	return d, nil
}

func (x *Service) evalContext(env cfntemplate.Env, t *cfntemplate.Template, params []cfntemplate.Param, d *cfnDesired) *cfntemplate.Evaluator {
	return &cfntemplate.Evaluator{
		Template: t, Params: cfntemplate.ParamValues(t, params),
		Pseudo: map[string]string{
			"AWS::Region": env.Region, "AWS::AccountId": env.Account, "AWS::StackName": env.StackName,
			"AWS::StackId": env.StackID, "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com",
		},
		PhysicalID: func(id string) (string, bool) {
			r, ok := d.Resources[id]
			if !ok {
				return "", false
			}
			return r.PhysicalID, true
		},
		Attribute: func(id, attr string) (any, bool) {
			if r := d.Resources[id]; isCustom(r.Type) {
				return x.customAttribute(env, r, attr, d), true
			} else if r.Type == stackType && strings.HasPrefix(attr, "Outputs.") {
				return x.nestedOutput(env, r, attr, d), true
			}
			return x.attribute(env, d.Resources[id], attr)
		},
		ImportValue: func(name string) (string, bool) {
			out, _ := x.export(env.Account, env.Region, name)
			if out == nil {
				return "", false
			}
			return out.Value, true
		},
	}
}

func (x *Service) planResource(ctx *cfntemplate.Evaluator, env cfntemplate.Env, decl *cfntemplate.ResourceDecl, old *Resource, d *cfnDesired) (*Resource, error) {
	if decl.Condition != "" {
		ok, err := ctx.Condition(decl.Condition)
		if err != nil || !ok {
			return nil, err
		}
	}
	props, err := ctx.Eval(decl.Props)
	if err != nil {
		return nil, err
	}
	rec := &Resource{LogicalID: decl.ID, Type: decl.Type, Props: cfntemplate.AsMap(props), DeletionPolicy: decl.DeletionPolicy}
	for _, dep := range ctx.Template.Deps(decl.ID) {
		if _, ok := d.Resources[dep]; ok {
			rec.Deps = append(rec.Deps, dep)
		}
	}
	if r := d.imported[decl.ID]; r != nil && old == nil {
		rec.PhysicalID, rec.Attrs = r.PhysicalID, r.Attrs
		return rec, nil
	}
	if old == nil || old.Type != decl.Type {
		rec.PhysicalID = env.PhysicalID(decl.ID, decl.Type, rec.Props, 0)
		if isCustom(rec.Type) {
			x.planCustom(env, rec, nil)
		}
		if rec.Type == stackType {
			x.planNested(env, rec, nil, d)
		}
		return rec, nil
	}
	next := carryOver(env, old, rec)
	if next == rec && isCustom(rec.Type) {
		x.planCustom(env, rec, old)
	}
	if next.Type == stackType {
		x.planNested(env, next, old, d)
	}
	return next, nil
}

// carryOver keeps an existing resource's identity: unchanged, it is the old
// record; changed in place, it keeps its physical ID; replaced, it gets the
// next generation's physical ID.
func carryOver(env cfntemplate.Env, old, rec *Resource) *Resource {
	if reflect.DeepEqual(normalize(old.Props), normalize(rec.Props)) {
		keep := old.clone()
		keep.Deps, keep.DeletionPolicy = rec.Deps, rec.DeletionPolicy
		return keep
	}
	rec.Gen, rec.PhysicalID = old.Gen, old.PhysicalID
	if replacement(rec.Type, old.Props, rec.Props) == "True" {
		rec.Gen = old.Gen + 1
		rec.PhysicalID = env.PhysicalID(rec.LogicalID, rec.Type, rec.Props, rec.Gen)
	}
	return rec
}

func evalOutputs(ctx *cfntemplate.Evaluator, t *cfntemplate.Template) ([]cfnOutput, error) {
	var out []cfnOutput
	for _, k := range slices.Sorted(maps.Keys(t.Outputs)) {
		o := t.Outputs[k]
		if c, ok := o["Condition"].(string); ok {
			if yes, err := ctx.Condition(c); err != nil || !yes {
				continue
			}
		}
		v, err := ctx.Eval(o["Value"])
		if err != nil {
			return nil, err
		}
		exp, err := ctx.Eval(cfntemplate.AsMap(o["Export"])["Name"])
		if err != nil {
			return nil, err
		}
		out = append(out, cfnOutput{Key: k, Value: cfntemplate.String(v), Description: cfntemplate.String(o["Description"]), ExportName: cfntemplate.String(exp)})
	}
	return out, nil
}

// normalize makes property values comparable: what JSON round-tripping
// would make of them.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 0 {
			return nil
		}
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = normalize(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = normalize(x)
		}
		return out
	case int:
		return float64(v)
	}
	return v
}
