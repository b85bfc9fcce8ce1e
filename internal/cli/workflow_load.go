package cli

import (
	"errors"
	"strings"

	"github.com/hashicorp/hcl/v2"

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

// compile turns the configuration into desired state (see compileCheckedWith).
// The compiler's warnings are shown as the language's are, and the run
// goes on; its errors come back as a *view.DiagnosticsError.
func (e *env) compile(cfg *schema.Config, imageTag string) (*stacks.Desired, error) {
	return e.compileWith(cfg, imageTag, nil)
}

// compileWith compiles with the imported load balancers plan read (nil:
// placeholders).
func (e *env) compileWith(cfg *schema.Config, imageTag string, albs map[string]stacks.ImportedALB) (*stacks.Desired, error) {
	d, diags := e.compileCheckedWith(cfg, imageTag, albs)
	if diags.HasErrors() {
		return nil, &view.DiagnosticsError{Files: cfg.Files, Diagnostics: diags}
	}
	if len(diags) > 0 {
		_ = view.WriteDiagnostics(e.stderr, cfg.Files, diags, e.color(e.stderr), 0)
	}
	return d, nil
}

// checkCompile compiles cfg only to check it (validate): it returns the
// compiler's diagnostics, those plan would show — its warnings, or its
// errors (limits AWS would refuse included) — without writing the
// templates it only needs to size (stacks.Options.SizesOnly).
func (e *env) checkCompile(cfg *schema.Config) hcl.Diagnostics {
	_, diags := e.compileStacks(cfg, "", nil, true)
	return diags
}

// compileCheckedWith compiles cfg, its images tagged with --image-tag
// (imageTag), FLIGHTPLAN_IMAGE_TAG, or what the workspace says, with the
// imported load balancers plan read (nil: placeholders), and returns the
// compiler's diagnostics: its warnings with the desired state, or its
// errors (limits AWS would refuse included) without.
func (e *env) compileCheckedWith(cfg *schema.Config, imageTag string, albs map[string]stacks.ImportedALB) (*stacks.Desired, hcl.Diagnostics) {
	return e.compileStacks(cfg, imageTag, albs, false)
}

func (e *env) compileStacks(cfg *schema.Config, imageTag string, albs map[string]stacks.ImportedALB, sizesOnly bool) (*stacks.Desired, hcl.Diagnostics) {
	d, err := stacks.Compile(cfg, stacks.Options{
		SizesOnly:    sizesOnly,
		ImportedALBs: albs,
		ImageTag:     e.compileTag(cfg, imageTag, sizesOnly),
		ToolURL:      e.toolURL(),
		ConfigPath:   e.repoPath(cfg),
		// Set by a pipeline's deploy action (see stacks.EnvManagerRoleVariable).
		ViaEnvManagerRole: e.getenv(stacks.EnvManagerRoleVariable) == "true",
		SiteFiles:         siteFiles,
	})
	var compileErr *stacks.CompileError
	switch {
	case errors.As(err, &compileErr):
		return nil, compileErr.Diagnostics
	case err != nil:
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: err.Error()}}
	}
	return d, d.Warnings
}

// repoPath is the file's path in its git repository, which only
// pipelines need: without pipelines no git is run for it.
func (e *env) repoPath(cfg *schema.Config) string {
	if len(cfg.Pipelines) == 0 {
		return ""
	}
	return workspace.RepoPath(e.g.File)
}

// compileTag is the tag compiled into templates: when only checking
// (sizesOnly) and no tag is given, workspace.CheckTag, which costs nothing
// to compute; else imageTag's.
func (e *env) compileTag(cfg *schema.Config, flag string, sizesOnly bool) string {
	if sizesOnly && flag == "" && e.getenv("FLIGHTPLAN_IMAGE_TAG") == "" {
		return workspace.CheckTag
	}
	return e.imageTag(cfg, flag)
}

// imageTag is the tag of built images: flag (--image-tag) when set, else
// FLIGHTPLAN_IMAGE_TAG, else what the workspace says.
func (e *env) imageTag(cfg *schema.Config, flag string) string {
	return workspace.ImageTag(cfg, flag, e.getenv("FLIGHTPLAN_IMAGE_TAG"))
}

// toolURL is where pipelines download flightplan: FLIGHTPLAN_TOOL_URL, or
// the release's own download (see toolURL), or "" for none known.
func (e *env) toolURL() string {
	if u := e.getenv("FLIGHTPLAN_TOOL_URL"); u != "" {
		return u
	}
	return strings.ReplaceAll(toolURL, "{version}", version)
}

// siteFiles lists a static site's files for the compiler.
func siteFiles(dir string, uploads []schema.FileUpload) ([]stacks.SiteFile, error) {
	files, err := workspace.SiteFiles(dir, uploads)
	if err != nil {
		return nil, err
	}
	out := make([]stacks.SiteFile, len(files))
	for i, f := range files {
		out[i] = stacks.SiteFile{Key: f.Key, Path: f.Path, ETag: f.ETag, ContentType: f.ContentType, Size: f.Size}
	}
	return out, nil
}
