package cli

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/pflag"

	"flightplan/adopt"
	"flightplan/cloud"
	"flightplan/lang"
	"flightplan/live"
	"flightplan/view"
)

type adoptArgs struct {
	App, Account, Region, Profile string
	Workspace, Out                string
	Force                         bool
}

func adoptCommand() *command {
	return &command{
		name:    "adopt",
		summary: "Write the flightplan file of a running Copilot application.",
		usage:   "flightplan adopt --app NAME --account ID --region REGION [--workspace DIR] [--out FILE]",
		example: "  flightplan adopt --app shop --account 111111111111 --region us-east-1 --workspace . --out flightplan.hcl",
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &adoptArgs{}
			fs.StringVar(&a.App, "app", "", "the Copilot application's name (required)")
			fs.StringVar(&a.Account, "account", "", "the application's home account, where its SSM documents are (required)")
			fs.StringVar(&a.Region, "region", "", "the application's home region (required)")
			fs.StringVar(&a.Profile, "profile", "", "AWS CLI profile to read with")
			fs.StringVar(&a.Workspace, "workspace", "", "the folder that holds the copilot/ workspace; default: the manifests embedded in the deployed stacks")
			fs.StringVar(&a.Out, "out", "flightplan.hcl", "the file to write")
			fs.BoolVar(&a.Force, "force", false, "overwrite --out, and the addon copies beside it, if they exist")
			return func(e *env, args []string) (int, error) { return runAdopt(e, a, args) }
		},
	}
}

// runAdopt reads the application (read only: it writes nothing to AWS),
// writes the file, and checks it as validate would: exit 0 only when the
// file loads.
func runAdopt(e *env, a *adoptArgs, args []string) (int, error) {
	e.intr.markReadOnly()
	if err := a.check(args); err != nil {
		return exitError, err
	}
	var ws *adopt.Workspace
	if a.Workspace != "" {
		var err error
		if ws, err = adopt.ReadWorkspace(a.Workspace); err != nil {
			return exitError, err
		}
	}
	p, stop, err := e.provider()
	if err != nil {
		return exitError, err
	}
	defer stop()
	app, err := live.ReadCopilot(e.ctx, p, a.App, cloud.Target{Account: a.Account, Region: a.Region, Profile: a.Profile}, ws)
	if err != nil {
		return exitError, err
	}
	res, err := adopt.Translate(*app)
	if err != nil {
		return exitError, err
	}
	src, diags := lang.Format(res.Source, a.Out)
	if diags.HasErrors() {
		return exitError, fmt.Errorf("formatting the adopted file: %s", diags.Error())
	}
	if err := checkBeside(a.Out, res.Files, a.Force); err != nil {
		return exitError, err
	}
	if err := os.WriteFile(a.Out, src, 0o644); err != nil {
		return exitError, fmt.Errorf("writing %s: %w", a.Out, pathErr(err))
	}
	if err := writeBeside(a.Out, res.Files); err != nil {
		return exitError, err
	}
	unsupported := make([]string, len(res.Unsupported))
	for i, u := range res.Unsupported {
		unsupported[i] = u.String()
	}
	_ = view.WriteAdopted(e.stdout, a.Out, app.Name, len(app.Envs), len(app.Workloads), unsupported)
	if _, files, diags := lang.LoadFiles(lang.Options{File: a.Out, Environ: e.environ}); diags.HasErrors() {
		return exitError, &view.DiagnosticsError{Files: files, Diagnostics: diags}
	}
	return exitOK, nil
}

func (a *adoptArgs) check(args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("adopt takes no arguments, got %q; name the application with --app", args[0])
	}
	var missing []error
	for flag, v := range map[string]string{"--app": a.App, "--account": a.Account, "--region": a.Region} {
		if v == "" {
			missing = append(missing, fmt.Errorf("adopt needs %s", flag))
		}
	}
	if err := errors.Join(missing...); err != nil {
		return fmt.Errorf("%w\nExample: flightplan adopt --app shop --account 111111111111 --region us-east-1", err)
	}
	if _, err := os.Stat(a.Out); err == nil && !a.Force {
		return fmt.Errorf("%s already exists: choose another --out, or pass --force to overwrite it", filepath.Clean(a.Out))
	}
	return nil
}

// checkBeside refuses to overwrite a companion file unless forced, as
// --out is refused.
func checkBeside(out string, files map[string][]byte, force bool) error {
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(filepath.Dir(out), filepath.FromSlash(rel))
		if _, err := os.Stat(p); err == nil && !force {
			return fmt.Errorf("%s already exists: adopt copies the addon templates there; remove it, or pass --force to overwrite it", filepath.Clean(p))
		}
	}
	return nil
}

// writeBeside writes the adopted file's companions (addon templates) in
// the folder of out.
func writeBeside(out string, files map[string][]byte) error {
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(filepath.Dir(out), filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("writing %s: %w", p, pathErr(err))
		}
		if err := os.WriteFile(p, files[rel], 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", p, pathErr(err))
		}
	}
	return nil
}
