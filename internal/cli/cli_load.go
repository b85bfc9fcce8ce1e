package cli

import (
	"os"

	"github.com/hashicorp/hcl/v2"

	"flightplan/lang"
	"flightplan/schema"
	"flightplan/view"
)

// load reads the configuration, writes its diagnostics (warnings too) to
// stderr, and returns nil when it has errors.
func (e *env) load() *schema.Config {
	cfg, files, diags := lang.LoadFiles(lang.Options{File: e.g.File, Vars: e.g.Vars, VarFiles: e.g.VarFiles, Environ: e.environ})
	e.writeDiags(files, diags)
	if diags.HasErrors() {
		return nil
	}
	return cfg
}

func (e *env) writeDiags(files map[string][]byte, diags hcl.Diagnostics) {
	if len(diags) == 0 {
		return
	}
	_ = view.WriteDiagnostics(e.stderr, files, diags, e.color(e.stderr), 0)
}

// color reports whether output to w may be coloured: only on a terminal, and
// never with --no-color or NO_COLOR set.
func (e *env) color(w any) bool {
	if e.g.NoColor || e.getenv("NO_COLOR") != "" {
		return false
	}
	return isTerminal(w)
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
