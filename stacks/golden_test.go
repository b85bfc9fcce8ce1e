package stacks

import (
	"bytes"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/awsspec"
	"flightplan/schema"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGoldenReference renders the Go mirror of the reference example
// (testdata/examples/reference/flightplan.hcl) and compares every file
// with testdata/reference.
func TestGoldenReference(t *testing.T) {
	d, err := Compile(referenceConfig(), Options{ImageTag: "abc1234"})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, d, filepath.Join("testdata", "reference"))
}

// checkGolden renders d and compares the result with the golden folder,
// or rewrites it with -update.
func checkGolden(t *testing.T, d *Desired, golden string) {
	t.Helper()
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		if err := Render(d, golden); err != nil {
			t.Fatal(err)
		}
		return
	}
	got := t.TempDir()
	if err := Render(d, got); err != nil {
		t.Fatal(err)
	}
	want, have := readTree(t, golden), readTree(t, got)
	if diff := cmp.Diff(slices.Sorted(maps.Keys(want)), slices.Sorted(maps.Keys(have))); diff != "" {
		t.Fatalf("rendered files differ from %s (-want +got):\n%s", golden, diff)
	}
	for name, w := range want {
		if !bytes.Equal(w, have[name]) {
			t.Errorf("%s differs from the golden file (-want +got):\n%s", name, cmp.Diff(string(w), string(have[name])))
		}
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)], err = os.ReadFile(path)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// validateAll fails on any awsspec problem in any template of d.
func validateAll(t *testing.T, d *Desired) {
	t.Helper()
	spec := awsspec.Load()
	for _, n := range d.Nodes {
		if n.Stack == nil {
			continue
		}
		for _, p := range spec.ValidateTemplate(n.Stack.Template) {
			t.Errorf("%s (%s): %s", n.Addr, n.Stack.Name, p)
		}
	}
}

// TestTemplatesPassAWSSpec validates every template compiled from the
// test configurations against the CloudFormation resource specification.
func TestTemplatesPassAWSSpec(t *testing.T) {
	for name, cfg := range specConfigs() {
		t.Run(name, func(t *testing.T) {
			d, err := Compile(cfg, Options{})
			if err != nil {
				t.Fatal(err)
			}
			validateAll(t, d)
		})
	}
}

// compileGolden compiles cfg as the golden tests do (image tag abc1234),
// validates every template against awsspec and compares the result with
// testdata/name; it returns the desired state for further checks.
func compileGolden(t *testing.T, cfg *schema.Config, name string) *Desired {
	t.Helper()
	d, err := Compile(cfg, Options{ImageTag: "abc1234"})
	if err != nil {
		t.Fatal(err)
	}
	validateAll(t, d)
	checkGolden(t, d, filepath.Join("testdata", name))
	return d
}
