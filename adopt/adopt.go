package adopt

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
)

// Result is the file written for an application, and what it could not
// express.
type Result struct {
	// Source is the file's text, not yet formatted (lang.Format aligns it;
	// this package does not import lang, which the CLI's readers of AWS
	// would then import too).
	Source      []byte
	Unsupported []Unsupported
	// Files are written beside the file: path relative to it → text (the
	// workloads' addon templates, addons/{workload}/{file}).
	Files map[string][]byte
}

// Translate writes the flightplan file of app.
func Translate(app Application) (*Result, error) {
	if len(app.Envs) == 0 {
		return nil, fmt.Errorf("application %s has no environment: there is nothing to adopt yet", app.Name)
	}
	var unsupported []Unsupported
	files := map[string][]byte{}
	var sb strings.Builder
	fmt.Fprintf(&sb, "# The Copilot application %q, as flightplan adopt found it.\n\n", app.Name)
	appBlock(app).write(&sb, "")
	for _, e := range app.Envs {
		b, u, err := envBlock(app, e)
		if err != nil {
			return nil, err
		}
		u = appendNew(u, nestedAddonBlocks(b, "environments", "environment "+e.Name, app.EnvAddons, app.EnvAddonParameters, files))
		unsupported = append(unsupported, u...)
		sb.WriteString("\n")
		b.write(&sb, "")
	}
	images := map[string]*block{}
	var workloads []*block
	for _, w := range app.Workloads {
		b, u, err := workloadBlock(app, w, images)
		if err != nil {
			return nil, err
		}
		u = append(u, addonBlocks(b, w, files)...)
		unsupported = append(unsupported, u...)
		workloads = append(workloads, b)
	}
	for _, name := range sortedBlockNames(images) {
		sb.WriteString("\n")
		images[name].write(&sb, "")
	}
	for _, b := range workloads {
		sb.WriteString("\n")
		b.write(&sb, "")
	}
	for _, p := range app.Pipelines {
		b, u, err := pipelineBlock(p)
		if err != nil {
			return nil, err
		}
		unsupported = append(unsupported, u...)
		sb.WriteString("\n")
		b.write(&sb, "")
	}
	writeUnsupported(&sb, unsupported)
	return &Result{Source: []byte(sb.String()), Unsupported: unsupported, Files: files}, nil
}

func appBlock(app Application) *block {
	b := newBlock("app", app.Name)
	b.attr("account", app.Account)
	b.attr("region", app.Region)
	if app.Domain != "" {
		d := b.child("domain")
		d.attr("name", app.Domain)
		// Copilot keeps each environment's zone in the environment's stack.
		d.attr("copilot_zones", true)
	}
	return b
}

// workloadBlock translates a workload in every environment it runs in
// and folds the results.
func workloadBlock(app Application, w Workload, images map[string]*block) (*block, []Unsupported, error) {
	base, err := parseManifest(w.Manifest)
	if err != nil {
		return nil, nil, fmt.Errorf("the manifest of %s: %w", w.Name, err)
	}
	if _, ok := serviceTypes[w.Type]; !ok && w.Type != "Scheduled Job" {
		return nil, nil, fmt.Errorf("%s is a %q, which flightplan adopt does not know", w.Name, w.Type)
	}
	envs := w.Deployed
	if len(envs) == 0 {
		for _, e := range app.Envs {
			envs = append(envs, e.Name)
		}
	}
	overrides, _ := base["environments"].(map[string]any)
	byEnv := map[string]*block{}
	var unsupported []Unsupported
	for _, env := range envs {
		m := base
		if o, ok := overrides[env].(map[string]any); ok {
			m = merge(base, o)
		}
		t := &translator{w: w, env: env, images: images}
		byEnv[env] = t.workloadBlock(m)
		unsupported = appendNew(unsupported, t.unsupported)
	}
	kind := "service"
	if w.Type == "Scheduled Job" {
		kind = "job"
	}
	b := fold(byEnv, envs, kind+" "+w.Name, &unsupported)
	if len(w.Deployed) > 0 && len(w.Deployed) < len(app.Envs) {
		b.attr("environments", w.Deployed)
	}
	return b, unsupported, nil
}

// appendNew adds the entries of more that list does not have yet (the
// same field is found once per environment).
func appendNew(list, more []Unsupported) []Unsupported {
	for _, u := range more {
		if !slices.Contains(list, u) {
			list = append(list, u)
		}
	}
	return list
}

func sortedBlockNames(m map[string]*block) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

func writeUnsupported(sb *strings.Builder, list []Unsupported) {
	if len(list) == 0 {
		return
	}
	sb.WriteString("\n# What flightplan cannot express yet (each is also a comment at its place):\n")
	for _, u := range list {
		sb.WriteString("# - " + u.String() + "\n")
	}
}

// addonBlocks declares a workload's addon templates as nested addons (in
// Copilot's AddonsStack, so that a take-over updates that stack in place)
// and records the files to copy beside the file. An addons.parameters.yml
// is listed as unsupported.
func addonBlocks(b *block, w Workload, files map[string][]byte) []Unsupported {
	return nestedAddonBlocks(b, w.Name, kindOf(w)+" "+w.Name, w.Addons, w.AddonParameters, files)
}

// nestedAddonBlocks declares addon templates as nested addons, copied to
// addons/{folder}/ beside the file. where names the block in messages.
func nestedAddonBlocks(b *block, folder, where string, addons map[string][]byte, params bool, files map[string][]byte) []Unsupported {
	for _, name := range slices.Sorted(maps.Keys(addons)) {
		rel := path.Join("addons", folder, name)
		files[rel] = addons[name]
		a := b.child("addon", strings.TrimSuffix(name, path.Ext(name)))
		a.rawAttr("template", "file("+quote(rel)+")")
		a.attr("nested", true)
	}
	if !params {
		return nil
	}
	b.note("copilot addons/addons.parameters.yml: flightplan has no equivalent yet")
	return []Unsupported{{Where: where + ": addons/addons.parameters.yml",
		Reason: "the nested addons' extra parameters are not read; give their values in the addon blocks' parameters"}}
}

// kindOf is "job" for a scheduled job, "service" otherwise.
func kindOf(w Workload) string {
	if w.Type == "Scheduled Job" {
		return "job"
	}
	return "service"
}
