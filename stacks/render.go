package stacks

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Render writes the desired state into dir for review (`flightplan render
// --out DIR`): one folder per node address (DIR/app, DIR/env/test,
// DIR/deploy/test/api, …) holding the stack's template.json,
// parameters.json and tags.json, and one ssm-….json per SSM document
// (name, tags and the decoded document). Output is deterministic; values
// of the stack's Sensitive parameters are masked. Render creates or
// overwrites files and never deletes any. Nodes are written by a few
// workers at once: the time goes in file-system calls, which wait, not in
// computing; an error is that of the first node in order that failed.
func Render(d *Desired, dir string) error {
	errs := make([]error, len(d.Nodes))
	next := make(chan int)
	var wg sync.WaitGroup
	for range renderWorkers {
		wg.Go(func() {
			for i := range next {
				n := d.Nodes[i]
				if err := renderNode(n, filepath.Join(dir, filepath.FromSlash(n.Addr.String()))); err != nil {
					errs[i] = fmt.Errorf("render %s: %w", n.Addr, err)
				}
			}
		})
	}
	for i := range d.Nodes {
		next <- i
	}
	close(next)
	wg.Wait()
	return firstError(errs)
}

// renderWorkers is how many nodes Render writes at once.
const renderWorkers = 8

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func renderNode(n *Node, dir string) error {
	// Most folders are new and their parent exists: one call, not three.
	if err := os.Mkdir(dir, 0o755); err != nil {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	files := map[string][]byte{}
	if s := n.Stack; s != nil {
		files["template.json"] = s.Template
		files["parameters.json"] = canonicalJSON(parameterList(s))
		files["tags.json"] = canonicalJSON(keyValueList(s.Tags, "Key", "Value"))
	}
	if im := n.Image; im != nil {
		files["image.json"] = canonicalJSON(imageDocument(im))
	}
	for _, p := range n.Parameters {
		var doc any
		if err := json.Unmarshal([]byte(p.Value), &doc); err != nil {
			return fmt.Errorf("SSM document %s: %w", p.Name, err)
		}
		files[ssmFileName(p.Name)] = canonicalJSON(obj{"Name": p.Name, "Tags": p.Tags, "Value": doc})
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := writeFile(filepath.Join(dir, name), files[name]); err != nil {
			return err
		}
	}
	return nil
}

// ssmFileName flattens an SSM path into a file name:
// /copilot/applications/a/environments/test → ssm-copilot-applications-a-environments-test.json.
func ssmFileName(name string) string {
	return "ssm-" + strings.ReplaceAll(strings.Trim(name, "/"), "/", "-") + ".json"
}

// parameterList is the stack's parameters in the CLI's shape, sensitive
// values masked, and the Inputs with the output they are read from at
// apply ("(from zone/test output NameServers)").
func parameterList(s *Stack) list {
	vals := map[string]string{}
	for k, v := range s.Parameters {
		if slices.Contains(s.Sensitive, k) {
			v = "(sensitive)"
		}
		vals[k] = v
	}
	for _, in := range s.Inputs {
		vals[in.Parameter] = "(from " + in.From.String() + " output " + in.Output + ")"
		if in.Lookup != "" {
			vals[in.Parameter] = "(looked up: " + in.Lookup + ")"
		}
	}
	l := list{}
	for _, k := range slices.Sorted(maps.Keys(vals)) {
		l = append(l, obj{"ParameterKey": k, "ParameterValue": vals[k]})
	}
	return l
}

func keyValueList(m map[string]string, key, value string) list {
	l := list{}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		l = append(l, obj{key: k, value: m[k]})
	}
	return l
}

// imageDocument is an image node's build as Render writes it: everything
// but the machine's folder.
func imageDocument(im *ImageBuild) obj {
	var repos []any
	for _, r := range im.Repositories {
		repos = append(repos, obj{"Account": r.Account, "Region": r.Region, "URI": r.URI})
	}
	return obj{"Name": im.Name, "Context": im.Context, "Dockerfile": im.Dockerfile, "Target": im.Target,
		"Args": im.Args, "CacheFrom": im.CacheFrom, "Platform": im.Platform, "Tag": im.Tag, "Repositories": repos}
}
