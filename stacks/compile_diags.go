package stacks

import (
	"errors"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"flightplan/addr"
)

// CompileError is the error Compile returns: every problem it found, as
// diagnostics located at the block that causes each where it is known.
// Error joins their summaries (and details) one a line.
type CompileError struct {
	Diagnostics hcl.Diagnostics
}

func (e *CompileError) Error() string {
	lines := make([]string, 0, len(e.Diagnostics))
	for _, d := range e.Diagnostics {
		line := d.Summary
		if d.Subject != nil {
			line = d.Subject.String() + ": " + line
		}
		if d.Detail != "" {
			line += ": " + d.Detail
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// errorDiagnostics turns the compiler's plain errors (errors.Join trees
// included) into error diagnostics without a range, the message as the
// summary.
func errorDiagnostics(err error) hcl.Diagnostics {
	if err == nil {
		return nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var diags hcl.Diagnostics
		for _, e := range joined.Unwrap() {
			diags = append(diags, errorDiagnostics(e)...)
		}
		return diags
	}
	var ce *CompileError
	if errors.As(err, &ce) {
		return ce.Diagnostics
	}
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: err.Error()}}
}

// warnings are what the compiler noted (c.unsupported: "address: reason"
// lines) as warning diagnostics, each located at the block its address
// names.
// warningSummaries gives a warning whose text is known a short summary, the
// text becoming its detail.
var warningSummaries = map[string]string{toolCautionDetail: toolCautionSummary}

func (c *compiler) warnings() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, u := range c.unsupported {
		d := &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: u}
		if prefix, detail, ok := strings.Cut(u, ": "); ok {
			if a, err := addr.Parse(prefix); err == nil {
				d.Subject = c.subject(a)
				if summary := warningSummaries[detail]; summary != "" {
					d.Summary, d.Detail = summary, prefix+": "+detail+"."
				}
			}
		}
		diags = append(diags, d)
	}
	return diags
}

// subject is the range of the block that declares the node at a, or nil.
func (c *compiler) subject(a addr.Address) *hcl.Range {
	var r hcl.Range
	switch a.Kind {
	case addr.KindApp, addr.KindAppDNS, addr.KindRegion:
		r = c.cfg.App.DeclRange
	case addr.KindEnv, addr.KindZone, addr.KindDNS, addr.KindCert:
		if env := c.cfg.Environment(a.Env); env != nil {
			r = env.DeclRange
		}
	case addr.KindWorkload, addr.KindDeploy, addr.KindAlias:
		if w := c.cfg.Workload(a.Name); w != nil {
			r = w.DeclRange
		}
	case addr.KindImage:
		if img := c.cfg.Image(a.Name); img != nil {
			r = img.DeclRange
		}
	case addr.KindPipeline:
		for _, p := range c.cfg.Pipelines {
			if p.Name == a.Name {
				r = p.DeclRange
			}
		}
	}
	return declRange(r)
}
