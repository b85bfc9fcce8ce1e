package cli

import (
	"strings"

	"flightplan/lang"
	"flightplan/schema"
	"flightplan/stacks"
	"flightplan/view"
	"flightplan/workspace"
)

// load reads the configuration. Warnings are shown and the run goes on;
// errors come back as a *view.DiagnosticsError.
func (e *env) load() (*schema.Config, error) {
	cfg, files, diags := lang.LoadFiles(lang.Options{File: e.g.File, Vars: e.g.Vars, VarFiles: e.g.VarFiles, Environ: e.environ})
	if diags.HasErrors() {
		return nil, &view.DiagnosticsError{Files: files, Diagnostics: diags}
	}
	if len(diags) > 0 {
		_ = view.WriteDiagnostics(e.stderr, files, diags, e.color(e.stderr), 0)
	}
	return cfg, nil
}

// compile turns the configuration into desired state, its images tagged
// with --image-tag (imageTag), FLIGHTPLAN_IMAGE_TAG, or what the workspace
// says. With warn it shows the parts the compiler does not build yet (a plan
// reports them as notes instead).
func (e *env) compile(cfg *schema.Config, imageTag string, warn bool) (*stacks.Desired, error) {
	d, err := stacks.Compile(cfg, stacks.Options{
		ImageTag:   workspace.ImageTag(cfg, imageTag, e.getenv("FLIGHTPLAN_IMAGE_TAG")),
		ToolURL:    e.toolURL(),
		ConfigPath: workspace.RepoPath(e.g.File),
		// Set by a pipeline's deploy action (see stacks.EnvManagerRoleVariable).
		ViaEnvManagerRole: e.getenv(stacks.EnvManagerRoleVariable) == "true",
	})
	if err != nil {
		return nil, err
	}
	if warn {
		_ = view.WriteWarnings(e.stderr, d.Unsupported)
	}
	return d, nil
}

// toolURL is where pipelines download flightplan: FLIGHTPLAN_TOOL_URL, or
// the release's own download (see toolURL), or "" for none known.
func (e *env) toolURL() string {
	if u := e.getenv("FLIGHTPLAN_TOOL_URL"); u != "" {
		return u
	}
	return strings.ReplaceAll(toolURL, "{version}", version)
}
