package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"flightplan/lang"
	"flightplan/schema"
	"flightplan/stacks"
	"flightplan/view"
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

// compile turns the configuration into desired state. With warn it shows
// the parts the compiler does not build yet (a plan reports them as notes
// instead).
func (e *env) compile(cfg *schema.Config, imageTag string, warn bool) (*stacks.Desired, error) {
	d, err := stacks.Compile(cfg, stacks.Options{
		ImageTag:   e.imageTag(cfg, imageTag),
		ToolURL:    e.getenv("FLIGHTPLAN_TOOL_URL"),
		ConfigPath: repoPath(e.g.File),
	})
	if err != nil {
		return nil, err
	}
	if warn {
		_ = view.WriteWarnings(e.stderr, d.Unsupported)
	}
	return d, nil
}

// imageTag is the tag of the images flightplan builds: --image-tag, then
// FLIGHTPLAN_IMAGE_TAG, then the short commit of the configuration's git
// repository when its work tree is clean, else a hash of the build contexts'
// content — so that an unchanged source never changes the plan.
func (e *env) imageTag(cfg *schema.Config, flag string) string {
	if flag != "" {
		return flag
	}
	if t := e.getenv("FLIGHTPLAN_IMAGE_TAG"); t != "" {
		return t
	}
	if t := gitTag(cfg.Dir); t != "" {
		return t
	}
	return contentTag(cfg)
}

// repoPath is the configuration file's path inside its git repository
// (where a pipeline finds it), or "" outside one.
func repoPath(file string) string {
	prefix, err := exec.Command("git", "-C", filepath.Dir(file), "rev-parse", "--show-prefix").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(prefix)) + filepath.Base(file)
}

func gitTag(dir string) string {
	status, err := exec.Command("git", "-C", dir, "status", "--porcelain", "--untracked-files=no").Output()
	if err != nil || len(strings.TrimSpace(string(status))) > 0 {
		return ""
	}
	sha, err := exec.Command("git", "-C", dir, "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(sha))
}

// contentTag hashes the names and contents of every file in every build
// context (sorted, so the walk order does not matter).
func contentTag(cfg *schema.Config) string {
	h := sha256.New()
	for _, img := range cfg.Images {
		if img.Build == nil {
			continue
		}
		root := filepath.Join(cfg.Dir, img.Build.Context)
		var files []string
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				files = append(files, p)
			}
			return nil
		})
		sort.Strings(files)
		for _, f := range files {
			b, _ := os.ReadFile(f)
			fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(f), len(b))
			h.Write(b)
		}
	}
	return "sha-" + hex.EncodeToString(h.Sum(nil))[:12]
}
