package stacks

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"sort"
	"testing"

	"flightplan/lang"
	"flightplan/schema"
)

// invariantConfigs are the configurations the template invariants are
// checked on: the spec fixtures, a generated app and the examples.
func invariantConfigs(t *testing.T) map[string]*schema.Config {
	t.Helper()
	configs := specConfigs()
	configs["generated"] = generatedConfig(12, 3)
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "examples", "*", "flightplan.hcl"))
	for _, file := range files {
		cfg, diags := lang.Load(lang.Options{File: file})
		if diags.HasErrors() {
			t.Fatalf("%s: %s", file, diags.Error())
		}
		if !checkSupported(cfg).HasErrors() {
			configs[file] = cfg
		}
	}
	return configs
}

func compiledTemplates(t *testing.T, cfg *schema.Config) map[string][]byte {
	t.Helper()
	d, err := Compile(cfg, Options{ImageTag: "t"})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, n := range d.Nodes {
		if n.Stack != nil {
			out[n.Addr.String()] = n.Stack.Template
		}
	}
	return out
}

// Templates are built of member lists (fields) that must hold each key
// once, and of objects shared between templates that nothing may change
// once stored: every object of every template has distinct keys, and a
// configuration compiled again after all the others gives the same bytes
// (a change to a shared object by any compilation would show there).
func TestTemplateInvariants(t *testing.T) {
	configs := invariantConfigs(t)
	names := make([]string, 0, len(configs))
	for name := range configs {
		names = append(names, name)
	}
	sort.Strings(names)
	first := map[string]map[string][]byte{}
	objects := 0
	for _, name := range names {
		first[name] = compiledTemplates(t, configs[name])
		for node, tpl := range first[name] {
			n, err := checkUniqueKeys(json.NewDecoder(bytes.NewReader(tpl)))
			if err != nil {
				t.Errorf("%s: %s: %v", name, node, err)
			}
			objects += n
		}
	}
	if objects < 1000 {
		t.Errorf("only %d objects checked", objects)
	}
	for _, name := range names {
		for node, tpl := range compiledTemplates(t, configs[name]) {
			if !bytes.Equal(tpl, first[name][node]) {
				t.Errorf("%s: %s: the template compiled again differs from the first", name, node)
			}
		}
	}
}

// checkUniqueKeys reads one JSON value from dec and fails on an object
// with a key twice; it returns how many objects it read.
func checkUniqueKeys(dec *json.Decoder) (int, error) {
	tok, err := dec.Token()
	if err != nil {
		return 0, err
	}
	switch tok {
	case json.Delim('{'):
		objects, seen := 1, map[string]bool{}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return objects, err
			}
			k := key.(string)
			if seen[k] {
				return objects, &json.UnsupportedValueError{Str: "key " + k + " twice in one object"}
			}
			seen[k] = true
			n, err := checkUniqueKeys(dec)
			objects += n
			if err != nil {
				return objects, err
			}
		}
		_, err := dec.Token()
		return objects, err
	case json.Delim('['):
		objects := 0
		for dec.More() {
			n, err := checkUniqueKeys(dec)
			objects += n
			if err != nil {
				return objects, err
			}
		}
		_, err := dec.Token()
		return objects, err
	}
	return 0, nil
}
