package adopt

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// Workspace is what a Copilot workspace (the copilot/ folder) holds: the
// manifests of environments and workloads, by name.
type Workspace struct {
	App          string
	Environments map[string][]byte
	Workloads    map[string][]byte
	Types        map[string]string // workload name → Copilot's type
}

// ReadWorkspace reads dir/copilot: .workspace, environments/*/manifest.yml
// and */manifest.yml.
func ReadWorkspace(dir string) (*Workspace, error) {
	root := filepath.Join(dir, "copilot")
	ws := &Workspace{Environments: map[string][]byte{}, Workloads: map[string][]byte{}, Types: map[string]string{}}
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
	return nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
