package adopt

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Workspace is what a Copilot workspace (the copilot/ folder) holds: the
// manifests of environments and workloads, by name.
type Workspace struct {
	App          string
	Environments map[string][]byte
	Workloads    map[string][]byte
	Types        map[string]string // workload name → Copilot's type
	// Addons are the templates of copilot/{workload}/addons/: workload →
	// file name → text; those of copilot/environments/addons/ are under
	// EnvAddons.
	Addons map[string]map[string][]byte
	// AddonParameters names the workloads with an addons.parameters.yml.
	AddonParameters map[string]bool
	// Pipelines are copilot/pipelines/*/manifest.yml, by name.
	Pipelines []Pipeline
}

// EnvAddons is the key of Workspace.Addons for the environments' addons
// (no workload has that name: Copilot keeps environments there).
const EnvAddons = "environments"

// ReadWorkspace reads dir/copilot: .workspace, environments/*/manifest.yml
// and */manifest.yml.
func ReadWorkspace(dir string) (*Workspace, error) {
	root := filepath.Join(dir, "copilot")
	ws := &Workspace{Environments: map[string][]byte{}, Workloads: map[string][]byte{}, Types: map[string]string{}, Addons: map[string]map[string][]byte{}, AddonParameters: map[string]bool{}}
	src, err := os.ReadFile(filepath.Join(root, ".workspace"))
	if err != nil {
		return nil, fmt.Errorf("%s is not a Copilot workspace (no copilot/.workspace): %w", dir, unwrapPath(err))
	}
	var meta struct {
		App string `yaml:"application"`
	}
	if err := yaml.Unmarshal(src, &meta); err != nil {
		return nil, fmt.Errorf("reading %s: %w", filepath.Join(root, ".workspace"), err)
	}
	ws.App = meta.App
	envs, _ := filepath.Glob(filepath.Join(root, "environments", "*", "manifest.yml"))
	for _, p := range envs {
		if ws.Environments[filepath.Base(filepath.Dir(p))], err = os.ReadFile(p); err != nil {
			return nil, err
		}
	}
	if err := ws.addAddons(EnvAddons, filepath.Join(root, "environments", "addons")); err != nil {
		return nil, err
	}
	pipes, _ := filepath.Glob(filepath.Join(root, "pipelines", "*", "manifest.yml"))
	for _, p := range pipes {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		ws.Pipelines = append(ws.Pipelines, Pipeline{Name: filepath.Base(filepath.Dir(p)), Manifest: src})
	}
	loads, _ := filepath.Glob(filepath.Join(root, "*", "manifest.yml"))
	for _, p := range loads {
		name := filepath.Base(filepath.Dir(p))
		if name == "environments" || name == "pipelines" {
			continue
		}
		if err := ws.addWorkload(name, p); err != nil {
			return nil, err
		}
	}
	return ws, nil
}

func (ws *Workspace) addWorkload(name, path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var head struct {
		Type string `yaml:"type"`
	}
	if err := yaml.Unmarshal(src, &head); err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	ws.Workloads[name] = src
	ws.Types[name] = head.Type
	return ws.addAddons(name, filepath.Join(filepath.Dir(path), "addons"))
}

// addAddons reads a workload's addon templates (YAML or JSON), and notes
// an addons.parameters.yml, which is not a template.
func (ws *Workspace) addAddons(name, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil // no addons
	}
	for _, de := range entries {
		ext := filepath.Ext(de.Name())
		if de.IsDir() || (ext != ".yml" && ext != ".yaml" && ext != ".json") {
			continue
		}
		if strings.HasPrefix(de.Name(), "addons.parameters.") {
			ws.AddonParameters[name] = true
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, de.Name()))
		if err != nil {
			return err
		}
		if ws.Addons[name] == nil {
			ws.Addons[name] = map[string][]byte{}
		}
		ws.Addons[name][de.Name()] = src
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
