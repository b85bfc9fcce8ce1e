package cfn

import (
	"slices"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// export returns the output that exports name in an account and region,
// and its stack; nil when none does. Exports exist once the exporting
// stack's operation has committed them.
func (x *Service) export(account, region, name string) (*cfnOutput, *cfnStack) {
	for _, st := range x.liveStacks(account, region) {
		for i := range st.Cfg.Outputs {
			if o := &st.Cfg.Outputs[i]; o.ExportName == name {
				return o, st
			}
		}
	}
	return nil, nil
}

// importers returns the names of the other live stacks that import name.
func (x *Service) importers(st *cfnStack, name string) []string {
	var out []string
	for _, o := range x.liveStacks(st.Account, st.Region) {
		if o != st && (slices.Contains(o.Cfg.Imports, name) || (o.Op != nil && o.Op.Plan != nil && slices.Contains(o.Op.Plan.Cfg.Imports, name))) {
			out = append(out, o.Name)
		}
	}
	return out
}

// exportProblems returns why committing cfg would fail on export rules:
// a name another stack exports, or an export in use that would be removed
// or changed. Empty when there is none.
func (x *Service) exportProblems(st *cfnStack, cfg *cfnConfig) string {
	for _, o := range cfg.Outputs {
		if o.ExportName == "" {
			continue
		}
		if _, other := x.export(st.Account, st.Region, o.ExportName); other != nil && other != st {
			return "Export with name " + o.ExportName + " is already exported by stack " + other.Name
		}
	}
	return x.exportsInUse(st, cfg)
}

// exportsInUse returns the reason the stack's current exports cannot go
// (cfg nil: the stack is being deleted) or change to cfg.
func (x *Service) exportsInUse(st *cfnStack, cfg *cfnConfig) string {
	for _, o := range st.Cfg.Outputs {
		if o.ExportName == "" {
			continue
		}
		users := x.importers(st, o.ExportName)
		if len(users) == 0 {
			continue
		}
		next := exportValue(cfg, o.ExportName)
		switch {
		case next == nil:
			return "Export " + o.ExportName + " cannot be deleted as it is in use by " + strings.Join(users, ", ")
		case next.Value != o.Value:
			return "Cannot update export " + o.ExportName + " as it is in use by " + strings.Join(users, ", ")
		}
	}
	return ""
}

func exportValue(cfg *cfnConfig, name string) *cfnOutput {
	if cfg == nil {
		return nil
	}
	for i := range cfg.Outputs {
		if cfg.Outputs[i].ExportName == name {
			return &cfg.Outputs[i]
		}
	}
	return nil
}

type cfnExportXML struct {
	ExportingStackId, Name, Value string
}

type listExportsResult struct {
	Exports   []cfnExportXML `xml:"Exports>member"`
	NextToken string         `xml:",omitempty"`
}

const exportsPage = 100

func (x *Service) listExports(r *simcore.Request) (any, error) {
	var all []cfnExportXML
	for _, st := range x.liveStacks(r.Account, r.Region) {
		for _, o := range st.Cfg.Outputs {
			if o.ExportName != "" {
				all = append(all, cfnExportXML{ExportingStackId: st.ID, Name: o.ExportName, Value: o.Value})
			}
		}
	}
	off, err := pageOffset(r.Form.Get("NextToken"))
	if err != nil {
		return nil, err
	}
	lo, hi, next := simcore.Page(len(all), off, exportsPage)
	return listExportsResult{Exports: all[lo:hi], NextToken: next}, nil
}

type listImportsResult struct {
	Imports   []string `xml:"Imports>member"`
	NextToken string   `xml:",omitempty"`
}

func (x *Service) listImports(r *simcore.Request) (any, error) {
	name := r.Form.Get("ExportName")
	_, st := x.export(r.Account, r.Region, name)
	if st == nil {
		return nil, simcore.Errorf("ValidationError", "Export '%s' is not imported by any stack.", name)
	}
	users := x.importers(st, name)
	if len(users) == 0 {
		return nil, simcore.Errorf("ValidationError", "Export '%s' is not imported by any stack.", name)
	}
	return listImportsResult{Imports: users}, nil
}
