package cfn

import (
	"cmp"
	"encoding/json"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"flightplan/awssim/internal/cfntemplate"
	"flightplan/awssim/internal/simcore"
)

// Resource import: a change set of type IMPORT brings resources that exist
// outside any stack (left behind by DeletionPolicy: Retain or
// RetainResources) into a stack, keeping their physical IDs.

// cfnImport is one entry of ResourcesToImport.
type cfnImport struct {
	Type       string            `json:"type"`
	LogicalID  string            `json:"logicalId"`
	Identifier map[string]string `json:"identifier"`
}

// cfnRetained is a resource a stack let go of: it still exists, and no
// stack manages it.
type cfnRetained struct {
	Account    string         `json:"account"`
	Region     string         `json:"region"`
	Type       string         `json:"type"`
	PhysicalID string         `json:"physicalId"`
	Props      map[string]any `json:"props,omitempty"`
	Attrs      map[string]any `json:"attrs,omitempty"`
}

// formImports reads ResourcesToImport.member.N.
func formImports(f url.Values) []cfnImport {
	var out []cfnImport
	for i := 1; ; i++ {
		p := "ResourcesToImport.member." + strconv.Itoa(i) + "."
		id := f.Get(p + "LogicalResourceId")
		if id == "" {
			return out
		}
		imp := cfnImport{Type: f.Get(p + "ResourceType"), LogicalID: id, Identifier: map[string]string{}}
		for j := 1; ; j++ {
			e := p + "ResourceIdentifier.entry." + strconv.Itoa(j) + "."
			k := f.Get(e + "key")
			if k == "" {
				break
			}
			imp.Identifier[k] = f.Get(e + "value")
		}
		out = append(out, imp)
	}
}

// retain records, when a step leaves a resource behind, that it exists
// outside any stack; an import takes it back.
func (x *Service) retain(st *cfnStack, s *cfnStep) {
	ev := s.Event
	switch {
	case ev.Status == "DELETE_SKIPPED" && ev.PhysicalID != "" && ev.Type != stackType:
		var props map[string]any
		_ = json.Unmarshal([]byte(ev.Props), &props)
		var attrs map[string]any
		if r := st.Resources[ev.LogicalID]; r != nil {
			attrs = r.Attrs
		}
		x.st.Retained = append(x.st.Retained, &cfnRetained{Account: st.Account, Region: st.Region, Type: ev.Type,
			PhysicalID: ev.PhysicalID, Props: props, Attrs: attrs})
	case ev.Status == "IMPORT_COMPLETE" && ev.Type != stackType:
		x.st.Retained = slices.DeleteFunc(x.st.Retained, func(r *cfnRetained) bool {
			return r.Account == st.Account && r.Region == st.Region && r.Type == ev.Type && r.PhysicalID == ev.PhysicalID
		})
	case ev.Status == "IMPORT_ROLLBACK_COMPLETE" && ev.Type != stackType:
		var props map[string]any
		_ = json.Unmarshal([]byte(ev.Props), &props)
		if !slices.ContainsFunc(x.st.Retained, func(r *cfnRetained) bool {
			return r.Type == ev.Type && r.PhysicalID == ev.PhysicalID && r.Account == st.Account
		}) {
			x.st.Retained = append(x.st.Retained, &cfnRetained{Account: st.Account, Region: st.Region, Type: ev.Type, PhysicalID: ev.PhysicalID, Props: props})
		}
	}
}

// checkImports checks what a change set imports against the template:
// each must be in it, with its type and a DeletionPolicy.
func checkImports(t *cfntemplate.Template, imports []cfnImport) error {
	var noPolicy []string
	for _, imp := range imports {
		d := t.Resources[imp.LogicalID]
		switch {
		case d == nil:
			return simcore.Errorf("ValidationError", "Resource to import %s is not in the template", imp.LogicalID)
		case d.Type != imp.Type:
			return simcore.Errorf("ValidationError", "Resource to import %s has type %s in the template, not %s", imp.LogicalID, d.Type, imp.Type)
		case d.DeletionPolicy == "":
			noPolicy = append(noPolicy, imp.LogicalID)
		}
	}
	if len(noPolicy) > 0 {
		return simcore.Errorf("ValidationError", "The following resources to import %s must have DeletionPolicy attribute specified in the template.", cfntemplate.Bracketed(noPolicy))
	}
	return nil
}

// importTargets finds the resources a change set imports: each must
// exist and be managed by no stack. The error, for the first that cannot
// be found, fails the change set; the map has the others.
func (x *Service) importTargets(st *cfnStack, imports []cfnImport) (map[string]*cfnRetained, error) {
	out := map[string]*cfnRetained{}
	var first error
	for _, imp := range imports {
		r, err := x.importable(st, imp)
		if err != nil {
			first = cmp.Or(first, error(&cfnEvalError{err}))
			continue
		}
		out[imp.LogicalID] = r
	}
	return out, first
}

func (x *Service) importable(st *cfnStack, imp cfnImport) (*cfnRetained, error) {
	ids := slices.Collect(maps.Values(imp.Identifier))
	for _, other := range x.st.Stacks {
		if other.Account != st.Account || other.Region != st.Region || !other.Deleted.IsZero() {
			continue
		}
		for _, r := range other.liveResources() {
			if r.Type == imp.Type && slices.Contains(ids, r.PhysicalID) {
				return nil, simcore.Errorf("ValidationError", "Resource %s of type %s is already managed by stack %s", r.PhysicalID, r.Type, other.Name)
			}
		}
	}
	for _, r := range x.st.Retained {
		if r.Account == st.Account && r.Region == st.Region && r.Type == imp.Type && slices.Contains(ids, r.PhysicalID) {
			return r, nil
		}
	}
	return nil, simcore.Errorf("ValidationError", "Resource of type %s with identifier %s does not exist (the simulator knows the resources stacks retained)", imp.Type, identifierString(imp.Identifier))
}

func identifierString(id map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(id)) {
		parts = append(parts, k+"="+id[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// checkImportOnly refuses an import that changes anything but adding the
// imported resources, as CloudFormation does.
func checkImportOnly(p *cfnPlan, imports []cfnImport) error {
	var changed []string
	for _, id := range p.Order {
		if !slices.ContainsFunc(imports, func(i cfnImport) bool { return i.LogicalID == id }) && p.updateKind(id) != "" {
			changed = append(changed, id)
		}
	}
	for id := range p.Old {
		if p.New[id] == nil {
			changed = append(changed, id)
		}
	}
	if !reflect.DeepEqual(p.OldCfg.Outputs, p.Cfg.Outputs) && len(p.OldCfg.Outputs)+len(p.Cfg.Outputs) > 0 {
		changed = append(changed, "Outputs")
	}
	if len(changed) > 0 {
		slices.Sort(changed)
		return simcore.Errorf("ValidationError", "As part of the import operation, you cannot modify or add %s", cfntemplate.Bracketed(changed))
	}
	return nil
}

// importOp schedules an import: each imported resource goes
// IMPORT_IN_PROGRESS then IMPORT_COMPLETE, and the stack IMPORT_COMPLETE.
// A resource that fails (a fault on operation "import") goes
// IMPORT_FAILED, and the stack rolls the others back: they are let go
// again, and the stack ends IMPORT_ROLLBACK_COMPLETE as it was.
func (b *cfnBuilder) importOp() *cfnConfig {
	p := b.plan
	b.stack(b.t0, "IMPORT_IN_PROGRESS", "User Initiated")
	at := b.t0.Add(sec)
	var done, failed []string
	for _, id := range p.Order {
		if p.Old[id] != nil {
			continue
		}
		r := p.New[id]
		b.res(at, r, r.PhysicalID, "IMPORT_IN_PROGRESS", "", true)
		if why := p.Faults[id]; why != "" {
			b.res(at.Add(sec), r, r.PhysicalID, "IMPORT_FAILED", why, true)
			failed = append(failed, id)
			continue
		}
		b.res(at.Add(2*sec), r, r.PhysicalID, "IMPORT_COMPLETE", "", true)
		done = append(done, id)
	}
	if len(failed) == 0 {
		b.stack(at.Add(3*sec), "IMPORT_COMPLETE", "")
		return &p.Cfg
	}
	b.stack(at.Add(3*sec), "IMPORT_ROLLBACK_IN_PROGRESS", "The following resource(s) failed to import: "+cfntemplate.Bracketed(failed)+". ")
	for _, id := range append(done, failed...) {
		r := p.New[id]
		b.res(at.Add(4*sec), r, r.PhysicalID, "IMPORT_ROLLBACK_IN_PROGRESS", "", true)
		b.drop(at.Add(5*sec), r, r.PhysicalID, "IMPORT_ROLLBACK_COMPLETE")
	}
	b.stack(at.Add(6*sec), "IMPORT_ROLLBACK_COMPLETE", "")
	return &p.OldCfg
}

// importFaults are the injected failures of the resources an import
// brings in (operation "import").
func (x *Service) importFaults(st *cfnStack, p *cfnPlan, imports []cfnImport) map[string]string {
	out := map[string]string{}
	for _, imp := range imports {
		if r := p.New[imp.LogicalID]; r != nil {
			if why := x.faultFor(st, r, "import"); why != "" {
				out[imp.LogicalID] = why
			}
		}
	}
	return out
}

// importChanges shows the resources a change set adds as imports.
func importChanges(changes []cfnChange, recs map[string]*Resource) {
	for i := range changes {
		if c := &changes[i]; c.Action == "Add" {
			c.Action, c.PhysicalID = "Import", recs[c.LogicalID].PhysicalID
		}
	}
}
