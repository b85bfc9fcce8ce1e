package cfn

import (
	"encoding/json"
	"maps"
	"slices"
	"time"

	"flightplan/awssim/internal/cfntemplate"
)

// Provider is a service that holds what some of a stack's resources are:
// S3's buckets and ECR's repositories, made and removed as stack operations
// pass their events; ACM's certificates, which fail to create when their
// DNS validation cannot succeed; Route 53's zones, whose name servers
// Fn::GetAtt reads. CloudFormation calls its providers with the core's lock
// held; each answers for the resource types it owns and ignores the rest.
// Embed NopProvider to implement only some of the methods.
type Provider interface {
	// Applied is called after each step of a stack's schedule is applied,
	// so that the service keeps in step with the stack's resources.
	Applied(ev ResourceEvent)
	// CreateFailure is why creating r will fail, and after how long (zero:
	// half the resource's creation time), or "" when it will not. It is
	// asked when an operation that creates r starts.
	CreateFailure(st StackRef, r *Resource) (reason string, after time.Duration)
	// DeleteFailure is why deleting r will fail, or "". It is asked when a
	// stack's deletion starts.
	DeleteFailure(st StackRef, r *Resource) string
	// Attribute is Fn::GetAtt attr of r when the service knows it; false
	// leaves it to the template engine.
	Attribute(r cfntemplate.Planned, attr string) (any, bool)
}

// NopProvider implements Provider doing nothing, to embed.
type NopProvider struct{}

// Applied does nothing.
func (NopProvider) Applied(ResourceEvent) {}

// CreateFailure finds no failure.
func (NopProvider) CreateFailure(StackRef, *Resource) (string, time.Duration) { return "", 0 }

// DeleteFailure finds no failure.
func (NopProvider) DeleteFailure(StackRef, *Resource) string { return "" }

// Attribute knows no attribute.
func (NopProvider) Attribute(cfntemplate.Planned, string) (any, bool) { return nil, false }

// StackRef names a stack for providers.
type StackRef struct {
	Account, Region, ID, Name string
	// Events is how many events the stack has: a seed for identifiers that
	// must differ between operations.
	Events int
	// Tags are the stack's tags, which CloudFormation propagates to the
	// resources that take tags; during an update, the update's.
	Tags []Tag
}

// Tag is a stack tag.
type Tag struct{ Key, Value string }

func (st *cfnStack) ref() StackRef {
	cfg := &st.Cfg
	if p := st.updating(); p != nil {
		cfg = &p.Cfg
	}
	var tags []Tag
	for _, t := range cfg.Tags {
		tags = append(tags, Tag(t))
	}
	return StackRef{Account: st.Account, Region: st.Region, ID: st.ID, Name: st.Name, Events: len(st.Events), Tags: tags}
}

// ResourceEvent is one applied step of a stack's schedule that concerns a
// resource (or the stack itself, whose Type is AWS::CloudFormation::Stack).
type ResourceEvent struct {
	Stack      StackRef
	Type       string
	LogicalID  string
	PhysicalID string // empty before the resource exists
	Status     string // CREATE_COMPLETE, DELETE_SKIPPED, …
	At         time.Time
	step       *cfnStep
}

// Props are the resource's properties as the step leaves them.
func (ev ResourceEvent) Props() map[string]any {
	if ev.step.Set != nil {
		return ev.step.Set.Props
	}
	var p map[string]any
	_ = json.Unmarshal([]byte(ev.step.Event.Props), &p)
	return p
}

// applied tells the providers about a step just applied to st.
func (x *Service) applied(st *cfnStack, s *cfnStep) {
	if len(x.providers) == 0 {
		return
	}
	ev := ResourceEvent{Stack: st.ref(), Type: s.Event.Type, LogicalID: s.Event.LogicalID,
		PhysicalID: s.Event.PhysicalID, Status: s.Event.Status, At: s.Event.At, step: s}
	for _, p := range x.providers {
		p.Applied(ev)
	}
}

// createFailures adds the providers' failures for the resources the plan
// creates or replaces that have none yet.
func (x *Service) createFailures(st *cfnStack, p *cfnPlan) {
	ref := st.ref()
	for _, id := range p.Order {
		if p.Faults[id] != "" || !p.creates(id) {
			continue
		}
		for _, pr := range x.providers {
			why, after := pr.CreateFailure(ref, p.New[id])
			if why == "" {
				continue
			}
			if p.Faults == nil {
				p.Faults = map[string]string{}
			}
			p.Faults[id] = why
			if after > 0 {
				if p.FailAfter == nil {
					p.FailAfter = map[string]time.Duration{}
				}
				p.FailAfter[id] = after
			}
			break
		}
	}
}

// creates reports whether the plan creates resource id (anew, or as a
// replacement).
func (p *cfnPlan) creates(id string) bool {
	if p.Kind != "UPDATE" {
		return true
	}
	k := p.updateKind(id)
	return k == "add" || k == "replace"
}

// deleteFailure is the first provider's reason deleting r fails, or "".
func (x *Service) deleteFailure(st *cfnStack, r *Resource) string {
	for _, p := range x.providers {
		if why := p.DeleteFailure(st.ref(), r); why != "" {
			return why
		}
	}
	return ""
}

// attribute is Fn::GetAtt attr of a planned resource: from the provider
// that knows it, else from the template engine.
func (x *Service) attribute(env cfntemplate.Env, r *Resource, attr string) (any, bool) {
	planned := cfntemplate.Planned{Type: r.Type, PhysicalID: r.PhysicalID, Props: r.Props}
	if !cfntemplate.HasAttribute(r.Type, attr) {
		return nil, false
	}
	for _, p := range x.providers {
		if v, ok := p.Attribute(planned, attr); ok {
			return v, true
		}
	}
	return env.Attribute(planned, attr)
}

// EachResource calls f for each resource of each stack that is not
// deleted, stacks in the order they were made, resources by logical ID.
// The caller holds the lock and has settled the stacks.
func (x *Service) EachResource(f func(st StackRef, r *Resource)) {
	for _, st := range x.st.Stacks {
		if !st.Deleted.IsZero() {
			continue
		}
		ref := st.ref()
		for _, id := range slices.Sorted(maps.Keys(st.Resources)) {
			f(ref, st.Resources[id])
		}
	}
}
